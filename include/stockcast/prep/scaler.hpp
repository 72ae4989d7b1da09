#pragma once
/// \file
/// Scalers fitted on the training part only, with an exact inverse back to prices.
///
/// Every scaler here is a per-column affine map `scaled = (x - offset) / scale`, so the inverse
/// `x = scaled * scale + offset` is exact (up to rounding). Fitting reads only the rows it is given:
/// pass the training part, never the whole series (the source papers fit on the whole series, which
/// leaks the test period's range into training; see docs/preprocessing.md).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"

namespace stockcast::prep {

/// How a column is scaled.
enum class ScalerKind {
  kNone,             ///< identity (offset 0, scale 1)
  kMinMax,           ///< to [0, 1]: (x - min) / (max - min)
  kMinMaxSymmetric,  ///< to [-1, 1]: (x - (min + max) / 2) / ((max - min) / 2)
  kZScore,           ///< (x - mean) / sd, sd with the n-1 denominator
};

/// "none", "minmax", "minmax-symmetric", "zscore".
std::string_view to_string(ScalerKind kind) noexcept;
/// Parses the names of to_string() (also "minmax01", "minmax11", "standard"); throws InvalidInput
/// naming `where` and listing the accepted names.
ScalerKind parse_scaler_kind(std::string_view text, std::string_view where = "--scaler");

/// The fitted affine map of one column and the training statistics it came from.
struct ColumnScaling {
  std::string name;   ///< column name
  double offset = 0;  ///< subtracted before dividing by `scale`
  double scale = 1;   ///< never 0: a constant column gets scale 1 (it maps to 0 / its offset)
  std::size_t n = 0;  ///< training values seen
  double min = 0;     ///< minimum of the training values
  double max = 0;     ///< maximum of the training values
  double mean = 0;    ///< mean of the training values
  double sd = 0;      ///< sample standard deviation (n-1) of the training values (0 when n == 1)

  /// (x - offset) / scale
  [[nodiscard]] double transform(double x) const noexcept { return (x - offset) / scale; }
  /// scaled * scale + offset, the exact inverse of transform()
  [[nodiscard]] double inverse(double scaled) const noexcept { return scaled * scale + offset; }
};

/// A per-column scaler. Default-constructed it is the identity for every column (kind kNone).
///
///     auto scaler = Scaler::fit(ScalerKind::kMinMax, series.slice(0, n_train), {"close", "volume"});
///     double y = scaler.transform("close", 101.5);  double p = scaler.inverse("close", y);
class Scaler {
 public:
  /// The identity scaler (kind kNone, no columns): transform/inverse return their input.
  Scaler() = default;

  /// Fits `kind` to each named column of `train` (the training rows only). Throws InvalidInput
  /// when `train` is empty, a column is missing (listing those present), a name repeats, or a
  /// value is NaN/Inf (naming the column and date).
  static Scaler fit(ScalerKind kind, const PriceSeries& train, const std::vector<std::string>& columns);

  [[nodiscard]] ScalerKind kind() const noexcept { return kind_; }
  /// The fitted columns, in the order given to fit().
  [[nodiscard]] const std::vector<ColumnScaling>& columns() const noexcept { return columns_; }
  /// True when `name` was fitted.
  [[nodiscard]] bool has_column(std::string_view name) const noexcept;
  /// The map of one column. For kind kNone every name is accepted (identity); otherwise throws
  /// InvalidInput listing the fitted columns when `name` is not one of them.
  [[nodiscard]] ColumnScaling column(std::string_view name) const;

  /// One value of column `name`, scaled.
  [[nodiscard]] double transform(std::string_view name, double x) const { return column(name).transform(x); }
  /// One scaled value of column `name`, back in its original units.
  [[nodiscard]] double inverse(std::string_view name, double y) const { return column(name).inverse(y); }
  /// Scales `values` of column `name` into `out` (same length; may alias).
  void transform(std::string_view name, std::span<const double> values, std::span<double> out) const;
  /// Inverse of transform() into `out` (same length; may alias).
  void inverse(std::string_view name, std::span<const double> values, std::span<double> out) const;
  /// A copy of `series` with every fitted column scaled (other columns unchanged); throws
  /// InvalidInput when a fitted column is missing from `series`.
  [[nodiscard]] PriceSeries transform(const PriceSeries& series) const;

  /// State as JSON: {"kind": "minmax", "columns": [{"name", "offset", "scale", "n", "min", "max",
  /// "mean", "sd"}, ...]}. Doubles round-trip exactly.
  [[nodiscard]] nlohmann::json to_json() const;
  /// Restores a scaler written by to_json(); throws FormatError naming the missing or bad field.
  static Scaler from_json(const nlohmann::json& json);

 private:
  ScalerKind kind_ = ScalerKind::kNone;
  std::vector<ColumnScaling> columns_;
};

}  // namespace stockcast::prep
