#pragma once
/// \file
/// Fractional Brownian motion B_H and its increments, fractional Gaussian noise (fGn), simulated
/// exactly for any Hurst exponent H in (0, 1).
///
/// fGn X_i = B_H(i + 1) - B_H(i) is a stationary Gaussian series with unit variance and
/// autocovariance gamma(k) = (|k+1|^{2H} - 2|k|^{2H} + |k-1|^{2H}) / 2: positively correlated for
/// H > 1/2 (persistent), negatively for H < 1/2, white for H = 1/2. B_H(n) is the sum of the first
/// n increments, with Var B_H(t) = t^{2H}.
///
/// The default method is Davies & Harte (1987): embed the n x n covariance in a circulant of size
/// 2n, whose eigenvalues one FFT gives (FFTW3, planned once per length); each further FFT of
/// Gaussian noise weighted by their square roots yields two independent exact samples. Cholesky
/// factorisation of the covariance is kept as an O(n^2)-per-path check for short paths.
///
/// Note: the `fbm(n, H)` of paper C (`W = np.cumsum(np.random.normal(size=n)) * (1.0 / n)**H`) is a
/// scaled random walk: its increments are independent whatever H is, so H only sets the scale. It
/// is not fractional Brownian motion.
///
///     using namespace stockcast::models::stat;
///     auto paths = simulate_fbm({.hurst = 0.7, .length = 1024}, /*paths=*/1000, /*seed=*/42);
///     paths[0][1023];  // B_H(1024) of the first path

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace stockcast::gen {
class Random;
}

namespace stockcast::models::stat {

/// Autocovariance of unit-variance fGn at lag `lag`: (|k+1|^{2H} - 2|k|^{2H} + |k-1|^{2H}) / 2.
double fgn_autocovariance(double hurst, std::size_t lag);

/// How exact fGn samples are drawn.
enum class FbmMethod {
  kDaviesHarte,  ///< circulant embedding and FFT: O(n log n) per pair of paths
  kCholesky,     ///< Cholesky factor of the covariance: O(n^3) once, O(n^2) per path (short paths, checks)
};

/// "davies-harte", "cholesky".
std::string_view to_string(FbmMethod method) noexcept;
/// Parses "davies-harte" / "cholesky"; throws InvalidInput naming `where` otherwise.
FbmMethod parse_fbm_method(std::string_view text, std::string_view where);

/// What to simulate.
struct FbmOptions {
  /// Hurst exponent H, strictly between 0 and 1.
  double hurst = 0.5;
  /// Number of increments n per path (>= 1); paths hold B_H at t_1 .. t_n.
  int length = 1024;
  /// Time span T of a path: t_i = i T / n. 0 means T = n (unit steps, unit-variance increments).
  double horizon = 0;
  /// Sampling method.
  FbmMethod method = FbmMethod::kDaviesHarte;

  /// Throws InvalidInput naming `where` and the field when H is outside (0, 1), the length is not
  /// positive, the horizon is negative or not finite, or Cholesky is asked for more than 8192 steps.
  void validate(std::string_view where) const;
};

/// An exact sampler of unit-variance fGn of one length. Davies-Harte plans its FFT once at
/// construction (planning is serialised by a global lock, as FFTW requires); sample() only executes
/// the plan on its own buffers, so one sampler may be used from several threads at once.
class FgnSampler {
 public:
  /// Throws InvalidInput for bad options, NumericalError if the circulant embedding has a negative
  /// eigenvalue beyond round-off (which does not happen for fGn; it would mean a bug).
  FgnSampler(double hurst, std::size_t length, FbmMethod method = FbmMethod::kDaviesHarte);
  ~FgnSampler();
  FgnSampler(const FgnSampler&) = delete;
  FgnSampler& operator=(const FgnSampler&) = delete;
  FgnSampler(FgnSampler&&) noexcept;
  FgnSampler& operator=(FgnSampler&&) noexcept;

  /// H.
  [[nodiscard]] double hurst() const noexcept;
  /// n, the number of increments per sample.
  [[nodiscard]] std::size_t length() const noexcept;
  /// The sampling method.
  [[nodiscard]] FbmMethod method() const noexcept;
  /// Smallest eigenvalue of the circulant embedding divided by the largest (Davies-Harte; 0 for
  /// Cholesky). Round-off negatives down to -1e-10 are set to zero.
  [[nodiscard]] double min_relative_eigenvalue() const noexcept;

  /// Two independent fGn samples of length() values each, drawn from `rng` (one FFT for
  /// Davies-Harte: the real and imaginary parts; two Cholesky products otherwise). Either span may
  /// be empty when only one sample is wanted; a non-empty span must hold length() values.
  void sample_pair(gen::Random& rng, std::span<double> first, std::span<double> second) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// `paths` fGn samples: result[k][i] = B_H(t_{i+1}) - B_H(t_i), scaled to the horizon (variance
/// (T / n)^{2H}). Paths 2j and 2j+1 come from gen::Random(gen::path_seed(seed, j)), so a path does
/// not depend on how many were asked for; the same seed gives the same values bit for bit. Throws
/// InvalidInput for bad options or paths < 1.
std::vector<std::vector<double>> simulate_fgn(const FbmOptions& options, int paths, std::uint64_t seed);

/// `paths` fBm paths: result[k][i] = B_H(t_{i+1}) (B_H(0) = 0 is not stored), the cumulative sums of
/// simulate_fgn() with the same arguments.
std::vector<std::vector<double>> simulate_fbm(const FbmOptions& options, int paths, std::uint64_t seed);

}  // namespace stockcast::models::stat
