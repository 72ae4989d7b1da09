#include "stockcast/report/series_stats.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <numeric>

#include "stockcast/core/error.hpp"

namespace stockcast::report {

std::vector<double> moving_average(std::span<const double> x, std::size_t window) {
  if (window == 0) throw InvalidInput("moving_average: window must be at least 1");
  std::vector<double> out(x.size(), std::nan(""));
  double sum = 0;
  std::size_t nan_count = 0;  // NaNs inside the current window make its mean NaN
  for (std::size_t t = 0; t < x.size(); ++t) {
    if (std::isfinite(x[t]))
      sum += x[t];
    else
      ++nan_count;
    if (t >= window) {
      if (std::isfinite(x[t - window]))
        sum -= x[t - window];
      else
        --nan_count;
    }
    if (t + 1 >= window && nan_count == 0) out[t] = sum / static_cast<double>(window);
  }
  return out;
}

std::vector<double> histogram_density(std::span<const double> x, double lo, double hi, std::size_t bins) {
  if (bins == 0) throw InvalidInput("histogram_density: bins must be at least 1");
  if (!(hi > lo)) throw InvalidInput(fmt::format("histogram_density: empty range [{}, {}]", lo, hi));
  std::vector<double> counts(bins, 0);
  const double width = (hi - lo) / static_cast<double>(bins);
  double inside = 0;
  for (const double v : x) {
    if (!(v >= lo && v <= hi)) continue;
    auto bin = static_cast<std::size_t>((v - lo) / width);
    if (bin >= bins) bin = bins - 1;
    counts[bin] += 1;
    inside += 1;
  }
  if (inside > 0) {
    for (double& c : counts) c /= inside * width;
  }
  return counts;
}

double normal_pdf(double x, double mean, double sd) {
  const double z = (x - mean) / sd;
  return std::exp(-0.5 * z * z) / (sd * std::sqrt(2 * std::numbers::pi));
}

namespace {

double polynomial(const double (&c)[8], double r) {
  double value = 0;
  for (int i = 7; i >= 0; --i) value = value * r + c[i];
  return value;
}

}  // namespace

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) throw InvalidInput(fmt::format("normal_quantile: p = {} is not in (0, 1)", p));
  // Wichura (1988), Algorithm AS 241 (PPND16): rational approximations in three regions.
  static constexpr double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3,
                                  1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
                                  3.3430575583588128105e4, 2.5090809287301226727e3};
  static constexpr double b[8] = {1.0,
                                  4.2313330701600911252e1,
                                  6.8718700749205790830e2,
                                  5.3941960214247511077e3,
                                  2.1213794301586595867e4,
                                  3.9307895800092710610e4,
                                  2.8729085735721942674e4,
                                  5.2264952788528545610e3};
  static constexpr double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                  5.76949722146069140550e0,  3.64784832476320460504e0,
                                  1.27045825245236838258e0,  2.41780725177450611770e-1,
                                  2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double d[8] = {1.0,
                                  2.05319162663775882187e0,
                                  1.67638483018380384940e0,
                                  6.89767334985100004550e-1,
                                  1.48103976427480074590e-1,
                                  1.51986665636164571966e-2,
                                  5.47593808499534494600e-4,
                                  1.05075007164441684324e-9};
  static constexpr double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                  1.78482653991729133580e0,  2.96560571828504891230e-1,
                                  2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                  2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double f[8] = {1.0,
                                  5.99832206555887937690e-1,
                                  1.36929880922735805310e-1,
                                  1.48753612908506148525e-2,
                                  7.86869131145613259100e-4,
                                  1.84631831751005468180e-5,
                                  1.42151175831644588870e-7,
                                  2.04426310338993978564e-15};
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * polynomial(a, r) / polynomial(b, r);
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1 - p));
  double value = 0;
  if (r <= 5) {
    r -= 1.6;
    value = polynomial(c, r) / polynomial(d, r);
  } else {
    r -= 5;
    value = polynomial(e, r) / polynomial(f, r);
  }
  return q < 0 ? -value : value;
}

double sorted_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw InvalidInput("sorted_quantile: no values");
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace stockcast::report
