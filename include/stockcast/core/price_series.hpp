#pragma once
/// \file
/// PriceSeries: the one in-memory form of a daily price history.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stockcast/core/date.hpp"

namespace stockcast {

/// Canonical column names, in the order stockcast prints them.
inline constexpr std::string_view kOpen = "open";
inline constexpr std::string_view kHigh = "high";
inline constexpr std::string_view kLow = "low";
inline constexpr std::string_view kClose = "close";
inline constexpr std::string_view kAdjClose = "adj_close";
inline constexpr std::string_view kVolume = "volume";

/// One named numeric column, used to build a PriceSeries.
struct Column {
  std::string name;  ///< canonical name (open, high, low, close, adj_close, volume) or the file's own
  std::vector<double> values;  ///< one value per date
};

/// Daily prices of one ticker: strictly increasing dates and named numeric columns of equal length.
///
/// Immutable once built. Copies and slices share the underlying storage, so slicing by index or by
/// date is O(1): `series.slice(0, 100)` is the first 100 days.
class PriceSeries {
 public:
  /// An empty series with no columns.
  PriceSeries();

  /// Builds a series; throws InvalidInput when the dates are not strictly increasing, a column's
  /// length differs from the number of dates, or a column name is empty or repeated.
  PriceSeries(std::string ticker, std::vector<Date> dates, std::vector<Column> columns);

  /// Name of the instrument (the file stem when read from a file).
  [[nodiscard]] const std::string& ticker() const noexcept;
  /// Number of days.
  [[nodiscard]] std::size_t size() const noexcept { return end_ - begin_; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }

  /// The dates, strictly increasing.
  [[nodiscard]] std::span<const Date> dates() const noexcept;
  [[nodiscard]] Date date(std::size_t index) const;
  [[nodiscard]] Date first_date() const;
  [[nodiscard]] Date last_date() const;

  /// Column names in storage order.
  [[nodiscard]] const std::vector<std::string>& column_names() const noexcept;
  [[nodiscard]] bool has_column(std::string_view name) const noexcept;
  /// The values of a column; throws InvalidInput listing the columns present when it is missing.
  [[nodiscard]] std::span<const double> column(std::string_view name) const;
  /// Shorthand for column("close").
  [[nodiscard]] std::span<const double> close() const { return column(kClose); }

  /// Rows [begin, end) as a series sharing this one's storage; throws InvalidInput when out of range.
  [[nodiscard]] PriceSeries slice(std::size_t begin, std::size_t end) const;
  /// Rows whose date lies in [from, to] (both inclusive).
  [[nodiscard]] PriceSeries slice_dates(Date from, Date to) const;
  /// Index of the first row whose date is not before `date` (size() when there is none).
  [[nodiscard]] std::size_t lower_bound(Date date) const;

  /// A copy with `column` added (or replaced when the name exists); throws on a length mismatch.
  [[nodiscard]] PriceSeries with_column(Column column) const;
  /// A copy keeping only the named columns, in the given order.
  [[nodiscard]] PriceSeries select(const std::vector<std::string>& names) const;
  /// A copy under another ticker name.
  [[nodiscard]] PriceSeries renamed(std::string ticker) const;

 private:
  struct Storage;
  PriceSeries(std::shared_ptr<const Storage> storage, std::size_t begin, std::size_t end);
  [[nodiscard]] std::vector<Column> materialize_columns() const;

  std::shared_ptr<const Storage> storage_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace stockcast
