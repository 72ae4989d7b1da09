#include "stockcast/eval/distributions.hpp"

#include <fmt/format.h>
#include <cmath>
#include <limits>

#include "stockcast/core/error.hpp"

namespace stockcast::eval {

namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double normal_pdf(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }

// Continued fraction of I_x(a, b) (valid and fast for x < (a + 1) / (a + b + 2)), evaluated with
// the modified Lentz method.
double beta_continued_fraction(double x, double a, double b) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  constexpr int kMaxTerms = 10000;
  double f = kTiny;
  double c = f;
  double d = 0;
  for (int j = 1; j <= kMaxTerms; ++j) {
    double numerator = 1.0;
    if (j > 1) {
      const int i = j - 1;  // the CF's d_i
      const double m = static_cast<double>(i / 2);
      if (i % 2 == 1) {
        numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
      } else {
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      }
    }
    d = 1.0 + numerator * d;
    if (std::abs(d) < kTiny) d = kTiny;
    d = 1.0 / d;
    c = 1.0 + numerator / c;
    if (std::abs(c) < kTiny) c = kTiny;
    const double delta = c * d;
    f *= delta;
    if (std::abs(delta - 1.0) < kEps) return f;
  }
  throw NumericalError(
      fmt::format("regularized_incomplete_beta: no convergence for x={}, a={}, b={}", x, a, b));
}

}  // namespace

double normal_cdf(double x) { return 0.5 * std::erfc(-x / kSqrt2); }

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw InvalidInput(fmt::format("normal_quantile: probability {} is not in (0, 1)", p));
  }
  // Work in the lower tail, where erfc keeps full relative precision.
  const double q = p < 0.5 ? p : 1.0 - p;
  // Starting point: Abramowitz & Stegun 26.2.23 (absolute error < 4.5e-4).
  const double t = std::sqrt(-2.0 * std::log(q));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  // Newton steps on normal_cdf(x) = q converge quadratically from there.
  for (int i = 0; i < 8; ++i) {
    const double step = (normal_cdf(x) - q) / normal_pdf(x);
    x -= step;
    if (std::abs(step) < 1e-15 * std::max(1.0, std::abs(x))) break;
  }
  return p < 0.5 ? x : -x;
}

double regularized_incomplete_beta(double x, double a, double b) {
  if (!(a > 0) || !(b > 0) || !(x >= 0 && x <= 1)) {
    throw InvalidInput(fmt::format(
        "regularized_incomplete_beta: needs a, b > 0 and 0 <= x <= 1 (x={}, a={}, b={})", x, a, b));
  }
  if (x == 0.0) return 0.0;
  if (x == 1.0) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
  // Symmetry I_x(a, b) = 1 - I_{1-x}(b, a) keeps the continued fraction in its fast region.
  return 1.0 - std::exp(log_front) * beta_continued_fraction(1.0 - x, b, a) / b;
}

double student_t_cdf(double t, double df) {
  if (!(df > 0)) throw InvalidInput(fmt::format("student_t_cdf: degrees of freedom {} must be > 0", df));
  if (std::isnan(t)) throw InvalidInput("student_t_cdf: t is NaN");
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  // P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2)
  const double tail = 0.5 * regularized_incomplete_beta(df / (df + t * t), 0.5 * df, 0.5);
  return t > 0 ? 1.0 - tail : tail;
}

}  // namespace stockcast::eval
