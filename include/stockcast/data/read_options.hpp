#pragma once
/// \file
/// How data::read_prices() cleans what it reads: the duplicate-date and missing-cell policies.

#include <string>
#include <string_view>

#include "stockcast/core/date.hpp"

namespace stockcast::data {

// The enum overloads below would otherwise hide stockcast::to_string(Date) inside this namespace.
using stockcast::to_string;

/// What to do when two rows carry the same date.
enum class DuplicatePolicy {
  kError,      ///< throw InvalidInput naming both lines (default: a duplicate usually means a bad file)
  kKeepLast,   ///< keep the row that comes later in the file
  kKeepFirst,  ///< keep the row that comes first in the file
};

/// How missing cells (empty, `null`, `-`, `NaN`, `NA`, `N/A`, `#N/A`) and non-positive prices are
/// replaced.
enum class FillPolicy {
  kForwardFill,  ///< carry the previous day's value forward; leading rows with nothing to carry are dropped
  kDrop,         ///< drop every row that has a missing cell in any column
  kMean,         ///< replace with the column's mean over the whole file (looks ahead: for inspection only)
};

/// "error", "keep-last", "keep-first".
std::string_view to_string(DuplicatePolicy policy) noexcept;
/// "ffill", "drop", "mean".
std::string_view to_string(FillPolicy policy) noexcept;

/// Options of read_prices() and read_directory().
struct ReadOptions {
  /// Policy for rows sharing a date.
  DuplicatePolicy on_duplicate = DuplicatePolicy::kError;
  /// Policy for missing cells and non-positive prices.
  FillPolicy fill = FillPolicy::kForwardFill;
  /// Name of the series; empty means the file stem (`data/GOOG.csv` -> "GOOG").
  std::string ticker;
  /// Calendar gaps between consecutive rows longer than this many days are reported, >= 1.
  int max_gap_days = 7;

  /// Throws InvalidInput (naming `where`) when a value is out of range.
  void validate(std::string_view where) const;
};

}  // namespace stockcast::data
