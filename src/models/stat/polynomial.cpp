#include "polynomial.hpp"

#include <Eigen/Dense>
#include <unsupported/Eigen/Polynomials>

#include <cmath>

namespace stockcast::models::stat::detail {

bool ar_to_pacf(std::span<const double> phi, std::vector<double>& pacf, double margin) {
  const std::size_t k = phi.size();
  pacf.assign(k, 0.0);
  std::vector<double> a(phi.begin(), phi.end());
  std::vector<double> next(k);
  for (std::size_t m = k; m-- > 0;) {
    const double r = a[m];
    if (!(std::abs(r) < 1.0 - margin)) return false;
    pacf[m] = r;
    const double denom = 1.0 - r * r;
    for (std::size_t j = 0; j < m; ++j) next[j] = (a[j] + r * a[m - 1 - j]) / denom;
    for (std::size_t j = 0; j < m; ++j) a[j] = next[j];
  }
  return true;
}

std::vector<double> pacf_to_ar(std::span<const double> pacf) {
  const std::size_t k = pacf.size();
  std::vector<double> phi(k, 0.0);
  std::vector<double> previous(k, 0.0);
  for (std::size_t m = 0; m < k; ++m) {
    const double r = pacf[m];
    phi[m] = r;
    for (std::size_t j = 0; j < m; ++j) phi[j] = previous[j] - r * previous[m - 1 - j];
    for (std::size_t j = 0; j <= m; ++j) previous[j] = phi[j];
  }
  return phi;
}

bool ar_stationary(std::span<const double> phi) {
  std::vector<double> pacf;
  return ar_to_pacf(phi, pacf);
}

bool ar_to_unconstrained(std::span<const double> phi, std::vector<double>& u) {
  std::vector<double> pacf;
  if (!ar_to_pacf(phi, pacf)) return false;
  u.resize(pacf.size());
  for (std::size_t i = 0; i < pacf.size(); ++i) u[i] = std::atanh(pacf[i]);
  return true;
}

std::vector<double> unconstrained_to_ar(std::span<const double> u) {
  std::vector<double> pacf(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) pacf[i] = std::tanh(u[i]);
  return pacf_to_ar(pacf);
}

std::vector<std::complex<double>> lag_roots(std::span<const double> c) {
  std::size_t k = c.size();
  while (k > 0 && c[k - 1] == 0.0) --k;
  if (k == 0) return {};
  // 1 - c_1 z - ... - c_k z^k, coefficients in increasing degree.
  Eigen::VectorXd poly(static_cast<Eigen::Index>(k) + 1);
  poly[0] = 1.0;
  for (std::size_t i = 0; i < k; ++i) poly[static_cast<Eigen::Index>(i) + 1] = -c[i];
  Eigen::PolynomialSolver<double, Eigen::Dynamic> solver;
  solver.compute(poly);
  const auto& roots = solver.roots();
  return {roots.data(), roots.data() + roots.size()};
}

std::vector<double> invert_ma(std::span<const double> theta) {
  std::size_t q = theta.size();
  while (q > 0 && theta[q - 1] == 0.0) --q;
  std::vector<double> out(theta.begin(), theta.end());
  if (q == 0) return out;
  std::vector<double> neg(q);
  for (std::size_t i = 0; i < q; ++i) neg[i] = -theta[i];
  auto roots = lag_roots(neg);  // roots of 1 + theta_1 z + ...
  bool changed = false;
  for (auto& z : roots) {
    if (std::abs(z) < 1.0) {
      z = 1.0 / z;
      changed = true;
    }
  }
  if (!changed) return out;
  // Rebuild prod_i (1 - z / root_i) = 1 + theta_1 z + ...
  std::vector<std::complex<double>> coef(q + 1, 0.0);
  coef[0] = 1.0;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    for (std::size_t j = i + 1; j > 0; --j) coef[j] -= coef[j - 1] / roots[i];
  }
  for (std::size_t i = 0; i < q; ++i) out[i] = coef[i + 1].real();
  return out;
}

std::vector<double> difference_coefficients(int d) {
  // (1 - B)^d = sum_k C(d, k) (-B)^k, so y_t - sum_i delta_i y_{t-i} with delta_i = -(-1)^i C(d, i).
  std::vector<double> delta(static_cast<std::size_t>(d));
  double binom = 1.0;
  for (int i = 1; i <= d; ++i) {
    binom = binom * (d - i + 1) / i;
    delta[static_cast<std::size_t>(i - 1)] = (i % 2 == 1 ? 1.0 : -1.0) * binom;
  }
  return delta;
}

}  // namespace stockcast::models::stat::detail
