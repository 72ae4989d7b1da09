#include "stockcast/data/read_prices.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <memory>
#include <system_error>

#include "stockcast/core/error.hpp"
#include "table.hpp"

namespace stockcast::data {
namespace {

// Bytes inspected to tell text from binary and CSV from JSON.
constexpr std::size_t kSniffBytes = std::size_t{64} << 10;

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

struct Magic {
  std::string_view bytes;
  std::string_view what;
};

// Offset of the first byte that is not valid UTF-8, or npos. A sequence cut off by the end of the
// sample is accepted when `truncated`.
std::size_t invalid_utf8_offset(std::string_view text, bool truncated) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return i;
    }
    if (i + len > n) return truncated ? std::string_view::npos : i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext;
}

}  // namespace

ReadResult read_prices(const std::filesystem::path& path, const ReadOptions& options) {
  const std::string place = detail::where(path);
  options.validate(place);
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw IoError(fmt::format("{}: no such file", place));
  if (std::filesystem::is_directory(status)) {
    throw IoError(fmt::format("{}: is a directory, not a file (read_directory() reads a directory)", place));
  }

  std::string sample(kSniffBytes, '\0');
  std::size_t got = 0;
  bool at_end = false;
  {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw IoError(fmt::format("{}: cannot open the file", place));
    got = std::fread(sample.data(), 1, sample.size(), file.get());
    if (std::ferror(file.get()) != 0) throw IoError(fmt::format("{}: cannot read the file", place));
    at_end = got < sample.size();
  }
  sample.resize(got);
  if (sample.empty()) throw InvalidInput(fmt::format("{}: the file is empty (0 bytes)", place));

  static const std::array<Magic, 11> kMagic{{
      {"\x89PNG", "a PNG image"},
      {"\x1F\x8B", "gzip-compressed (decompress it first)"},
      {"PK\x03\x04", "a ZIP archive or an Excel .xlsx workbook (export it as CSV)"},
      {"%PDF", "a PDF document"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"BZh", "bzip2-compressed (decompress it first)"},
      {"\xFD"
       "7zXZ",
       "xz-compressed (decompress it first)"},
      {"7z\xBC\xAF", "a 7-Zip archive"},
      {"PAR1", "a Parquet file (export it as CSV)"},
      {"SQLite format 3", "an SQLite database"},
      {"\xD0\xCF\x11\xE0", "an old Excel .xls workbook (export it as CSV)"},
  }};
  for (const auto& magic : kMagic) {
    if (std::string_view(sample).starts_with(magic.bytes)) {
      throw InvalidInput(fmt::format("{}: not a text price file: it is {}", place, magic.what));
    }
  }
  if (sample.starts_with("\xFF\xFE") || sample.starts_with("\xFE\xFF")) {
    throw InvalidInput(
        fmt::format("{}: the file is UTF-16 encoded; save it as UTF-8 (or ASCII) text", place));
  }
  if (const auto nul = sample.find('\0'); nul != std::string::npos) {
    throw InvalidInput(
        fmt::format("{}: binary data, not a text price file (NUL byte at offset {})", place, nul));
  }
  if (const auto bad = invalid_utf8_offset(sample, !at_end); bad != std::string_view::npos) {
    throw InvalidInput(fmt::format(
        "{}: not UTF-8 text (byte 0x{:02X} at offset {}); stockcast reads UTF-8 or ASCII files: convert it "
        "(e.g. iconv -f latin1 -t utf-8)",
        place, static_cast<unsigned>(static_cast<unsigned char>(sample[bad])), bad));
  }

  std::string_view text = sample;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos && at_end) {
    throw InvalidInput(fmt::format("{}: the file is empty (only blank lines)", place));
  }
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    return detail::read_alpha_vantage_json(path, options);
  }
  return detail::read_csv(path, options);
}

void DirectoryResult::rethrow_first_error() const {
  if (!errors.empty()) std::rethrow_exception(errors.front().error);
}

bool is_price_file_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  if (name.empty() || name.front() == '.') return false;
  const std::string ext = lower_extension(path);
  return ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".json";
}

DirectoryResult read_directory(const std::filesystem::path& dir, const ReadOptions& options) {
  const std::string place = fmt::format("read_directory({})", dir.string());
  options.validate(place);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw IoError(fmt::format("{}: {}", place,
                              std::filesystem::exists(dir, ec) ? "not a directory" : "no such directory"));
  }
  std::vector<std::filesystem::path> entries;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw IoError(fmt::format("{}: cannot list: {}", place, ec.message()));
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) throw IoError(fmt::format("{}: cannot list: {}", place, ec.message()));
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());

  DirectoryResult result;
  std::map<std::string, std::filesystem::path> stems;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : entries) {
    std::error_code type_error;
    if (!std::filesystem::is_regular_file(entry, type_error) || !is_price_file_name(entry)) {
      result.skipped.push_back(entry);
      continue;
    }
    const std::string stem = entry.stem().string();
    if (const auto [pos, inserted] = stems.emplace(stem, entry); !inserted) {
      throw InvalidInput(fmt::format("{}: '{}' and '{}' would both be ticker '{}'; keep one of them", place,
                                     pos->second.filename().string(), entry.filename().string(), stem));
    }
    files.push_back(entry);
  }
  if (files.empty()) {
    throw InvalidInput(fmt::format("{}: no price file (.csv, .tsv, .txt, .json) in the directory", place));
  }
  ReadOptions per_file = options;
  per_file.ticker.clear();
  for (const auto& file : files) {
    try {
      result.series.push_back(read_prices(file, per_file));
    } catch (const Error& error) {
      result.errors.push_back(FileError{file, error.what(), std::current_exception()});
    }
  }
  return result;
}

}  // namespace stockcast::data
