#include "stockcast/models/stat/hurst.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::models::stat {
namespace {

constexpr int kMinWindow = 4;
constexpr int kMinWindowCount = 3;
// Anis-Lloyd: above this window size the gamma-function ratio is replaced by its asymptote.
constexpr int kAnisLloydExactLimit = 340;

std::vector<double> window_sizes(const HurstOptions& options, int n) {
  const int max_window = options.max_window > 0 ? options.max_window : n / 4;
  std::vector<double> sizes;
  const double lo = std::log(static_cast<double>(options.min_window));
  const double hi = std::log(static_cast<double>(max_window));
  for (int i = 0; i < options.windows; ++i) {
    const double t = options.windows == 1 ? 0.0 : static_cast<double>(i) / (options.windows - 1);
    const double w = std::round(std::exp(lo + t * (hi - lo)));
    if (sizes.empty() || w > sizes.back()) sizes.push_back(w);
  }
  return sizes;
}

void check_series(std::span<const double> x, const HurstOptions& options, std::string_view where) {
  require_finite_values(x, where);
  options.validate(static_cast<int>(x.size()), where);
  if (eval::is_constant(x)) {
    throw InvalidInput(fmt::format("{}: the series is constant; the Hurst exponent is undefined", where));
  }
}

// Least squares of y on x: slope, intercept, R^2 and the slope's standard error.
void regress(HurstEstimate& e, const std::vector<double>& x, const std::vector<double>& y) {
  const auto k = static_cast<double>(x.size());
  double mx = 0;
  double my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= k;
  my /= k;
  double sxx = 0;
  double sxy = 0;
  double syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  const double slope = sxy / sxx;
  const double ssr = std::max(syy - slope * sxy, 0.0);
  e.hurst = slope;
  e.intercept = my - slope * mx;
  e.r_squared = syy > 0 ? 1.0 - ssr / syy : 1.0;
  e.slope_std_error = k > 2 ? std::sqrt(ssr / (k - 2) / sxx) : 0.0;
}

// Mean R/S over the non-overlapping windows of size w (windows with S = 0 are skipped).
double mean_rescaled_range(std::span<const double> x, std::size_t w) {
  const std::size_t count = x.size() / w;
  double sum = 0;
  std::size_t used = 0;
  for (std::size_t b = 0; b < count; ++b) {
    const auto block = x.subspan(b * w, w);
    double mean = 0;
    for (const double v : block) mean += v;
    mean /= static_cast<double>(w);
    double cum = 0;
    double lo = 0;
    double hi = 0;
    double ss = 0;
    for (const double v : block) {
      cum += v - mean;
      lo = std::min(lo, cum);
      hi = std::max(hi, cum);
      ss += (v - mean) * (v - mean);
    }
    const double s = std::sqrt(ss / static_cast<double>(w));
    if (s > 0) {
      sum += (hi - lo) / s;
      ++used;
    }
  }
  return used > 0 ? sum / static_cast<double>(used) : std::nan("");
}

// Anis-Lloyd expected R/S of n iid normals, with Peters' (n - 1/2) / n factor.
double expected_rescaled_range(double n) {
  double sum = 0;
  for (int i = 1; i < static_cast<int>(n); ++i) sum += std::sqrt((n - i) / i);
  const double front = n <= kAnisLloydExactLimit ? std::exp(std::lgamma((n - 1) / 2) - std::lgamma(n / 2)) /
                                                       std::sqrt(std::numbers::pi)
                                                 : 1.0 / std::sqrt(n * std::numbers::pi / 2);
  return (n - 0.5) / n * front * sum;
}

HurstEstimate rescaled_range(std::span<const double> x, const HurstOptions& options, bool corrected,
                             std::string_view where) {
  check_series(x, options, where);
  HurstEstimate e;
  e.method = corrected ? "rs-al" : "rs";
  e.windows = window_sizes(options, static_cast<int>(x.size()));
  std::vector<double> lx;
  std::vector<double> ly;
  for (const double w : e.windows) {
    const double rs = mean_rescaled_range(x, static_cast<std::size_t>(w));
    e.statistics.push_back(rs);
    if (!(rs > 0)) {
      throw InvalidInput(fmt::format("{}: every window of size {} is constant; R/S is undefined", where, w));
    }
    lx.push_back(std::log(w));
    ly.push_back(std::log(rs) - (corrected ? std::log(expected_rescaled_range(w)) : 0.0));
  }
  regress(e, lx, ly);
  if (corrected) e.hurst += 0.5;
  return e;
}

}  // namespace

