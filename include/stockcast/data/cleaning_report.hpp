#pragma once
/// \file
/// What data::read_prices() did to a file's rows on the way to a PriceSeries, with counts, so that no
/// cleaning step is silent. `stockcast info` prints it.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "stockcast/core/date.hpp"
#include "stockcast/data/read_options.hpp"

namespace stockcast::data {

/// Order of the dates as they appeared in the file.
enum class RowOrder {
  kAscending,   ///< oldest first (kept as is)
  kDescending,  ///< newest first (Alpha Vantage, Investing.com): reversed
  kUnsorted,    ///< neither: sorted (stable, so duplicates keep their file order)
};

/// "ascending", "descending", "unsorted".
std::string_view to_string(RowOrder order) noexcept;

/// Two rows with the same date; `first_line` comes before `second_line` in the file.
struct DuplicateDate {
  Date date;                    ///< the repeated date
  std::size_t first_line = 0;   ///< line (entry for JSON) of the earlier row, 1-based
  std::size_t second_line = 0;  ///< line (entry for JSON) of the later row, 1-based
};

/// Cells of one column that needed cleaning.
struct ColumnIssues {
  std::string column;                      ///< canonical or file column name
  std::size_t missing = 0;                 ///< empty / null / - / NaN / NA cells in the file
  std::size_t non_positive = 0;            ///< prices <= 0 (for volume: values < 0), treated as missing
  std::size_t filled = 0;                  ///< cells replaced by the fill policy
  std::optional<Date> first_missing;       ///< date of the first missing cell
  std::optional<Date> first_non_positive;  ///< date of the first non-positive cell
};

/// A calendar gap between two consecutive rows.
struct CalendarGap {
  Date from;     ///< last date before the gap
  Date to;       ///< first date after the gap
  int days = 0;  ///< calendar days from `from` to `to`
};

/// Rows whose prices contradict each other (not changed, only reported).
struct OhlcViolations {
  std::size_t high_below_low = 0;            ///< rows with high < low
  std::optional<Date> first_high_below_low;  ///< date of the first such row
  std::size_t close_outside_range = 0;       ///< rows with close < low or close > high
  std::optional<Date> first_close_outside;   ///< date of the first such row
};

/// One line of the report: a named step, how many rows/cells it touched, and what was done.
struct CleaningStep {
  std::string
      name;  ///< "sort", "duplicates", "columns", "non_positive", "missing", "ohlc", "gaps", "blank_lines"
  std::size_t count = 0;  ///< rows or cells concerned (0: nothing to do)
  std::string action;     ///< human-readable summary, e.g. "reversed (file was newest first)"
};

/// Everything read_prices() did between the file and the PriceSeries.
struct CleaningReport {
  std::size_t rows_read = 0;      ///< data rows (JSON entries) in the file
  std::size_t rows_kept = 0;      ///< rows of the resulting series
  std::size_t blank_lines = 0;    ///< blank lines skipped between data rows (trailing ones are not counted)
  std::string row_unit = "line";  ///< what DuplicateDate line numbers count: "line" (CSV) or "entry" (JSON)

  RowOrder order = RowOrder::kAscending;  ///< order of the file's dates
  std::size_t rows_out_of_order = 0;      ///< rows whose date is earlier than the previous row's

  DuplicatePolicy duplicate_policy = DuplicatePolicy::kError;  ///< policy applied
  std::size_t duplicates_removed = 0;                          ///< rows removed by keep-last / keep-first
  std::vector<DuplicateDate> duplicates;  ///< the first few duplicate pairs (at most kMaxListed)

  std::vector<std::string>
      dropped_columns;  ///< extra columns dropped (not numeric, or entirely empty), with why

  FillPolicy fill_policy = FillPolicy::kForwardFill;  ///< policy applied
  std::vector<ColumnIssues> columns;                  ///< per column with missing or non-positive cells
  std::size_t rows_dropped_missing = 0;               ///< rows dropped by FillPolicy::kDrop
  std::size_t rows_dropped_leading = 0;               ///< leading rows forward-fill could not fill (dropped)

  OhlcViolations ohlc;            ///< contradicting high/low/close (warned, kept)
  int max_gap_days = 7;           ///< threshold used for `gaps`
  std::vector<CalendarGap> gaps;  ///< every gap longer than max_gap_days

  /// How many examples `duplicates` keeps.
  static constexpr std::size_t kMaxListed = 20;

  /// Total missing cells over all columns (in the file, before filling).
  [[nodiscard]] std::size_t missing_cells() const noexcept;
  /// Total non-positive cells over all columns.
  [[nodiscard]] std::size_t non_positive_cells() const noexcept;
  /// Total cells replaced by the fill policy.
  [[nodiscard]] std::size_t filled_cells() const noexcept;

  /// The report as one step per line, in the order the steps ran.
  [[nodiscard]] std::vector<CleaningStep> steps() const;
};

}  // namespace stockcast::data
