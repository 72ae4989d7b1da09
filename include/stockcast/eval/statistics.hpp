#pragma once
/// \file
/// Descriptive statistics of price and return series, shared by `info`, the statistical models and
/// the synthetic-data report.

#include <cstddef>
#include <span>
#include <vector>

namespace stockcast::eval {

/// Sample moments of a series.
struct Moments {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;    ///< sample standard deviation (n - 1 denominator)
  double skew = 0;  ///< sample skewness g1 = m3 / m2^{3/2} (population moments, as scipy.stats.skew)
  double excess_kurtosis = 0;  ///< g2 = m4 / m2^2 - 3 (as scipy.stats.kurtosis)
  double min = 0;
  double max = 0;
};

/// Moments of `values`; throws InvalidInput when it is empty or holds NaN/Inf.
Moments moments(std::span<const double> values);

/// Log returns `scale * log(p[t] / p[t-1])`, one fewer than prices; `scale = 100` gives percent.
/// Throws InvalidInput on a non-positive price (naming its index).
std::vector<double> log_returns(std::span<const double> prices, double scale = 1.0);

/// Simple returns `p[t] / p[t-1] - 1`, one fewer than prices.
std::vector<double> simple_returns(std::span<const double> prices);

}  // namespace stockcast::eval
