#include "stockcast/eval/statistics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

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

}  // namespace stockcast::eval
