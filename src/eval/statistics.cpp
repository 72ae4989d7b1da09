#include "stockcast/eval/statistics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

#include "stockcast/core/error.hpp"

namespace stockcast::eval {

Moments moments(std::span<const double> values) {
  if (values.empty()) throw InvalidInput("moments: the series is empty");
  Moments m;
  m.n = values.size();
  m.min = values[0];
  m.max = values[0];
  double sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!std::isfinite(v))
      throw InvalidInput(fmt::format("moments: value {} at index {} is not finite", v, i));
    sum += v;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
  }
  const auto n = static_cast<double>(m.n);
  m.mean = sum / n;
  double m2 = 0;
  double m3 = 0;
  double m4 = 0;
  for (const double v : values) {
    const double d = v - m.mean;
    const double d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m.sd = m.n > 1 ? std::sqrt(m2 / (n - 1)) : 0.0;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (m2 > 0) {
    m.skew = m3 / std::pow(m2, 1.5);
    m.excess_kurtosis = m4 / (m2 * m2) - 3.0;
  }
  return m;
}

std::vector<double> log_returns(std::span<const double> prices, double scale) {
  std::vector<double> out;
  if (prices.size() < 2) return out;
  out.reserve(prices.size() - 1);
  for (std::size_t t = 0; t < prices.size(); ++t) {
    if (!(prices[t] > 0) || !std::isfinite(prices[t])) {
      throw InvalidInput(
          fmt::format("log_returns: price {} at index {} is not a positive number", prices[t], t));
    }
    if (t > 0) out.push_back(scale * std::log(prices[t] / prices[t - 1]));
  }
  return out;
}

std::vector<double> simple_returns(std::span<const double> prices) {
  std::vector<double> out;
  if (prices.size() < 2) return out;
  out.reserve(prices.size() - 1);
  for (std::size_t t = 1; t < prices.size(); ++t) {
    if (prices[t - 1] == 0) throw InvalidInput(fmt::format("simple_returns: zero price at index {}", t - 1));
    out.push_back(prices[t] / prices[t - 1] - 1.0);
  }
  return out;
}

namespace {

void require_finite(std::span<const double> values, const char* where) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(fmt::format("{}: value {} at index {} is not finite", where, values[i], i));
    }
  }
}

// Autocovariance sums c_k = sum_t (x_t - mean)(x_{t+k} - mean), k = 0..max_lag.
std::vector<double> autocovariance_sums(std::span<const double> values, int max_lag) {
  const std::size_t n = values.size();
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(n);
  std::vector<double> centred(n);
  for (std::size_t t = 0; t < n; ++t) centred[t] = values[t] - mean;
  std::vector<double> sums(static_cast<std::size_t>(max_lag) + 1, 0.0);
  for (int k = 0; k <= max_lag; ++k) {
    double s = 0;
    for (std::size_t t = 0; t + static_cast<std::size_t>(k) < n; ++t) s += centred[t] * centred[t + k];
    sums[static_cast<std::size_t>(k)] = s;
  }
  return sums;
}

// Regularised lower incomplete gamma P(a, x) by its power series (x < a + 1).
double gamma_p_series(double a, double x) {
  double term = 1.0 / a;
  double sum = term;
  for (int n = 1; n < 10000; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::abs(term) < std::abs(sum) * 1e-16) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Regularised upper incomplete gamma Q(a, x) by its continued fraction (x >= a + 1), evaluated
// with the modified Lentz method.
double gamma_q_continued_fraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1.0 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2.0;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1.0) < 1e-16) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

std::vector<double> acf(std::span<const double> values, int max_lag) {
  if (max_lag < 0 || static_cast<std::size_t>(max_lag) >= values.size()) {
    throw InvalidInput(fmt::format("acf: max_lag {} must be in [0, {}) for a series of {} values", max_lag,
                                   values.size(), values.size()));
  }
  require_finite(values, "acf");
  const auto sums = autocovariance_sums(values, max_lag);
  if (!(sums[0] > 0)) throw InvalidInput("acf: the series is constant, its autocorrelations are undefined");
  std::vector<double> r(sums.size());
  for (std::size_t k = 0; k < sums.size(); ++k) r[k] = sums[k] / sums[0];
  return r;
}

std::vector<double> pacf(std::span<const double> values, int max_lag) {
  if (max_lag < 1) throw InvalidInput(fmt::format("pacf: max_lag {} must be at least 1", max_lag));
  const auto r = acf(values, max_lag);
  // Durbin-Levinson: phi_{k,k} from the Yule-Walker system of order k.
  std::vector<double> out(static_cast<std::size_t>(max_lag));
  std::vector<double> phi(static_cast<std::size_t>(max_lag) + 1, 0.0);
  std::vector<double> previous(phi.size(), 0.0);
  double v = 1.0;
  for (int k = 1; k <= max_lag; ++k) {
    double num = r[static_cast<std::size_t>(k)];
    for (int j = 1; j < k; ++j) num -= previous[j] * r[static_cast<std::size_t>(k - j)];
    const double pkk = num / v;
    phi[k] = pkk;
    for (int j = 1; j < k; ++j) phi[j] = previous[j] - pkk * previous[k - j];
    v *= (1.0 - pkk * pkk);
    out[static_cast<std::size_t>(k - 1)] = pkk;
    previous = phi;
  }
  return out;
}

