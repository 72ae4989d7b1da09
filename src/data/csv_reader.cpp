// Streaming reader of delimited text files (CSV, TSV, Kaggle .txt).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <system_error>

#include "stockcast/core/error.hpp"
#include "stockcast/data/csv.hpp"
#include "table.hpp"

namespace stockcast::data::detail {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kAcceptedDates =
    "2024-07-26, 2021-1-4, 2024/07/26, 20240726, 26-07-2024, 07/26/2024, 26.07.2024, Jul 26, 2024, "
    "26 Jul 2024, 2024年07月26日, optionally followed by a time";
// Rows read before the row count of the whole file is estimated from the bytes they took.
constexpr std::size_t kRowsForEstimate = 256;

bool is_blank_line(std::string_view line) {
  if (!line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '\r') return false;  // the usual case
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Shortens a cell for an error message.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() <= kMax) return std::string(text);
  return fmt::format("{}...", text.substr(0, kMax));
}

}  // namespace

ReadResult read_csv(const std::filesystem::path& path, const ReadOptions& options) {
  const std::string place = where(path);
  LineReader reader(path);
  std::string_view line;
  bool have_header = false;
  while (reader.next(line)) {
    if (reader.line_number() == 1 && line.starts_with(kBom)) line.remove_prefix(kBom.size());
    if (!is_blank_line(line)) {
      have_header = true;
      break;
    }
  }
  if (!have_header) throw InvalidInput(fmt::format("{}: the file is empty (no header line)", place));
  const std::size_t header_line = reader.line_number();

  const char delimiter = detect_delimiter(line);
  FieldSplitter splitter(delimiter);
  if (!splitter.split(line)) {
    throw InvalidInput(fmt::format("{}: line {}: unbalanced quotes in the header", place, header_line));
  }
  std::vector<std::string> header;
  for (const auto field : splitter.fields()) header.emplace_back(trim(field));
  if (parse_date_fields(header.front())) {
    throw InvalidInput(fmt::format(
        "{}: line {}: the first line starts with the date '{}', but a header line is required (e.g. "
        "Date,Open,High,Low,Close,Volume)",
        place, header_line, excerpt(header.front())));
  }
  const ColumnPlan plan = plan_columns(header, fmt::format("{}: line {}", place, header_line));
  const std::string_view format = detect_csv_format(header, plan);

  RawTable table;
  table.lines = LineMap(header_line + 1);
  table.columns.reserve(plan.names.size());
  for (const auto& name : plan.names) table.columns.push_back(Column{name, {}});
  std::vector<bool> alive(plan.names.size(), true);  // extra columns die at their first non-number

  const NumberStyle style{.decimal_comma = delimiter == ';'};
  const std::size_t n_fields = header.size();
  std::size_t pending_blank = 0;
  std::size_t bytes_so_far = 0;
  std::error_code size_error;
  const auto file_size = std::filesystem::file_size(path, size_error);

  while (reader.next(line)) {
    if (is_blank_line(line)) {
      ++pending_blank;
      continue;
    }
    table.blank_lines += pending_blank;
    pending_blank = 0;
    const std::size_t row = table.dates.size();
    const std::size_t line_no = reader.line_number();
    if (!splitter.split(line)) {
      throw InvalidInput(
          fmt::format("{}: line {}, column '{}': unbalanced quotes (a quoted field must end on "
                      "its own line and be followed by a delimiter)",
                      place, line_no, header[std::min(splitter.error_column(), n_fields - 1)]));
    }
    const auto& fields = splitter.fields();
    if (fields.size() != n_fields) {
      throw InvalidInput(
          fmt::format("{}: line {}: {} fields, but the header (line {}) has {} ({}); ragged row: '{}'", place,
                      line_no, fields.size(), header_line, n_fields, fmt::join(header, ","), excerpt(line)));
    }
    table.lines.note(row, line_no);

    const std::string_view date_text = fields[plan.date_field];
    const auto date = parse_date_fields(date_text);
    if (!date) {
      throw InvalidInput(fmt::format("{}: line {}, column '{}': '{}' is not a date (accepted: {})", place,
                                     line_no, header[plan.date_field], excerpt(trim(date_text)),
                                     kAcceptedDates));
    }
    table.add_date(*date);

    for (std::size_t f = 0; f < n_fields; ++f) {
      const int target = plan.target[f];
      if (target < 0) continue;
      const auto t = static_cast<std::size_t>(target);
      if (!alive[t]) continue;
      double value = 0;
      switch (parse_number(fields[f], value, style)) {
        case CellStatus::kValue:
          table.columns[t].values.push_back(value);
          break;
        case CellStatus::kMissing:
          table.columns[t].values.push_back(kMissing);
          break;
        case CellStatus::kInvalid:
          if (plan.canonical[t]) {
            throw InvalidInput(fmt::format("{}: line {}, column '{}': '{}' is not a number", place, line_no,
                                           header[f], excerpt(trim(fields[f]))));
          }
          alive[t] = false;
          table.dropped_columns.push_back(fmt::format("'{}' (not numeric: line {} holds '{}')", header[f],
                                                      line_no, excerpt(trim(fields[f]))));
          table.columns[t].values = std::vector<double>();
          break;
      }
    }

    // Reserve for the whole file once its typical row length is known, so the columns grow once.
    bytes_so_far += line.size() + 1;
    if (row + 1 == kRowsForEstimate && !size_error && file_size > bytes_so_far) {
      const double per_row = static_cast<double>(bytes_so_far) / static_cast<double>(row + 1);
      const auto estimate = static_cast<std::size_t>(static_cast<double>(file_size) / per_row * 1.02) + 16;
      table.dates.reserve(estimate);
      for (std::size_t t = 0; t < table.columns.size(); ++t) {
        if (alive[t]) table.columns[t].values.reserve(estimate);
      }
    }
  }
  if (table.dates.empty()) {
    throw InvalidInput(
        fmt::format("{}: the file has a header (line {}) but no data rows", place, header_line));
  }
  // Dead extra columns leave the table.
  std::vector<Column> kept;
  kept.reserve(table.columns.size());
  for (std::size_t t = 0; t < table.columns.size(); ++t) {
    if (alive[t]) kept.push_back(std::move(table.columns[t]));
  }
  table.columns = std::move(kept);

  FileContext context;
  context.path = path;
  context.format = std::string(format);
  context.delimiter = delimiter;
  context.source_columns = header;
  // Kaggle's Stock Market Data writes dd-mm-yyyy; Investing.com (English) and US exports mm/dd/yyyy.
  context.default_order =
      (format == kFormatInvestingCom ||
       (format != kFormatKaggleStockMarket && table.first_date && table.first_date->separator == '/'))
          ? DayMonthOrder::kMonthFirst
          : DayMonthOrder::kDayFirst;
  return finish_table(std::move(table), std::move(context), options);
}

}  // namespace stockcast::data::detail
