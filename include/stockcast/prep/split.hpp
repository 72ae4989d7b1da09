#pragma once
/// \file
/// Chronological splits of a series into train / validation / test parts, as row ranges.
/// Parts never overlap and always keep time order: train first, then validation, then test.

#include <cstddef>
#include <string_view>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast::prep {

/// Rows [begin, end) of a series.
struct RowRange {
  std::size_t begin = 0;  ///< first row
  std::size_t end = 0;    ///< one past the last row
  [[nodiscard]] std::size_t size() const noexcept { return end > begin ? end - begin : 0; }
  [[nodiscard]] bool empty() const noexcept { return end <= begin; }
  [[nodiscard]] bool contains(std::size_t row) const noexcept { return row >= begin && row < end; }
  friend bool operator==(const RowRange&, const RowRange&) = default;
};

/// The three consecutive parts of a split.
struct Split {
  RowRange train;  ///< first part, the only one scalers and models are fitted on
  RowRange valid;  ///< follows train (may be empty when the validation fraction is 0)
  RowRange test;   ///< follows valid, ends at the last row
};

/// Fractions of a chronological split (default 70/15/15).
struct SplitFractions {
  double train = 0.7;   ///< share of rows in the training part, > 0
  double valid = 0.15;  ///< share of rows in the validation part, >= 0
  double test = 0.15;   ///< share of rows in the test part, > 0

  /// Throws InvalidInput unless train > 0, valid >= 0, test > 0, all finite, and the sum is 1
  /// (within 1e-9); `where` names the caller (e.g. "--split").
  void validate(std::string_view where) const;
};

/// Parses "0.7,0.15,0.15" (train,valid,test) or "0.8,0.2" (train,test; no validation part), and
/// validates it. Throws InvalidInput naming `where` and the text.
SplitFractions parse_split_fractions(std::string_view text, std::string_view where = "--split");

/// Splits `n_rows` rows: train = floor(n * train), valid = floor(n * valid), test = the rest.
/// Throws InvalidInput when a part that should exist would be empty.
Split split_by_fractions(std::size_t n_rows, const SplitFractions& fractions);

/// Splits by dates: validation starts at the first row on or after `valid_start`, test at the first
/// row on or after `test_start`. Throws InvalidInput unless valid_start <= test_start and each part
/// holds at least one row (valid may be empty when valid_start == test_start).
Split split_by_dates(const PriceSeries& series, Date valid_start, Date test_start);

/// The smallest number of rows for which split_by_fractions() leaves room for at least one window
/// of `window` inputs and `horizon` targets in the training part, and `horizon` targets in each
/// non-empty validation/test part.
std::size_t minimum_rows(const SplitFractions& fractions, int window, int horizon);

/// Throws InvalidInput naming `where` and the minimum number of rows (minimum_rows() plus
/// `extra_rows`, e.g. the feature warm-up) when `split` cannot hold those windows.
void check_split_fits(const Split& split, const SplitFractions& fractions, int window, int horizon,
                      std::size_t extra_rows, std::string_view where);

/// Throws InvalidInput when a split by dates cannot hold one window in train and `horizon`
/// targets in each non-empty later part.
void check_split_fits(const Split& split, int window, int horizon, std::string_view where);

}  // namespace stockcast::prep
