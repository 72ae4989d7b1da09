#pragma once
/// \file
/// Streaming CSV building blocks: a buffered line reader (no whole-file slurp; memory is one buffer)
/// and a field splitter that handles quoting without allocating per cell.

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stockcast::data {

/// Reads a file line by line through one fixed buffer (grown only for a line longer than it).
///
///     LineReader reader(path);
///     for (std::string_view line; reader.next(line);) { ... }  // '\n' and a trailing '\r' removed
class LineReader {
 public:
  /// Opens `path`; throws IoError naming it when it cannot be opened.
  explicit LineReader(const std::filesystem::path& path, std::size_t buffer_size = kDefaultBufferSize);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// The next line without its line ending; false at the end of the file. The view stays valid until
  /// the next call. Throws IoError on a read error and InvalidInput for a line over kMaxLineLength.
  bool next(std::string_view& line);
  /// 1-based number of the line last returned by next().
  [[nodiscard]] std::size_t line_number() const noexcept { return line_number_; }

  /// Default buffer: 1 MiB.
  static constexpr std::size_t kDefaultBufferSize = std::size_t{1} << 20;
  /// Longest line accepted (64 MiB): a longer one is not a price file.
  static constexpr std::size_t kMaxLineLength = std::size_t{64} << 20;

 private:
  bool refill();

  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
  std::size_t line_number_ = 0;
};

/// Splits one CSV line into fields: `delimiter`-separated, fields optionally enclosed in double quotes
/// with `""` for a quote inside. Fields are views into the line (or into an internal buffer for
/// fields holding `""`), valid until the next split(). Reuses its storage: no allocation per line
/// once warmed up.
class FieldSplitter {
 public:
  /// Splitter for `delimiter` (',', ';' or '\t').
  explicit FieldSplitter(char delimiter) : delimiter_(delimiter) {}

  /// Splits `line`; returns false when a quote is not closed (quoted fields spanning lines are not
  /// supported) or text follows a closing quote, with error_column() set to the 0-based field.
  bool split(std::string_view line);
  /// Fields of the last split().
  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  /// 0-based field where the last failed split() stopped.
  [[nodiscard]] std::size_t error_column() const noexcept { return error_column_; }
  [[nodiscard]] char delimiter() const noexcept { return delimiter_; }

 private:
  char delimiter_;
  std::vector<std::string_view> fields_;
  std::string unescaped_;
  std::size_t error_column_ = 0;
};

/// The delimiter of a header line: whichever of ',', ';' and tab occurs most often outside quotes
/// (',' when none occurs).
char detect_delimiter(std::string_view header_line) noexcept;

}  // namespace stockcast::data
