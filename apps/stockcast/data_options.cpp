#include "data_options.hpp"

#include <CLI/CLI.hpp>
#include <map>
#include <string>

namespace stockcast::cli {

void add_data_options(CLI::App& command, DataCliOptions& options) {
  const std::map<std::string, data::DuplicatePolicy> duplicates{
      {"error", data::DuplicatePolicy::kError},
      {"keep-last", data::DuplicatePolicy::kKeepLast},
      {"keep-first", data::DuplicatePolicy::kKeepFirst},
  };
  const std::map<std::string, data::FillPolicy> fills{
      {"ffill", data::FillPolicy::kForwardFill},
      {"drop", data::FillPolicy::kDrop},
      {"mean", data::FillPolicy::kMean},
  };
  // Parsed as text and mapped here: CLI11 2.1 cannot default-print these enums.
  command
      .add_option_function<std::string>(
          "--on-duplicate",
          [&options, duplicates](const std::string& name) { options.on_duplicate = duplicates.at(name); },
          "Rows sharing a date: error (default; exit 3 naming both lines), keep-last (keep the row "
          "later in the file), keep-first (keep the earlier row). Removed rows are counted in the "
          "cleaning report.")
      ->transform(CLI::IsMember({"error", "keep-last", "keep-first"}, CLI::ignore_case))
      ->option_text("error|keep-last|keep-first")
      ->group("Data cleaning");
  command
      .add_option_function<std::string>(
          "--fill", [&options, fills](const std::string& name) { options.fill = fills.at(name); },
          "Missing cells (empty, null, -, NaN, NA, N/A) and prices <= 0: ffill (default; carry the "
          "previous day forward, dropping leading rows with nothing before them), drop (drop those "
          "rows), mean (column mean; looks ahead, for inspection only). Always counted per column.")
      ->transform(CLI::IsMember({"ffill", "drop", "mean"}, CLI::ignore_case))
      ->option_text("ffill|drop|mean")
      ->group("Data cleaning");
}

data::ReadOptions to_read_options(const DataCliOptions& options) {
  data::ReadOptions read;
  read.on_duplicate = options.on_duplicate;
  read.fill = options.fill;
  return read;
}

const char* formats_help() {
  return "Formats (detected from header and content): Kaggle Stock Market Data (Date,Low,Open,Volume,High,"
         "Close,Adjusted Close; dd-mm-yyyy), Kaggle Huge Stock Market Dataset (.txt; "
         "Date,Open,High,Low,Close,"
         "Volume,OpenInt), Yahoo Finance (Adj Close, null cells), Alpha Vantage JSON and CSV (newest first), "
         "Investing.com English and Chinese (quoted 1,234.56, 1.23M volumes, -1.25% change), and any CSV/TSV "
         "with a date column (Date/Datetime/Timestamp/Day) and a close column (Close/Close "
         "Price/Last/Price), "
         "delimited by , ; or tab. See docs/data-formats.md.";
}

}  // namespace stockcast::cli