void HurstOptions::validate(int n, std::string_view where) const {
  if (min_window < kMinWindow) {
    throw InvalidInput(
        fmt::format("{}: min_window must be at least {}, got {}", where, kMinWindow, min_window));
  }
  const int max_w = max_window > 0 ? max_window : n / 4;
  if (max_window < 0)
    throw InvalidInput(fmt::format("{}: max_window must be >= 0, got {}", where, max_window));
  if (windows < kMinWindowCount) {
    throw InvalidInput(
        fmt::format("{}: windows must be at least {}, got {}", where, kMinWindowCount, windows));
  }
  if (max_w > n / 2) {
    throw InvalidInput(
        fmt::format("{}: max_window {} exceeds half the series length ({} values)", where, max_w, n));
  }
  if (max_w < min_window + kMinWindowCount - 1) {
    throw InvalidInput(fmt::format(
        "{}: {} values are too few for window sizes from {} to {}: at least {} distinct window sizes are "
        "needed (the series needs at least {} values with the default max_window n / 4)",
        where, n, min_window, max_w, kMinWindowCount, 4 * (min_window + kMinWindowCount - 1)));
  }
  const auto sizes = window_sizes(*this, n);
  if (sizes.size() < static_cast<std::size_t>(kMinWindowCount)) {
    throw InvalidInput(
        fmt::format("{}: only {} distinct window sizes between {} and {}; at least {} are needed", where,
                    sizes.size(), min_window, max_w, kMinWindowCount));
  }
}

HurstEstimate hurst_rs(std::span<const double> increments, const HurstOptions& options) {
  return rescaled_range(increments, options, false, "hurst_rs");
}

HurstEstimate hurst_rs_corrected(std::span<const double> increments, const HurstOptions& options) {
  return rescaled_range(increments, options, true, "hurst_rs_corrected");
}

HurstEstimate hurst_dfa(std::span<const double> increments, const HurstOptions& options) {
  constexpr std::string_view kWhere = "hurst_dfa";
  check_series(increments, options, kWhere);
  const std::size_t n = increments.size();
  double mean = 0;
  for (const double v : increments) mean += v;
  mean /= static_cast<double>(n);
  std::vector<double> profile(n);
  double cum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    cum += increments[i] - mean;
    profile[i] = cum;
  }
  HurstEstimate e;
  e.method = "dfa";
  e.windows = window_sizes(options, static_cast<int>(n));
  std::vector<double> lx;
  std::vector<double> ly;
  for (const double wd : e.windows) {
    const auto w = static_cast<std::size_t>(wd);
    const std::size_t count = n / w;
    // x = 0..w-1 centred: sum of squares is w (w^2 - 1) / 12.
    const double xm = (static_cast<double>(w) - 1) / 2;
    const double sxx = static_cast<double>(w) * (static_cast<double>(w * w) - 1) / 12;
    double total = 0;
    const auto add_window = [&](std::size_t start) {
      double ym = 0;
      for (std::size_t j = 0; j < w; ++j) ym += profile[start + j];
      ym /= static_cast<double>(w);
      double sxy = 0;
      double syy = 0;
      for (std::size_t j = 0; j < w; ++j) {
        const double dy = profile[start + j] - ym;
        sxy += (static_cast<double>(j) - xm) * dy;
        syy += dy * dy;
      }
      total += std::max(syy - sxy * sxy / sxx, 0.0) / static_cast<double>(w);
    };
    for (std::size_t b = 0; b < count; ++b) add_window(b * w);            // from the start
    for (std::size_t b = 0; b < count; ++b) add_window(n - (b + 1) * w);  // from the end
    const double f = std::sqrt(total / static_cast<double>(2 * count));
    e.statistics.push_back(f);
    if (!(f > 0)) {
      throw InvalidInput(
          fmt::format("{}: the profile is linear in every window of size {}; F(n) is 0", kWhere, w));
    }
    lx.push_back(std::log(wd));
    ly.push_back(std::log(f));
  }
  regress(e, lx, ly);
  return e;
}

}  // namespace stockcast::models::stat