LjungBox ljung_box(std::span<const double> residuals, int lags, int fitted_params) {
  const std::size_t n = residuals.size();
  if (lags < 1 || static_cast<std::size_t>(lags) >= n) {
    throw InvalidInput(fmt::format("ljung_box: lags {} must be in [1, {}) for {} residuals", lags, n, n));
  }
  if (fitted_params < 0 || lags <= fitted_params) {
    throw InvalidInput(
        fmt::format("ljung_box: lags {} must exceed the {} fitted parameters", lags, fitted_params));
  }
  const auto r = acf(residuals, lags);
  const auto nd = static_cast<double>(n);
  double q = 0;
  for (int k = 1; k <= lags; ++k)
    q += r[static_cast<std::size_t>(k)] * r[static_cast<std::size_t>(k)] / (nd - k);
  LjungBox result;
  result.lags = lags;
  result.df = lags - fitted_params;
  result.statistic = nd * (nd + 2.0) * q;
  result.p_value = chi_squared_sf(result.statistic, result.df);
  return result;
}

Kpss kpss(std::span<const double> values, int lags) {
  const std::size_t n = values.size();
  if (n < 3) throw InvalidInput(fmt::format("kpss: needs at least 3 values, got {}", n));
  require_finite(values, "kpss");
  const auto nd = static_cast<double>(n);
  if (lags < 0) lags = static_cast<int>(std::trunc(3.0 * std::sqrt(nd) / 13.0));
  if (static_cast<std::size_t>(lags) >= n) {
    throw InvalidInput(fmt::format("kpss: lags {} must be below the series length {}", lags, n));
  }
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / nd;
  std::vector<double> e(n);
  for (std::size_t t = 0; t < n; ++t) e[t] = values[t] - mean;
  double partial = 0;
  double eta_num = 0;
  double s2 = 0;
  for (const double v : e) {
    partial += v;
    eta_num += partial * partial;
    s2 += v * v;
  }
  double long_run = s2 / nd;
  for (int k = 1; k <= lags; ++k) {
    double c = 0;
    for (std::size_t t = static_cast<std::size_t>(k); t < n; ++t) c += e[t] * e[t - k];
    long_run += 2.0 / nd * (1.0 - k / (lags + 1.0)) * c;
  }
  Kpss result;
  result.lags = lags;
  result.statistic = (eta_num / (nd * nd)) / long_run;
  // KPSS (1992) Table 1, level stationarity; p-values interpolated linearly between the entries.
  constexpr std::array<double, 4> kCritical{0.347, 0.463, 0.574, 0.739};
  constexpr std::array<double, 4> kLevels{0.10, 0.05, 0.025, 0.01};
  const double stat = result.statistic;
  if (!(stat > kCritical.front())) {
    result.p_value = kLevels.front();
  } else if (stat >= kCritical.back()) {
    result.p_value = kLevels.back();
  } else {
    std::size_t i = 0;
    while (stat > kCritical[i + 1]) ++i;
    const double w = (stat - kCritical[i]) / (kCritical[i + 1] - kCritical[i]);
    result.p_value = kLevels[i] + w * (kLevels[i + 1] - kLevels[i]);
  }
  return result;
}

bool is_constant(std::span<const double> values) {
  if (values.size() < 2) return true;
  constexpr double kTolerance = 1.5e-8;
  double diff = 0;
  double scale = 0;
  for (const double v : values) {
    diff += std::abs(v - values[0]);
    scale += std::abs(v);
  }
  const auto n = static_cast<double>(values.size());
  diff /= n;
  scale /= n;
  if (std::isfinite(scale) && scale > kTolerance) diff /= scale;
  return diff <= kTolerance;
}

int ndiffs(std::span<const double> values, double alpha, int max_d) {
  if (!(alpha >= 0.01 && alpha <= 0.1)) {
    throw InvalidInput(fmt::format("ndiffs: alpha {} must lie in [0.01, 0.1]", alpha));
  }
  if (max_d < 0) throw InvalidInput(fmt::format("ndiffs: max_d {} must not be negative", max_d));
  require_finite(values, "ndiffs");
  std::vector<double> x(values.begin(), values.end());
  int d = 0;
  if (is_constant(x)) return d;
  // Too short to test: no differencing, as ndiffs does when the test fails.
  if (x.size() < 3) return d;
  bool nonstationary = kpss(x).p_value < alpha;
  while (nonstationary && d < max_d) {
    ++d;
    x = difference(x, 1);
    if (is_constant(x)) return d;
    if (x.size() < 3) return d;
    nonstationary = kpss(x).p_value < alpha;
  }
  return d;
}

double chi_squared_sf(double x, double df) {
  if (!(df > 0))
    throw InvalidInput(fmt::format("chi_squared_sf: degrees of freedom {} must be positive", df));
  if (std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  const double a = df / 2.0;
  const double h = x / 2.0;
  if (h < a + 1.0) return 1.0 - gamma_p_series(a, h);
  return gamma_q_continued_fraction(a, h);
}

std::vector<double> difference(std::span<const double> values, int d) {
  if (d < 0) throw InvalidInput(fmt::format("difference: order {} must not be negative", d));
  if (values.size() <= static_cast<std::size_t>(d)) {
    throw InvalidInput(
        fmt::format("difference: {} values are too few for {} difference(s)", values.size(), d));
  }
  std::vector<double> x(values.begin(), values.end());
  for (int k = 0; k < d; ++k) {
    for (std::size_t t = x.size() - 1; t > 0; --t) x[t] -= x[t - 1];
    x.erase(x.begin());
  }
  return x;
}

}  // namespace stockcast::eval
