#pragma once
/// \file
/// Point-forecast accuracy metrics, in the units of the values given (price units for stockcast's
/// reports). Definitions, with a = actual, f = forecast, o = the last observed value at the
/// forecast's origin, n = number of points:
///
///   MSE   = (1/n) sum (a - f)^2                      RMSE = sqrt(MSE)
///   MAE   = (1/n) sum |a - f|                        max error = max |a - f|
///   MAPE  = (100/n) sum |a - f| / |a|                (percent; every a must be non-zero)
///   sMAPE = (100/n) sum 2 |a - f| / (|a| + |f|)      (percent, 0..200; a term with a = f = 0 is 0)
///   R^2   = 1 - sum (a - f)^2 / sum (a - mean(a))^2
///   explained variance = 1 - Var(a - f) / Var(a)     (population variances)
///   directional accuracy = (1/n) #{ sign(f - o) == sign(a - o) }   (a fraction in [0, 1])
///
/// R^2 and explained variance follow scikit-learn when the actuals are constant: 1 for a perfect
/// forecast, 0 otherwise (never NaN). Directional accuracy compares the direction of the predicted
/// change with the actual change, both measured from the value observed at the origin (for an
/// h-step forecast: from the origin, not from the previous step), with sign in {-1, 0, +1}; a
/// forecast of "no change" (the naive forecast) therefore scores only the days on which the price
/// really did not change, and 0.5 is a coin flip.

#include <cstddef>
#include <span>

namespace stockcast::eval {

/// All metrics of one set of forecasts.
struct Metrics {
  std::size_t n = 0;                ///< number of forecast points
  double mse = 0;                   ///< mean squared error (units^2)
  double rmse = 0;                  ///< root mean squared error (units)
  double mae = 0;                   ///< mean absolute error (units)
  double mape = 0;                  ///< mean absolute percentage error (%)
  double smape = 0;                 ///< symmetric MAPE (%, 0..200)
  double r2 = 0;                    ///< coefficient of determination
  double explained_variance = 0;    ///< explained variance score
  double max_error = 0;             ///< largest absolute error (units)
  double directional_accuracy = 0;  ///< share of points with the right direction of change, 0..1
};

/// Every metric at once. `origin_values` holds, per point, the last observed value at its forecast
/// origin (for directional accuracy). Throws InvalidInput when the spans are empty or of different
/// lengths, hold NaN/Inf (naming the index), or an actual is 0 (MAPE undefined).
Metrics compute_metrics(std::span<const double> actual, std::span<const double> forecast,
                        std::span<const double> origin_values);

/// Mean squared error. Throws InvalidInput on empty/mismatched input.
double mse(std::span<const double> actual, std::span<const double> forecast);
/// Root mean squared error.
double rmse(std::span<const double> actual, std::span<const double> forecast);
/// Mean absolute error.
double mae(std::span<const double> actual, std::span<const double> forecast);
/// Mean absolute percentage error in percent; throws InvalidInput when an actual is 0.
double mape(std::span<const double> actual, std::span<const double> forecast);
/// Symmetric MAPE in percent (0..200).
double smape(std::span<const double> actual, std::span<const double> forecast);
/// Coefficient of determination R^2 (1 = perfect; may be negative).
double r2_score(std::span<const double> actual, std::span<const double> forecast);
/// Explained variance score 1 - Var(a - f) / Var(a).
double explained_variance(std::span<const double> actual, std::span<const double> forecast);
/// Largest absolute error.
double max_error(std::span<const double> actual, std::span<const double> forecast);
/// Share of points where sign(forecast - origin) == sign(actual - origin), in [0, 1].
double directional_accuracy(std::span<const double> actual, std::span<const double> forecast,
                            std::span<const double> origin_values);

/// Skill score 1 - mse_model / mse_reference: > 0 when the model beats the reference (the naive
/// forecast), 1 for a perfect model, negative when it is worse. When mse_reference is 0 the result
/// is 0 if mse_model is 0 too, and -infinity is avoided by throwing InvalidInput otherwise.
double skill_score(double mse_model, double mse_reference);

}  // namespace stockcast::eval
