#pragma once
// Internal to the data area: the raw table a format reader fills (one row per line or JSON entry,
// missing cells as NaN, dates not yet ordered or checked) and the column plan shared by the readers.
// finish_table() turns it into a ReadResult, applying every cleaning step.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stockcast/core/price_series.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/data/values.hpp"

namespace stockcast::data::detail {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// Maps row indices to line numbers (or JSON entry numbers) with one breakpoint per jump (blank lines).
class LineMap {
 public:
  /// Row 0 sits on line `first_line`.
  explicit LineMap(std::size_t first_line = 1) { breaks_.emplace_back(0, first_line); }
  /// Records that `row` sits on `line`; call for every row in order (cheap when nothing jumps).
  void note(std::size_t row, std::size_t line) {
    const auto& [brow, bline] = breaks_.back();
    if (bline + (row - brow) != line) breaks_.emplace_back(row, line);
  }
  /// The line of `row`.
  [[nodiscard]] std::size_t line_of(std::size_t row) const;

 private:
  std::vector<std::pair<std::size_t, std::size_t>> breaks_;  // (row, line), increasing
};

/// A date cell packed into 32 bits: year (15 bits), first (5), second (5), layout (2).
std::uint32_t pack(const DateFields& fields) noexcept;
/// Inverse of pack() (the separator is kept for numeric layouts only).
DateFields unpack(std::uint32_t packed) noexcept;

/// Rows as a reader collected them.
struct RawTable {
  std::vector<std::uint32_t> dates;                 ///< packed DateFields, file order
  std::vector<Column> columns;                      ///< output names and values (NaN = missing), file order
  LineMap lines;                                    ///< row -> line (or entry) number
  std::string_view unit = "line";                   ///< "line" or "entry", for messages
  std::optional<DateFields> first_date;             ///< fields of the first row's date (for describe_layout)
  std::optional<std::size_t> day_first_evidence;    ///< first row whose ambiguous date has first > 12
  std::optional<std::size_t> month_first_evidence;  ///< first row whose ambiguous date has second > 12
  bool any_ambiguous = false;                       ///< some row has an ambiguous (nn-nn-yyyy) date
  std::size_t blank_lines = 0;                      ///< blank lines between data rows
  std::vector<std::string> dropped_columns;         ///< extra columns dropped while reading, with why

  /// Records the date of the next row.
  void add_date(const DateFields& fields) {
    const std::size_t row = dates.size();
    if (!first_date) first_date = fields;
    if (fields.layout == DateLayout::kAmbiguous) {
      any_ambiguous = true;
      if (fields.first > 12 && !day_first_evidence) day_first_evidence = row;
      if (fields.second > 12 && !month_first_evidence) month_first_evidence = row;
    }
    dates.push_back(pack(fields));
  }
};

/// What the cleaning needs to know about the file besides its rows.
struct FileContext {
  std::filesystem::path path;                              ///< the file
  std::string format;                                      ///< detected format name
  DayMonthOrder default_order = DayMonthOrder::kDayFirst;  ///< for ambiguous dates nothing decides
  char delimiter = ',';                                    ///< CSV delimiter
  std::vector<std::string> source_columns;                 ///< the file's column names
};

/// Applies every cleaning step of `options` to `table` and builds the result.
ReadResult finish_table(RawTable&& table, FileContext context, const ReadOptions& options);

/// Where each field of a header goes.
struct ColumnPlan {
  std::size_t date_field = 0;      ///< field holding the date
  std::vector<int> target;         ///< per field: index into `names`, -1 for the date field
  std::vector<std::string> names;  ///< output column names: canonical ones first, then extras
  std::vector<bool> canonical;     ///< per output column: a canonical (or change_pct) column
};

/// Header text normalised for alias matching: trimmed, quotes, `*` and a leading "1. " removed,
/// ASCII lower case, '_' as ' ', blanks collapsed.
std::string normalize_header(std::string_view name);

/// Maps a header to columns. Throws InvalidInput (prefixed by `where`) when there is no date or close
/// column, listing the columns found and the accepted names. `snake_extras` names extra columns in
/// snake_case ("7. dividend amount" -> "dividend_amount") instead of keeping the header text.
ColumnPlan plan_columns(const std::vector<std::string>& header, std::string_view where,
                        bool snake_extras = false);

/// The CSV format name a header belongs to (one of the kFormat* names).
std::string_view detect_csv_format(const std::vector<std::string>& header, const ColumnPlan& plan);

/// Reads a CSV/TSV/TXT file (after the binary sniffing of read_prices()).
ReadResult read_csv(const std::filesystem::path& path, const ReadOptions& options);
/// Reads an Alpha Vantage JSON response.
ReadResult read_alpha_vantage_json(const std::filesystem::path& path, const ReadOptions& options);

/// "read_prices(<path>)", the prefix of every message.
std::string where(const std::filesystem::path& path);

}  // namespace stockcast::data::detail
