#pragma once
/// \file
/// Parsing the cells of price files: numbers as the download sites write them and dates in every
/// common layout. Allocation-free; used by read_prices() for every cell.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "stockcast/core/date.hpp"

namespace stockcast::data {

/// What a numeric cell held.
enum class CellStatus {
  kValue,    ///< a number
  kMissing,  ///< a missing-value marker (see is_missing_marker())
  kInvalid,  ///< anything else
};

/// How numbers are written in a file.
struct NumberStyle {
  /// true: ',' is the decimal separator and '.' groups thousands when a cell holds a ','
  /// ("1.234,56"); false: ',' groups thousands ("1,234.56"). read_prices() sets it for ';' files.
  bool decimal_comma = false;
};

/// True for the cells stockcast treats as missing: empty (or blanks), `null`, `-`, `NaN`, `NA`,
/// `N/A`, `#N/A`, `None` (any case).
bool is_missing_marker(std::string_view text) noexcept;

/// Parses a numeric cell into `value`. Accepts plain numbers (`123.45`, `-1e3`), surrounding blanks,
/// a leading `+`, thousands separators (`1,234.56`), currency signs (`$ € £ ¥ ₹`), a trailing `%`
/// (`-1.25%` -> -1.25) and the suffixes `K`, `M`, `B` (`1.23M` -> 1230000, exactly as the decimal
/// text 1.23e6 rounds). Infinity is kInvalid.
CellStatus parse_number(std::string_view text, double& value, NumberStyle style = {}) noexcept;

/// Layout of a date cell.
enum class DateLayout : std::uint8_t {
  kYearFirst,   ///< yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd (padding optional: 2021-1-4), yyyymmdd
  kAmbiguous,   ///< nn-nn-yyyy, nn/nn/yyyy, nn.nn.yyyy: day-month or month-day, decided per column
  kNamedMonth,  ///< "Jul 26, 2024", "July 26 2024", "26 Jul 2024", "26-Jul-2024"
  kCjk,         ///< "2024年07月26日" (also 2024年7月26日)
};

/// A date cell split into its fields, before the day/month order of ambiguous layouts is known.
struct DateFields {
  int year = 0;                                ///< 1 .. 32767
  unsigned first = 0;                          ///< kAmbiguous: the first number; otherwise the month
  unsigned second = 0;                         ///< kAmbiguous: the second number; otherwise the day
  DateLayout layout = DateLayout::kYearFirst;  ///< which layout matched
  char separator = '-';    ///< separator of numeric layouts ('-', '/', '.', or 0 for yyyymmdd)
  bool name_first = true;  ///< kNamedMonth: the month name comes before the day ("Jul 26, 2024")
};

/// Order of the two leading numbers of an ambiguous date.
enum class DayMonthOrder {
  kDayFirst,    ///< 26-07-2024
  kMonthFirst,  ///< 07/26/2024
};

/// Splits a date cell into fields; std::nullopt when it matches no layout or cannot be a valid date in
/// any order. A time of day after the date (`2024-07-26 16:00:00`, `2024-07-26T00:00:00Z`) is ignored.
std::optional<DateFields> parse_date_fields(std::string_view text) noexcept;

/// The date of `fields`, reading ambiguous fields in `order`; std::nullopt when not a valid date.
std::optional<Date> to_date(const DateFields& fields, DayMonthOrder order) noexcept;

/// parse_date_fields() then to_date(): parses one date, reading an ambiguous one in `order`.
std::optional<Date> parse_date(std::string_view text,
                               DayMonthOrder order = DayMonthOrder::kDayFirst) noexcept;

/// Human name of a layout as found in a file, e.g. "yyyy-mm-dd", "dd-mm-yyyy", "mm/dd/yyyy",
/// "Mon d, yyyy", "yyyy年mm月dd日".
std::string describe_layout(const DateFields& fields, DayMonthOrder order);

}  // namespace stockcast::data
