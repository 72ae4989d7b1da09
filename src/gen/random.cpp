#include "stockcast/gen/random.hpp"

#include <cmath>

namespace stockcast::gen {

std::uint64_t path_seed(std::uint64_t seed, std::uint64_t stream) noexcept {
  // splitmix64 of seed + (stream + 1) * golden ratio: consecutive streams land far apart.
  std::uint64_t z = seed + (stream + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Random::normal() noexcept {
  if (has_cached_) {
    has_cached_ = false;
    return cached_normal_;
  }
  double u = 0;
  double v = 0;
  double s = 0;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  cached_normal_ = v * factor;
  has_cached_ = true;
  return u * factor;
}

double Random::gamma(double shape) noexcept {
  if (shape < 1.0) {
    // Gamma(a) = Gamma(a + 1) U^(1/a).
    const double g = gamma(shape + 1.0);
    double u = uniform();
    while (u == 0.0) u = uniform();
    return g * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0;
    double v = 0;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (u > 0.0 && std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Random::student_t(double df) noexcept {
  const double z = normal();
  const double chi2 = 2.0 * gamma(0.5 * df);
  return z / std::sqrt(chi2 / df);
}

double Random::standardized_t(double df) noexcept { return std::sqrt((df - 2.0) / df) * student_t(df); }

}  // namespace stockcast::gen
