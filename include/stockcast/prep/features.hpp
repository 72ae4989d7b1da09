#pragma once
/// \file
/// Feature selection and derived features, computed without looking ahead.
///
/// A feature is named by a string at the CLI/config edge (`--features close,log_return,ma_10,vol_20`)
/// and parsed once into a typed FeatureSpec:
///   - a column of the series: `open`, `high`, `low`, `close`, `adj_close`, `volume`, or any other
///     column the file has;
///   - `log_return`       log(p[t] / p[t-1])                                  (1 warm-up row)
///   - `return`           p[t] / p[t-1] - 1 (simple return)                   (1 warm-up row)
///   - `ma_N`             mean of p[t-N+1 .. t] (moving average, N >= 1)       (N-1 warm-up rows)
///   - `vol_N`            sample standard deviation (n-1) of the last N log
///                        returns log(p[s]/p[s-1]), s = t-N+1 .. t (N >= 2)    (N warm-up rows)
/// where p is the target column (close by default); `ma_N:volume` (any derived name followed by
/// `:column`) computes it on another column instead. Every derived value at row t uses only rows
/// <= t, so features may be computed on the whole series before it is split without leaking.
/// The warm-up rows a derived feature needs are dropped (and reported), never passed on as NaN.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "stockcast/core/price_series.hpp"

namespace stockcast::prep {

/// What a feature computes.
enum class FeatureKind {
  kColumn,         ///< a column of the series, unchanged
  kLogReturn,      ///< log(p[t] / p[t-1])
  kSimpleReturn,   ///< p[t] / p[t-1] - 1
  kMovingAverage,  ///< mean of the last `window` values
  kVolatility,     ///< sample sd of the last `window` log returns
};

/// One input feature, parsed from its name (see the file comment for the grammar).
struct FeatureSpec {
  FeatureKind kind = FeatureKind::kColumn;  ///< what is computed
  std::string column;  ///< the column read (kColumn), or the source of a derived feature; empty =
                       ///< the target column
  int window = 0;      ///< N of ma_N / vol_N; 0 otherwise

  /// The canonical name, e.g. "close", "log_return", "ma_10", "vol_20:volume"; parse_feature() of it
  /// gives back the same spec.
  [[nodiscard]] std::string name() const;
  /// Rows at the start of a series for which this feature is undefined (0 for a plain column).
  [[nodiscard]] std::size_t warmup_rows() const noexcept;
  /// True when the feature is in price units of its source (a price column, or ma_N of one), so
  /// per-window normalisation divides it by the reference price; returns and volatilities are not.
  [[nodiscard]] bool is_price_like(std::string_view target) const;
  friend bool operator==(const FeatureSpec&, const FeatureSpec&) = default;
};

/// Parses one feature name; throws InvalidInput naming the text and listing the accepted forms.
FeatureSpec parse_feature(std::string_view name);

/// Parses a comma-separated list, e.g. "close,log_return,ma_10"; throws InvalidInput on an empty
/// list, an unknown name or a name given twice.
std::vector<FeatureSpec> parse_features(std::string_view list);

/// The names of `features`, in order.
std::vector<std::string> feature_names(const std::vector<FeatureSpec>& features);

/// True when `column` is one of the canonical price columns (open, high, low, close, adj_close).
bool is_price_column(std::string_view column);

/// Which features a model uses and which column it forecasts.
struct FeatureOptions {
  /// Input features, in the order they appear in a window (default: OHLCV).
  std::vector<FeatureSpec> features = {{FeatureKind::kColumn, "open", 0},
                                       {FeatureKind::kColumn, "high", 0},
                                       {FeatureKind::kColumn, "low", 0},
                                       {FeatureKind::kColumn, "close", 0},
                                       {FeatureKind::kColumn, "volume", 0}};
  /// The forecast column, in price units.
  std::string target = "close";

  /// Throws InvalidInput when the list is empty, holds a name twice, a window is out of range or
  /// the target is empty; `where` names the caller in the message.
  void validate(std::string_view where) const;
};

/// Features computed on a series: one column per feature (named FeatureSpec::name()) plus the
/// target column (when it is not already a feature), with the warm-up rows dropped.
struct FeatureFrame {
  /// Columns: feature names in order, then the target if it is not among them. Row r of this
  /// series is row r + first_row of the input series (same date).
  PriceSeries series;
  std::vector<FeatureSpec> features;       ///< the features, in window order
  std::vector<std::string> feature_names;  ///< their names = input columns of a window, in order
  std::string target;                      ///< name of the target column in `series`
  std::size_t first_row = 0;               ///< warm-up rows dropped from the start of the input
};

/// Computes `options.features` on `prices`. Throws InvalidInput when a column is missing (listing
/// those present), a return or volatility meets a non-positive price (naming the row and date), or
/// the series has no more rows than the warm-up needs.
FeatureFrame compute_features(const PriceSeries& prices, const FeatureOptions& options);

/// Rows dropped at the start by compute_features() for these features (the largest warm-up).
std::size_t warmup_rows(const std::vector<FeatureSpec>& features) noexcept;

}  // namespace stockcast::prep
