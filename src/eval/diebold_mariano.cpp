#include "stockcast/eval/diebold_mariano.hpp"

#include <fmt/format.h>
#include <cmath>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/distributions.hpp"

namespace stockcast::eval {

DieboldMarianoResult diebold_mariano(std::span<const double> d, int horizon, DmVariance variance) {
  const std::size_t n = d.size();
  if (n < 2)
    throw InvalidInput(fmt::format("diebold_mariano: needs at least 2 loss differentials, got {}", n));
  if (horizon < 1) throw InvalidInput(fmt::format("diebold_mariano: horizon {} must be >= 1", horizon));
  if (static_cast<std::size_t>(horizon) >= n) {
    throw InvalidInput(fmt::format("diebold_mariano: horizon {} needs more than {} points", horizon, n));
  }
  double sum = 0;
  bool all_zero = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(d[i])) {
      throw InvalidInput(
          fmt::format("diebold_mariano: loss differential {} at index {} is not finite", d[i], i));
    }
    sum += d[i];
    all_zero = all_zero && d[i] == 0.0;
  }
  const auto nd = static_cast<double>(n);
  const double mean = sum / nd;
  DieboldMarianoResult result;
  result.n = n;
  result.horizon = horizon;
  result.mean_differential = mean;
  if (all_zero) return result;  // identical losses: statistic 0, p-value 1

  // Long-run variance of the mean: autocovariances (denominator n) up to lag h-1.
  double long_run = 0;
  for (int k = 0; k < horizon; ++k) {
    double gamma = 0;
    for (std::size_t t = static_cast<std::size_t>(k); t < n; ++t) {
      gamma += (d[t] - mean) * (d[t - static_cast<std::size_t>(k)] - mean);
    }
    gamma /= nd;
    const double weight = variance == DmVariance::kBartlett ? 1.0 - static_cast<double>(k) / horizon : 1.0;
    long_run += k == 0 ? gamma : 2.0 * weight * gamma;
  }
  const double var_mean = long_run / nd;
  if (!(var_mean > 0)) {
    throw NumericalError(fmt::format(
        "diebold_mariano: the variance of the mean loss differential is {} ({}); the test is undefined{}",
        var_mean, variance == DmVariance::kUniform ? "uniform weights" : "Bartlett weights",
        variance == DmVariance::kUniform ? " (Bartlett weights are never negative)" : ""));
  }
  const double h = horizon;
  const double correction = std::sqrt((nd + 1.0 - 2.0 * h + h * (h - 1.0) / nd) / nd);
  result.statistic = mean / std::sqrt(var_mean) * correction;
  result.p_value = 2.0 * student_t_cdf(-std::abs(result.statistic), nd - 1.0);
  return result;
}

DieboldMarianoResult diebold_mariano(std::span<const double> actual, std::span<const double> forecast1,
                                     std::span<const double> forecast2, int horizon, DmVariance variance) {
  if (actual.size() != forecast1.size() || actual.size() != forecast2.size()) {
    throw InvalidInput(fmt::format("diebold_mariano: {} actual values, {} and {} forecasts", actual.size(),
                                   forecast1.size(), forecast2.size()));
  }
  std::vector<double> d(actual.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e1 = actual[i] - forecast1[i];
    const double e2 = actual[i] - forecast2[i];
    d[i] = e1 * e1 - e2 * e2;
  }
  return diebold_mariano(d, horizon, variance);
}

}  // namespace stockcast::eval
