#pragma once
/// \file
/// The seeded random numbers of every simulation (fBm, GARCH, AR, ARIMA paths): a 64-bit Mersenne
/// Twister (std::mt19937_64, whose output sequence the C++ standard fixes) with our own uniform,
/// normal, gamma and Student-t transforms, because the standard's distribution classes are
/// implementation-defined. The same seed therefore gives the same numbers bit for bit with any
/// standard library on the same floating-point platform.
///
/// Path k of a simulation draws from its own stream `Random(path_seed(seed, k))`, so a path does not
/// depend on how many paths were asked for or on the order they are computed in.
///
///     stockcast::gen::Random rng(stockcast::gen::path_seed(/*seed=*/42, /*path=*/0));
///     double z = rng.normal();

#include <cstdint>
#include <random>

namespace stockcast::gen {

/// The seed of stream `stream` derived from a user seed by the splitmix64 finaliser (distinct,
/// well-mixed seeds for consecutive streams).
std::uint64_t path_seed(std::uint64_t seed, std::uint64_t stream) noexcept;

/// Seeded source of uniform, normal, gamma and Student-t variates.
class Random {
 public:
  /// Seeds the engine with `seed`.
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  /// Uniform on [0, 1) with 53 random bits.
  double uniform() noexcept { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

  /// Standard normal by the Marsaglia polar method (pairs; the second value is cached).
  double normal() noexcept;

  /// Gamma(shape, 1) for shape > 0 (Marsaglia & Tsang 2000; shape < 1 by the boost U^(1/shape)).
  double gamma(double shape) noexcept;

  /// Student's t with `df` > 0 degrees of freedom: N / sqrt(chi2_df / df).
  double student_t(double df) noexcept;

  /// Student's t with `df` > 2 scaled to unit variance (sqrt((df - 2) / df) t), the innovation of a
  /// GARCH-t model (fGarch's "std", arch's StudentsT).
  double standardized_t(double df) noexcept;

 private:
  std::mt19937_64 engine_;
  double cached_normal_ = 0;
  bool has_cached_ = false;
};

}  // namespace stockcast::gen
