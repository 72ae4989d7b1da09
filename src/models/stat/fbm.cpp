#include "stockcast/models/stat/fbm.hpp"

#include <fftw3.h>
#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <complex>
#include <mutex>

#include "stockcast/core/error.hpp"
#include "stockcast/gen/random.hpp"

namespace stockcast::models::stat {
namespace {

constexpr std::size_t kMaxCholeskyLength = 8192;
// Eigenvalues of the circulant above -kEigenTolerance * max are round-off and set to 0; below it
// the embedding is not non-negative definite.
constexpr double kEigenTolerance = 1e-10;

// FFTW's planner (and plan destruction) is not thread-safe; executing a plan on new arrays is.
std::mutex& fftw_planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

// fftw_malloc'ed complex buffer (SIMD alignment, as the plan was made with).
struct ComplexBuffer {
  explicit ComplexBuffer(std::size_t n)
      : data(static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * n))) {
    if (data == nullptr) throw std::bad_alloc();
  }
  ~ComplexBuffer() { fftw_free(data); }
  ComplexBuffer(const ComplexBuffer&) = delete;
  ComplexBuffer& operator=(const ComplexBuffer&) = delete;
  fftw_complex* data;
};

void require_hurst(double hurst, std::string_view where) {
  if (!(hurst > 0.0 && hurst < 1.0)) {
    throw InvalidInput(
        fmt::format("{}: the Hurst exponent must lie strictly between 0 and 1, got {}", where, hurst));
  }
}

}  // namespace

double fgn_autocovariance(double hurst, std::size_t lag) {
  require_hurst(hurst, "fgn_autocovariance");
  const double k = static_cast<double>(lag);
  const double h2 = 2.0 * hurst;
  return 0.5 * (std::pow(k + 1.0, h2) - 2.0 * std::pow(k, h2) + std::pow(std::abs(k - 1.0), h2));
}

std::string_view to_string(FbmMethod method) noexcept {
  return method == FbmMethod::kCholesky ? "cholesky" : "davies-harte";
}

FbmMethod parse_fbm_method(std::string_view text, std::string_view where) {
  if (text == "davies-harte") return FbmMethod::kDaviesHarte;
  if (text == "cholesky") return FbmMethod::kCholesky;
  throw InvalidInput(
      fmt::format("{}: unknown fBm method '{}'; expected davies-harte or cholesky", where, text));
}

void FbmOptions::validate(std::string_view where) const {
  require_hurst(hurst, where);
  if (length < 1) throw InvalidInput(fmt::format("{}: length must be at least 1, got {}", where, length));
  if (!(horizon >= 0.0) || !std::isfinite(horizon)) {
    throw InvalidInput(
        fmt::format("{}: horizon must be finite and >= 0 (0 = length), got {}", where, horizon));
  }
  if (method == FbmMethod::kCholesky && static_cast<std::size_t>(length) > kMaxCholeskyLength) {
    throw InvalidInput(
        fmt::format("{}: the Cholesky method is for short paths (length <= {}), got {}; use "
                    "davies-harte",
                    where, kMaxCholeskyLength, length));
  }
}

struct FgnSampler::Impl {
  double hurst = 0.5;
  std::size_t n = 0;
  FbmMethod method = FbmMethod::kDaviesHarte;
  double min_relative_eigenvalue = 0;
  // Davies-Harte: sqrt(lambda_k / m) for the circulant of size m = 2n, and the forward FFT plan.
  std::vector<double> weights;
  fftw_plan plan = nullptr;
  // Cholesky: lower factor of the covariance.
  Eigen::MatrixXd lower;

  ~Impl() {
    if (plan != nullptr) {
      const std::lock_guard lock(fftw_planner_mutex());
      fftw_destroy_plan(plan);
    }
  }
};

FgnSampler::FgnSampler(double hurst, std::size_t length, FbmMethod method) : impl_(std::make_unique<Impl>()) {
  require_hurst(hurst, "FgnSampler");
  if (length < 1) throw InvalidInput("FgnSampler: length must be at least 1, got 0");
  impl_->hurst = hurst;
  impl_->n = length;
  impl_->method = method;
  std::vector<double> gamma(length + 1);
  for (std::size_t k = 0; k <= length; ++k) gamma[k] = fgn_autocovariance(hurst, k);

  if (method == FbmMethod::kCholesky) {
    if (length > kMaxCholeskyLength) {
      throw InvalidInput(fmt::format("FgnSampler: the Cholesky method is for length <= {}, got {}",
                                     kMaxCholeskyLength, length));
    }
    const auto n = static_cast<Eigen::Index>(length);
    Eigen::MatrixXd cov(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) cov(i, j) = gamma[static_cast<std::size_t>(std::abs(i - j))];
    }
    const Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() != Eigen::Success) {
      throw NumericalError(fmt::format(
          "FgnSampler: the fGn covariance (H = {}, n = {}) is not numerically positive definite for Cholesky",
          hurst, length));
    }
    impl_->lower = llt.matrixL();
    return;
  }

  // First row of the circulant: gamma(0..n), gamma(n-1..1); its DFT is real (the row is symmetric).
  const std::size_t m = 2 * length;
  ComplexBuffer in(m);
  ComplexBuffer out(m);
  {
    const std::lock_guard lock(fftw_planner_mutex());
    impl_->plan = fftw_plan_dft_1d(static_cast<int>(m), in.data, out.data, FFTW_FORWARD, FFTW_ESTIMATE);
  }
  if (impl_->plan == nullptr)
    throw Internal(fmt::format("FgnSampler: FFTW could not plan a DFT of size {}", m));
  for (std::size_t k = 0; k < m; ++k) {
    in.data[k][0] = k <= length ? gamma[k] : gamma[m - k];
    in.data[k][1] = 0.0;
  }
  fftw_execute_dft(impl_->plan, in.data, out.data);
  double max_eigen = 0;
  double min_eigen = 0;
  for (std::size_t k = 0; k < m; ++k) {
    max_eigen = std::max(max_eigen, out.data[k][0]);
    min_eigen = std::min(min_eigen, out.data[k][0]);
  }
  impl_->min_relative_eigenvalue = min_eigen / max_eigen;
  if (impl_->min_relative_eigenvalue < -kEigenTolerance) {
    throw NumericalError(
        fmt::format("FgnSampler: the circulant embedding of the fGn covariance (H = {}, n = {}) has a "
                    "negative eigenvalue "
                    "({:.3g} of the largest); this should not happen for fGn",
                    hurst, length, impl_->min_relative_eigenvalue));
  }
  impl_->weights.resize(m);
  for (std::size_t k = 0; k < m; ++k) {
    impl_->weights[k] = std::sqrt(std::max(out.data[k][0], 0.0) / static_cast<double>(m));
  }
}

