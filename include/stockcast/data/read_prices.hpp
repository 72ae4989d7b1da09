#pragma once
/// \file
/// Reading daily price files of every common download format into a PriceSeries: the entry point of
/// stockcast's data flow (file -> data::read_prices -> PriceSeries -> prep -> models).
///
/// The format is detected from the header and content, never from a flag; see docs/data-formats.md.
///
///     auto result = stockcast::data::read_prices("data/kaggle_stock_market_data/GOOG.csv");
///     result.series.close();  // 4481 closes, 2004-08-19 .. 2022-06-06

#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "stockcast/core/price_series.hpp"
#include "stockcast/data/cleaning_report.hpp"
#include "stockcast/data/read_options.hpp"

namespace stockcast::data {

/// Names of the detected formats (ReadResult::format).
inline constexpr std::string_view kFormatKaggleStockMarket = "kaggle-stock-market";
inline constexpr std::string_view kFormatKaggleHuge = "kaggle-huge";
inline constexpr std::string_view kFormatYahoo = "yahoo";
inline constexpr std::string_view kFormatAlphaVantageJson = "alpha-vantage-json";
inline constexpr std::string_view kFormatAlphaVantageCsv = "alpha-vantage-csv";
inline constexpr std::string_view kFormatInvestingCom = "investing-com";
inline constexpr std::string_view kFormatInvestingComCn = "investing-com-cn";
inline constexpr std::string_view kFormatGenericCsv = "generic-csv";

/// A file read into a series, with what was detected and cleaned on the way.
struct ReadResult {
  PriceSeries series;          ///< the cleaned series (ticker = file stem unless ReadOptions::ticker)
  std::filesystem::path path;  ///< the file read
  std::string format;          ///< detected format, one of the kFormat* names
  std::string date_format;     ///< date layout found, e.g. "yyyy-mm-dd", "dd-mm-yyyy", "Mon d, yyyy"
  char delimiter = ',';        ///< field delimiter (',' for JSON)
  std::vector<std::string> source_columns;  ///< the file's own column names, in file order
  CleaningReport cleaning;                  ///< every cleaning step, with counts
  std::vector<std::string> warnings;  ///< things the user should look at (OHLC contradictions, gaps, ...)
};

/// Reads one price file (CSV/TSV/TXT or Alpha Vantage JSON), detecting its format.
///
/// Throws IoError when the file cannot be opened or read, InvalidInput when it is empty, binary,
/// has no recognisable date or close column (the message lists the columns found and the accepted
/// names), holds an unparseable date or number or a ragged row (file, line, column and the offending
/// text), a duplicate date under DuplicatePolicy::kError (both lines), or no usable row after cleaning.
ReadResult read_prices(const std::filesystem::path& path, const ReadOptions& options = {});

/// A file of a directory that could not be read.
struct FileError {
  std::filesystem::path path;  ///< the file
  std::string message;         ///< the error's message
  std::exception_ptr error;    ///< the exception itself (rethrow it to get its type / exit code)
};

/// The price files of a directory, read as one series per ticker.
struct DirectoryResult {
  std::vector<ReadResult> series;              ///< one per readable price file, sorted by file name
  std::vector<FileError> errors;               ///< files that failed, in file-name order
  std::vector<std::filesystem::path> skipped;  ///< entries that are not price files (README, .md, ...)

  /// True when every price file was read.
  [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
  /// Rethrows the first file's error (a no-op when ok()).
  void rethrow_first_error() const;
};

/// True for names read_directory() treats as price files: extensions .csv, .tsv, .txt, .json
/// (any case); hidden files are not.
bool is_price_file_name(const std::filesystem::path& path);

/// Reads every price file directly inside `dir` (not recursive) with read_prices(); the ticker of
/// each is its file stem (ReadOptions::ticker is ignored). A file that fails is recorded in
/// DirectoryResult::errors and the others are still read. Throws IoError when `dir` is not a readable
/// directory, InvalidInput when it holds no price file or two files share a stem.
DirectoryResult read_directory(const std::filesystem::path& dir, const ReadOptions& options = {});

}  // namespace stockcast::data