FgnSampler::~FgnSampler() = default;
FgnSampler::FgnSampler(FgnSampler&&) noexcept = default;
FgnSampler& FgnSampler::operator=(FgnSampler&&) noexcept = default;

double FgnSampler::hurst() const noexcept { return impl_->hurst; }
std::size_t FgnSampler::length() const noexcept { return impl_->n; }
FbmMethod FgnSampler::method() const noexcept { return impl_->method; }
double FgnSampler::min_relative_eigenvalue() const noexcept { return impl_->min_relative_eigenvalue; }

void FgnSampler::sample_pair(gen::Random& rng, std::span<double> first, std::span<double> second) const {
  const std::size_t n = impl_->n;
  if ((!first.empty() && first.size() != n) || (!second.empty() && second.size() != n)) {
    throw InvalidInput(fmt::format("FgnSampler::sample_pair: output spans must hold {} values, got {} and {}",
                                   n, first.size(), second.size()));
  }
  if (impl_->method == FbmMethod::kCholesky) {
    Eigen::VectorXd z(static_cast<Eigen::Index>(n));
    for (const std::span<double> out : {first, second}) {
      for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = rng.normal();
      if (out.empty()) continue;
      const Eigen::VectorXd x = impl_->lower.triangularView<Eigen::Lower>() * z;
      std::copy(x.data(), x.data() + x.size(), out.begin());
    }
    return;
  }
  // W_k = sqrt(lambda_k / m) (Z1_k + i Z2_k); the real and imaginary parts of FFT(W) are two
  // independent samples with the circulant's covariance, whose top-left n x n block is fGn's.
  const std::size_t m = 2 * n;
  ComplexBuffer w(m);
  ComplexBuffer y(m);
  for (std::size_t k = 0; k < m; ++k) {
    const double a = impl_->weights[k];
    w.data[k][0] = a * rng.normal();
    w.data[k][1] = a * rng.normal();
  }
  fftw_execute_dft(impl_->plan, w.data, y.data);
  for (std::size_t i = 0; i < first.size(); ++i) first[i] = y.data[i][0];
  for (std::size_t i = 0; i < second.size(); ++i) second[i] = y.data[i][1];
}

std::vector<std::vector<double>> simulate_fgn(const FbmOptions& options, int paths, std::uint64_t seed) {
  options.validate("simulate_fgn");
  if (paths < 1) throw InvalidInput(fmt::format("simulate_fgn: paths must be at least 1, got {}", paths));
  const auto n = static_cast<std::size_t>(options.length);
  const FgnSampler sampler(options.hurst, n, options.method);
  // Self-similarity: increments over steps of T / n are (T / n)^H times unit-step increments.
  const double step = options.horizon > 0 ? options.horizon / static_cast<double>(n) : 1.0;
  const double scale = std::pow(step, options.hurst);
  std::vector<std::vector<double>> out(static_cast<std::size_t>(paths), std::vector<double>(n));
  for (int j = 0; 2 * j < paths; ++j) {
    gen::Random rng(gen::path_seed(seed, static_cast<std::uint64_t>(j)));
    auto& a = out[static_cast<std::size_t>(2 * j)];
    const bool has_second = 2 * j + 1 < paths;
    std::span<double> b;
    if (has_second) b = out[static_cast<std::size_t>(2 * j + 1)];
    sampler.sample_pair(rng, a, b);
  }
  if (scale != 1.0) {
    for (auto& path : out) {
      for (double& v : path) v *= scale;
    }
  }
  return out;
}

std::vector<std::vector<double>> simulate_fbm(const FbmOptions& options, int paths, std::uint64_t seed) {
  auto out = simulate_fgn(options, paths, seed);
  for (auto& path : out) {
    double s = 0;
    for (double& v : path) {
      s += v;
      v = s;
    }
  }
  return out;
}

}  // namespace stockcast::models::stat
