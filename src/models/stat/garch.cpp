#include "stockcast/models/stat/garch.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "optimize.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/gen/random.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::models::stat {
namespace {

constexpr double kLog2Pi = 1.8378770664093454836;  // log(2 pi)
constexpr double kMinNu = 2.05;                    // Student-t degrees of freedom, as arch bounds them
constexpr double kMaxNu = 500.0;
constexpr double kMaxPersistence = 1.0 - 1e-6;  // strictly below 1: a finite unconditional variance
constexpr double kMinOmega = 1e-10;             // in units of the mean squared return
constexpr double kMaxOmega = 100.0;
constexpr int kMinObservations = 20;
constexpr int kMinObservationsPerParameter = 5;
constexpr double kLevelAutocorrelation = 0.9;  // lag-1 autocorrelation above which input looks like a level
constexpr int kNewtonIterations = 8;
constexpr double kNewtonTolerance = 1e-11;  // Newton decrement, log-likelihood units
constexpr double kHessianStep = 1e-5;
constexpr double kNuScale = 10.0;  // nu as SLSQP sees it: nu / 10

// Digamma function: recurrence up to x >= 6, then the asymptotic series.
double digamma(double x) {
  double result = 0;
  while (x < 6.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  result += std::log(x) - 0.5 * inv -
            inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))));
  return result;
}

// Sum of the logs of positive numbers with one log per block of factors: the log is most of the
// cost of a likelihood evaluation, a product is almost free. Factors outside [1e-100, 1e100] and
// running products outside [1e-150, 1e150] are logged at once, so the product never over- or
// underflows; the rounding of a block's product adds ~1e-15 to the sum.
class LogSum {
 public:
  void add(double x) {
    if (x > kLarge || x < 1 / kLarge) {
      sum_ += std::log(x);
      return;
    }
    product_ *= x;
    if (++count_ == kBlock || product_ > kLimit || product_ < 1 / kLimit) flush();
  }
  double value() {
    flush();
    return sum_;
  }

 private:
  static constexpr int kBlock = 16;
  static constexpr double kLarge = 1e100;
  static constexpr double kLimit = 1e150;
  void flush() {
    sum_ += std::log(product_);
    product_ = 1;
    count_ = 0;
  }
  double sum_ = 0;
  double product_ = 1;
  int count_ = 0;
};

// Where each parameter sits in the parameter vector.
struct Layout {
  int p = 1;
  int o = 0;
  int q = 1;
  GarchMean mean = GarchMean::kConstant;
  GarchDistribution distribution = GarchDistribution::kNormal;
  GarchInitialisation initialisation = GarchInitialisation::kFGarch;
  int n_mean = 1;
  int omega = 1;
  int alpha = 2;
  int gamma = 3;
  int beta = 3;
  int nu = -1;
  int size = 4;
  int max_lag = 1;
  std::size_t offset = 0;

  explicit Layout(const GarchOptions& options)
      : p(options.p),
        o(options.o),
        q(options.q),
        mean(options.mean),
        distribution(options.distribution),
        initialisation(options.initialisation) {
    n_mean = mean == GarchMean::kZero ? 0 : (mean == GarchMean::kConstant ? 1 : 2);
    omega = n_mean;
    alpha = omega + 1;
    gamma = alpha + p;
    beta = gamma + o;
    size = beta + q;
    nu = distribution == GarchDistribution::kStudentT ? size++ : -1;
    max_lag = std::max({p, o, q});
    offset = mean == GarchMean::kAr1 ? 1 : 0;
  }

  [[nodiscard]] std::size_t residual_count(std::size_t n_returns) const {
    return n_returns > offset ? n_returns - offset : 0;
  }
  [[nodiscard]] std::size_t first_in_likelihood() const {
    return initialisation == GarchInitialisation::kTseries ? static_cast<std::size_t>(max_lag) : 0;
  }
  [[nodiscard]] std::size_t likelihood_count(std::size_t n_returns) const {
    const std::size_t n = residual_count(n_returns);
    return n > first_in_likelihood() ? n - first_in_likelihood() : 0;
  }
};

// Scratch buffers of one likelihood evaluation.
struct Workspace {
  std::vector<double> e;
  std::vector<double> h;
  std::vector<double> dh;      // residual_count x size, row-major (forward mode)
  std::vector<double> lambda;  // adjoint of each h_t (reverse mode)
  double sum_log_1pu = 0;      // sum of log(1 + e^2 / (h (nu - 2))) of the last order-one evaluation
};

// Residuals e_t of the mean model for residual index t (return t + offset).
inline double residual(const Layout& L, std::span<const double> r, const double* theta, std::size_t t) {
  switch (L.mean) {
    case GarchMean::kZero:
      return r[t];
    case GarchMean::kConstant:
      return r[t] - theta[0];
    case GarchMean::kAr1:
      return r[t + 1] - theta[0] - theta[1] * r[t];
  }
  return r[t];
}

// Derivative of residual t with respect to mean parameter j (< n_mean).
inline double residual_derivative(const Layout& L, std::span<const double> r, std::size_t t, int j) {
  if (j == 0) return -1.0;
  (void)L;
  return -r[t];  // AR(1): d e_t / d y[1] = -r_{t-1}, the return before residual t's
}

// Log-likelihood of `r` at theta. With kGradient, `grad` (size L.size) receives d loglik / d theta
// and, when `scores` is not null, its rows the per-observation gradients of the likelihood terms.
// Returns -inf where a variance is not positive and finite.
template <bool kGradient>
double evaluate(const Layout& L, std::span<const double> r, const double* theta, Workspace& ws, double* grad,
                Eigen::MatrixXd* scores) {
  const std::size_t n = L.residual_count(r.size());
  const int K = L.size;
  ws.e.resize(n);
  ws.h.resize(n);
  double m = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double e = residual(L, r, theta, t);
    ws.e[t] = e;
    m += e * e;
  }
  m /= static_cast<double>(n);

  const double omega = theta[L.omega];
  const double* alpha = theta + L.alpha;
  const double* gamma = theta + L.gamma;
  const double* beta = theta + L.beta;
  const double nu = L.nu >= 0 ? theta[L.nu] : 0.0;
  const bool student = L.distribution == GarchDistribution::kStudentT;
  const double t_const = student ? std::lgamma(0.5 * (nu + 1)) - std::lgamma(0.5 * nu) -
                                       0.5 * std::log(std::numbers::pi * (nu - 2))
                                 : 0.0;
  const double t_dnu_const =
      student ? 0.5 * digamma(0.5 * (nu + 1)) - 0.5 * digamma(0.5 * nu) - 0.5 / (nu - 2) : 0.0;
  const std::size_t first = L.first_in_likelihood();

  // d m / d theta (mean parameters only).
  double dm[2] = {0, 0};
  if constexpr (kGradient) {
    ws.dh.assign(n * static_cast<std::size_t>(K), 0.0);
    for (int j = 0; j < L.n_mean; ++j) {
      double s = 0;
      for (std::size_t t = 0; t < n; ++t) s += ws.e[t] * residual_derivative(L, r, t, j);
      dm[j] = 2.0 * s / static_cast<double>(n);
    }
    std::fill(grad, grad + K, 0.0);
  }

  // The log-likelihood in pieces: sum log h_t, sum e_t^2 / h_t (normal), sum log(1 + u_t) (t).
  LogSum log_h;
  LogSum log_1pu;
  double log_1pu_sum = 0;
  double quadratic = 0;
  for (std::size_t t = 0; t < n; ++t) {
    double ht = 0;
    double* dht = kGradient ? ws.dh.data() + t * static_cast<std::size_t>(K) : nullptr;
    if (t < first) {
      ht = m;
      if constexpr (kGradient) {
        for (int j = 0; j < L.n_mean; ++j) dht[j] = dm[j];
      }
    } else {
      ht = omega;
      if constexpr (kGradient) dht[L.omega] = 1.0;
      for (int i = 1; i <= L.p; ++i) {
        const auto tau = static_cast<std::ptrdiff_t>(t) - i;
        const double a = alpha[i - 1];
        if (tau >= 0) {
          const double e = ws.e[static_cast<std::size_t>(tau)];
          ht += a * e * e;
          if constexpr (kGradient) {
            dht[L.alpha + i - 1] += e * e;
            for (int j = 0; j < L.n_mean; ++j)
              dht[j] += a * 2.0 * e * residual_derivative(L, r, static_cast<std::size_t>(tau), j);
          }
        } else {
          ht += a * m;
          if constexpr (kGradient) {
            dht[L.alpha + i - 1] += m;
            for (int j = 0; j < L.n_mean; ++j) dht[j] += a * dm[j];
          }
        }
      }
      for (int k = 1; k <= L.o; ++k) {
        const auto tau = static_cast<std::ptrdiff_t>(t) - k;
        const double g = gamma[k - 1];
        if (tau >= 0) {
          const double e = ws.e[static_cast<std::size_t>(tau)];
          if (e < 0) {
            ht += g * e * e;
            if constexpr (kGradient) {
              dht[L.gamma + k - 1] += e * e;
              for (int j = 0; j < L.n_mean; ++j)
                dht[j] += g * 2.0 * e * residual_derivative(L, r, static_cast<std::size_t>(tau), j);
            }
          }
        } else {
          ht += g * 0.5 * m;
          if constexpr (kGradient) {
            dht[L.gamma + k - 1] += 0.5 * m;
            for (int j = 0; j < L.n_mean; ++j) dht[j] += g * 0.5 * dm[j];
          }
        }
      }
      for (int k = 1; k <= L.q; ++k) {
        const auto tau = static_cast<std::ptrdiff_t>(t) - k;
        const double b = beta[k - 1];
        if (tau >= 0) {
          ht += b * ws.h[static_cast<std::size_t>(tau)];
          if constexpr (kGradient) {
            dht[L.beta + k - 1] += ws.h[static_cast<std::size_t>(tau)];
            const double* prev = ws.dh.data() + static_cast<std::size_t>(tau) * static_cast<std::size_t>(K);
            for (int j = 0; j < K; ++j) dht[j] += b * prev[j];
          }
        } else {
          ht += b * m;
          if constexpr (kGradient) {
            dht[L.beta + k - 1] += m;
            for (int j = 0; j < L.n_mean; ++j) dht[j] += b * dm[j];
          }
        }
      }
    }
    if (!(ht > 0) || !std::isfinite(ht)) return -std::numeric_limits<double>::infinity();
    ws.h[t] = ht;
    if (t < first) continue;

    const double e = ws.e[t];
    const double e2 = e * e;
    double d_h = 0;   // d l_t / d h_t
    double d_e = 0;   // d l_t / d e_t
    double d_nu = 0;  // d l_t / d nu
    log_h.add(ht);
    if (!student) {
      quadratic += e2 / ht;
      if constexpr (kGradient) {
        d_h = 0.5 * (e2 / ht - 1.0) / ht;
        d_e = -e / ht;
      }
    } else {
      const double c = nu - 2;
      const double u = e2 / (ht * c);
      if constexpr (kGradient) {
        const double log1pu = std::log1p(u);
        log_1pu_sum += log1pu;
        const double w = (nu + 1) / (2.0 * (1.0 + u));
        d_h = (-0.5 + w * u) / ht;
        d_e = -2.0 * w * e / (ht * c);
        d_nu = t_dnu_const - 0.5 * log1pu + w * u / c;
      } else {
        log_1pu.add(1.0 + u);
      }
    }
    if constexpr (kGradient) {
      for (int j = 0; j < K; ++j) {
        double s = d_h * dht[j];
        if (j < L.n_mean) s += d_e * residual_derivative(L, r, t, j);
        if (j == L.nu) s += d_nu;
        grad[j] += s;
        if (scores != nullptr) (*scores)(static_cast<Eigen::Index>(t - first), j) = s;
      }
    }
  }
  const auto terms = static_cast<double>(n - std::min(n, first));
  if (!student) return -0.5 * (terms * kLog2Pi + log_h.value() + quadratic);
  const double sum_log1pu = kGradient ? log_1pu_sum : log_1pu.value();
  return terms * t_const - 0.5 * log_h.value() - 0.5 * (nu + 1) * sum_log1pu;
}

// True for GARCH(1,1) and GJR-GARCH(1,1,1), which have unrolled kernels below (the general ones
// loop over the lags).
bool is_order_one(const Layout& L) { return L.p == 1 && L.q == 1 && L.o <= 1; }

// Residuals e_t into ws.e and their mean square m.
double fill_residuals(const Layout& L, std::span<const double> r, const double* theta, Workspace& ws) {
  const std::size_t n = L.residual_count(r.size());
  ws.e.resize(n);
  double m = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const double e = residual(L, r, theta, t);
    ws.e[t] = e;
    m += e * e;
  }
  return m / static_cast<double>(n);
}

// evaluate<false> for order one: the same values (ws.e, ws.h, log-likelihood), lags unrolled.
double loglik_order_one(const Layout& L, std::span<const double> r, const double* theta, Workspace& ws) {
  const double m = fill_residuals(L, r, theta, ws);
  const std::size_t n = ws.e.size();
  ws.h.resize(n);
  const double omega = theta[L.omega];
  const double alpha = theta[L.alpha];
  const double gamma = L.o > 0 ? theta[L.gamma] : 0.0;
  const double beta = theta[L.beta];
  const bool student = L.distribution == GarchDistribution::kStudentT;
  const double nu = student ? theta[L.nu] : 0.0;
  const std::size_t first = L.first_in_likelihood();
  // Pre-sample values (fGarch): e^2 = h = m, e^2 1(e < 0) = m / 2.
  double e2_prev = m;
  double s_prev = 0.5 * m;
  double h_prev = m;
  LogSum log_h;
  LogSum log_1pu;
  double quadratic = 0;
  const double inv_c = student ? 1.0 / (nu - 2) : 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    const double h = t < first ? m : omega + alpha * e2_prev + gamma * s_prev + beta * h_prev;
    if (!(h > 0)) return -std::numeric_limits<double>::infinity();
    ws.h[t] = h;
    const double e = ws.e[t];
    const double e2 = e * e;
    if (t >= first) {
      log_h.add(h);
      if (!student) {
        quadratic += e2 / h;
      } else {
        log_1pu.add(1.0 + e2 / h * inv_c);
      }
    }
    e2_prev = e2;
    s_prev = e < 0 ? e2 : 0.0;
    h_prev = h;
  }
  const auto terms = static_cast<double>(n - std::min(n, first));
  double loglik = 0;
  if (!student) {
    loglik = -0.5 * (terms * kLog2Pi + log_h.value() + quadratic);
  } else {
    const double t_const =
        std::lgamma(0.5 * (nu + 1)) - std::lgamma(0.5 * nu) - 0.5 * std::log(std::numbers::pi * (nu - 2));
    ws.sum_log_1pu = log_1pu.value();
    loglik = terms * t_const - 0.5 * log_h.value() - 0.5 * (nu + 1) * ws.sum_log_1pu;
  }
  return std::isfinite(loglik) ? loglik : -std::numeric_limits<double>::infinity();
}

double loglik_value(const Layout& L, std::span<const double> r, const double* theta, Workspace& ws) {
  if (is_order_one(L)) return loglik_order_one(L, r, theta, ws);
  return evaluate<false>(L, r, theta, ws, nullptr, nullptr);
}

// The backward pass of loglik_with_gradient() for order one, after the forward pass filled ws.e and
// ws.h: the adjoint of h_t only needs that of h_{t+1}, so it is a scalar.
void backward_order_one(const Layout& L, std::span<const double> r, const double* theta, const Workspace& ws,
                        double* grad) {
  const std::size_t n = ws.e.size();
  const std::size_t first = L.first_in_likelihood();
  const double alpha = theta[L.alpha];
  const double gamma = L.o > 0 ? theta[L.gamma] : 0.0;
  const double beta = theta[L.beta];
  const bool student = L.distribution == GarchDistribution::kStudentT;
  const double nu = student ? theta[L.nu] : 0.0;
  const double c = nu - 2;
  const double t_dnu_const =
      student ? 0.5 * digamma(0.5 * (nu + 1)) - 0.5 * digamma(0.5 * nu) - 0.5 / c : 0.0;
  double m = 0;
  for (const double e : ws.e) m += e * e;
  m /= static_cast<double>(n);
  double g_omega = 0;
  double g_alpha = 0;
  double g_gamma = 0;
  double g_beta = 0;
  double g_nu = 0;
  double g_mean[2] = {0, 0};
  double adj_m = 0;
  double lam_next = 0;  // adjoint of h_{t+1}
  for (std::size_t t = n; t-- > 0;) {
    const double e = ws.e[t];
    const double ht = ws.h[t];
    double a = 0;
    double b = 0;
    if (t >= first) {
      const double inv_h = 1.0 / ht;
      const double e2h = e * e * inv_h;
      if (!student) {
        a = 0.5 * (e2h - 1.0) * inv_h;
        b = -e * inv_h;
      } else {
        const double u = e2h / c;
        const double w = (nu + 1) / (2.0 * (1.0 + u));
        a = (-0.5 + w * u) * inv_h;
        b = -2.0 * w * e * inv_h / c;
        g_nu += w * u / c;  // the log(1 + u) terms are summed in the forward pass
      }
    }
    // h_{t+1} = omega + alpha e_t^2 + gamma e_t^2 1(e_t < 0) + beta h_t (t + 1 >= first always holds).
    const double lam = a + beta * lam_next;
    if (L.n_mean > 0) {
      const double adj_e = b + 2.0 * e * (alpha + (e < 0 ? gamma : 0.0)) * lam_next;
      g_mean[0] += adj_e * residual_derivative(L, r, t, 0);
      if (L.n_mean > 1) g_mean[1] += adj_e * residual_derivative(L, r, t, 1);
    }
    if (t < first) {
      adj_m += lam;  // h_t = m
    } else if (t > 0) {
      const double ep = ws.e[t - 1];
      g_omega += lam;
      g_alpha += lam * ep * ep;
      if (L.o > 0) g_gamma += ep < 0 ? lam * ep * ep : 0.0;
      g_beta += lam * ws.h[t - 1];
    } else {
      g_omega += lam;
      g_alpha += lam * m;
      g_gamma += lam * 0.5 * m;
      g_beta += lam * m;
      adj_m += lam * (alpha + 0.5 * gamma + beta);
    }
    lam_next = lam;
  }
  grad[L.omega] = g_omega;
  grad[L.alpha] = g_alpha;
  if (L.o > 0) grad[L.gamma] = g_gamma;
  grad[L.beta] = g_beta;
  if (student) {
    const auto terms = static_cast<double>(n - std::min(n, first));
    grad[L.nu] = g_nu + terms * t_dnu_const - 0.5 * ws.sum_log_1pu;
  }
  for (int j = 0; j < L.n_mean; ++j) {
    double s = 0;
    for (std::size_t t = 0; t < n; ++t) s += ws.e[t] * residual_derivative(L, r, t, j);
    grad[j] = g_mean[j] + adj_m * 2.0 * s / static_cast<double>(n);
  }
}

// Log-likelihood with its gradient by reverse-mode differentiation of the variance recursion: a
// forward pass (evaluate<false>) stores e_t and h_t; a backward pass accumulates the adjoint
// lambda_t = d loglik / d h_t through h_{t+j} = ... + beta_j h_t, and from it every parameter's
// derivative. O(n (p + o + q)) like the value itself, where forward mode (evaluate<true>, kept for the
// per-observation scores) costs O(n k q). `grad` receives d loglik / d theta.
double loglik_with_gradient(const Layout& L, std::span<const double> r, const double* theta, Workspace& ws,
                            double* grad) {
  const double loglik = loglik_value(L, r, theta, ws);
  const int K = L.size;
  std::fill(grad, grad + K, 0.0);
  if (!std::isfinite(loglik)) return loglik;
  if (is_order_one(L)) {
    backward_order_one(L, r, theta, ws, grad);
    return loglik;
  }
  const std::size_t n = ws.e.size();
  const std::size_t first = L.first_in_likelihood();
  const double* alpha = theta + L.alpha;
  const double* gamma = theta + L.gamma;
  const double* beta = theta + L.beta;
  const bool student = L.distribution == GarchDistribution::kStudentT;
  const double nu = student ? theta[L.nu] : 0.0;
  const double t_dnu_const =
      student ? 0.5 * digamma(0.5 * (nu + 1)) - 0.5 * digamma(0.5 * nu) - 0.5 / (nu - 2) : 0.0;
  double m = 0;
  for (const double e : ws.e) m += e * e;
  m /= static_cast<double>(n);

  ws.lambda.assign(n, 0.0);
  double* lam = ws.lambda.data();
  double g_mean[2] = {0, 0};  // d loglik / d mean parameters through the residuals
  double adj_m = 0;           // d loglik / d m (pre-sample values and the tseries start)
  double g_nu = 0;
  for (std::size_t t = n; t-- > 0;) {
    const double e = ws.e[t];
    const double ht = ws.h[t];
    const bool in_recursion = t >= first;
    // Direct derivatives of l_t.
    double a = 0;  // d l_t / d h_t
    double b = 0;  // d l_t / d e_t
    if (in_recursion) {
      const double inv_h = 1.0 / ht;
      const double e2h = e * e * inv_h;
      if (!student) {
        a = 0.5 * (e2h - 1.0) * inv_h;
        b = -e * inv_h;
      } else {
        const double c = nu - 2;
        const double u = e2h / c;
        const double w = (nu + 1) / (2.0 * (1.0 + u));
        a = (-0.5 + w * u) * inv_h;
        b = -2.0 * w * e * inv_h / c;
        g_nu += t_dnu_const - 0.5 * std::log1p(u) + w * u / c;
      }
    }
    // lambda_t: l_t's own term plus every later variance that h_t enters.
    double l = a;
    for (int j = 1; j <= L.q; ++j) {
      const std::size_t later = t + static_cast<std::size_t>(j);
      if (later < n && later >= first) l += beta[j - 1] * lam[later];
    }
    lam[t] = l;
    // Adjoint of e_t: its own term and every later variance that e_t^2 enters.
    double through_alpha = 0;
    for (int i = 1; i <= L.p; ++i) {
      const std::size_t later = t + static_cast<std::size_t>(i);
      if (later < n && later >= first) through_alpha += alpha[i - 1] * lam[later];
    }
    if (e < 0) {
      for (int k = 1; k <= L.o; ++k) {
        const std::size_t later = t + static_cast<std::size_t>(k);
        if (later < n && later >= first) through_alpha += gamma[k - 1] * lam[later];
      }
    }
    const double adj_e = b + 2.0 * e * through_alpha;
    for (int j = 0; j < L.n_mean; ++j) g_mean[j] += adj_e * residual_derivative(L, r, t, j);
    // Parameters of h_t's recursion.
    if (!in_recursion) {
      adj_m += l;  // h_t = m
      continue;
    }
    grad[L.omega] += l;
    for (int i = 1; i <= L.p; ++i) {
      const auto tau = static_cast<std::ptrdiff_t>(t) - i;
      if (tau >= 0) {
        const double ep = ws.e[static_cast<std::size_t>(tau)];
        grad[L.alpha + i - 1] += l * ep * ep;
      } else {
        grad[L.alpha + i - 1] += l * m;
        adj_m += l * alpha[i - 1];
      }
    }
    for (int k = 1; k <= L.o; ++k) {
      const auto tau = static_cast<std::ptrdiff_t>(t) - k;
      if (tau >= 0) {
        const double ep = ws.e[static_cast<std::size_t>(tau)];
        if (ep < 0) grad[L.gamma + k - 1] += l * ep * ep;
      } else {
        grad[L.gamma + k - 1] += l * 0.5 * m;
        adj_m += l * 0.5 * gamma[k - 1];
      }
    }
    for (int j = 1; j <= L.q; ++j) {
      const auto tau = static_cast<std::ptrdiff_t>(t) - j;
      if (tau >= 0) {
        grad[L.beta + j - 1] += l * ws.h[static_cast<std::size_t>(tau)];
      } else {
        grad[L.beta + j - 1] += l * m;
        adj_m += l * beta[j - 1];
      }
    }
  }
  // m = mean(e^2) depends on the mean parameters: dm/dtheta_j = (2 / n) sum e_t de_t/dtheta_j.
  for (int j = 0; j < L.n_mean; ++j) {
    double s = 0;
    for (std::size_t t = 0; t < n; ++t) s += ws.e[t] * residual_derivative(L, r, t, j);
    grad[j] = g_mean[j] + adj_m * 2.0 * s / static_cast<double>(n);
  }
  if (student) grad[L.nu] = g_nu;
  return loglik;
}

void require_returns(const Layout& L, std::span<const double> returns, std::string_view where) {
  require_finite_values(returns, where);
  const std::size_t terms = L.likelihood_count(returns.size());
  const auto needed =
      static_cast<std::size_t>(std::max(kMinObservations, kMinObservationsPerParameter * L.size));
  if (terms < needed) {
    throw InvalidInput(fmt::format(
        "{}: {} returns leave {} residuals in the likelihood of a model with {} parameters; at least {} "
        "are needed (max(20, 5 per parameter))",
        where, returns.size(), terms, L.size, needed));
  }
}

std::string join_names(const std::vector<std::string>& names) {
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

// ---------------------------------------------------------------- names and options

std::string_view to_string(GarchMean mean) noexcept {
  switch (mean) {
    case GarchMean::kZero:
      return "zero";
    case GarchMean::kConstant:
      return "constant";
    case GarchMean::kAr1:
      return "ar1";
  }
  return "constant";
}

std::string_view to_string(GarchDistribution distribution) noexcept {
  return distribution == GarchDistribution::kStudentT ? "t" : "normal";
}

std::string_view to_string(GarchInitialisation initialisation) noexcept {
  return initialisation == GarchInitialisation::kTseries ? "tseries" : "fgarch";
}

std::string_view to_string(GarchCovariance covariance) noexcept {
  switch (covariance) {
    case GarchCovariance::kHessian:
      return "hessian";
    case GarchCovariance::kOuterProduct:
      return "opg";
    case GarchCovariance::kRobust:
      return "robust";
  }
  return "hessian";
}

GarchMean parse_garch_mean(std::string_view text, std::string_view where) {
  if (text == "zero") return GarchMean::kZero;
  if (text == "constant") return GarchMean::kConstant;
  if (text == "ar1") return GarchMean::kAr1;
  throw InvalidInput(fmt::format("{}: unknown GARCH mean '{}'; expected zero, constant or ar1", where, text));
}

GarchDistribution parse_garch_distribution(std::string_view text, std::string_view where) {
  if (text == "normal") return GarchDistribution::kNormal;
  if (text == "t" || text == "studentst" || text == "std") return GarchDistribution::kStudentT;
  throw InvalidInput(fmt::format("{}: unknown distribution '{}'; expected normal or t", where, text));
}

GarchInitialisation parse_garch_initialisation(std::string_view text, std::string_view where) {
  if (text == "fgarch") return GarchInitialisation::kFGarch;
  if (text == "tseries") return GarchInitialisation::kTseries;
  throw InvalidInput(
      fmt::format("{}: unknown GARCH initialisation '{}'; expected fgarch or tseries", where, text));
}

GarchCovariance parse_garch_covariance(std::string_view text, std::string_view where) {
  if (text == "hessian") return GarchCovariance::kHessian;
  if (text == "opg") return GarchCovariance::kOuterProduct;
  if (text == "robust") return GarchCovariance::kRobust;
  throw InvalidInput(
      fmt::format("{}: unknown covariance '{}'; expected hessian, opg or robust", where, text));
}

void GarchOptions::validate(std::string_view where) const {
  if (p < 1) throw InvalidInput(fmt::format("{}: p (ARCH order) must be at least 1, got {}", where, p));
  if (o < 0 || o > p) {
    throw InvalidInput(fmt::format("{}: o (asymmetric order) must lie in 0..p = 0..{}, got {}", where, p, o));
  }
  if (q < 0) throw InvalidInput(fmt::format("{}: q (GARCH order) must be at least 0, got {}", where, q));
  constexpr int kMaxOrder = 20;
  if (p > kMaxOrder || q > kMaxOrder) {
    throw InvalidInput(
        fmt::format("{}: orders above {} are not supported, got p = {}, q = {}", where, kMaxOrder, p, q));
  }
  constexpr int kMinEvaluations = 10;
  if (max_evaluations < kMinEvaluations) {
    throw InvalidInput(fmt::format("{}: max_evaluations must be at least {}, got {}", where, kMinEvaluations,
                                   max_evaluations));
  }
}

std::vector<std::string> GarchOptions::parameter_names() const {
  std::vector<std::string> names;
  if (mean == GarchMean::kConstant) names.emplace_back("mu");
  if (mean == GarchMean::kAr1) {
    names.emplace_back("Const");
    names.emplace_back("y[1]");
  }
  names.emplace_back("omega");
  for (int i = 1; i <= p; ++i) names.push_back(fmt::format("alpha[{}]", i));
  for (int i = 1; i <= o; ++i) names.push_back(fmt::format("gamma[{}]", i));
  for (int i = 1; i <= q; ++i) names.push_back(fmt::format("beta[{}]", i));
  if (distribution == GarchDistribution::kStudentT) names.emplace_back("nu");
  return names;
}

std::string GarchOptions::describe() const {
  const std::string orders =
      o > 0 ? fmt::format("GJR-GARCH({},{},{})", p, o, q) : fmt::format("GARCH({},{})", p, q);
  return fmt::format("{}, {} mean, {}", orders, to_string(mean),
                     distribution == GarchDistribution::kStudentT ? "Student-t" : "normal");
}

// ---------------------------------------------------------------- GarchModel

GarchModel::GarchModel(const GarchOptions& options, std::vector<double> params)
    : options_(options), params_(std::move(params)) {
  options_.validate("GarchModel");
  const Layout L(options_);
  const auto names = options_.parameter_names();
  if (params_.size() != static_cast<std::size_t>(L.size)) {
    throw InvalidInput(fmt::format("GarchModel: {} takes {} parameters ({}), got {}", options_.describe(),
                                   L.size, join_names(names), params_.size()));
  }
  for (std::size_t i = 0; i < params_.size(); ++i) {
    if (!std::isfinite(params_[i])) {
      throw InvalidInput(fmt::format("GarchModel: parameter {} is not finite", names[i]));
    }
  }
  if (!(params_[static_cast<std::size_t>(L.omega)] > 0)) {
    throw InvalidInput(fmt::format("GarchModel: omega must be positive, got {}", params_[L.omega]));
  }
  for (int i = 0; i < L.p; ++i) {
    if (params_[static_cast<std::size_t>(L.alpha + i)] < 0) {
      throw InvalidInput(
          fmt::format("GarchModel: alpha[{}] must be >= 0, got {}", i + 1, params_[L.alpha + i]));
    }
  }
  for (int i = 0; i < L.o; ++i) {
    if (params_[static_cast<std::size_t>(L.alpha + i)] + params_[static_cast<std::size_t>(L.gamma + i)] < 0) {
      throw InvalidInput(fmt::format("GarchModel: alpha[{0}] + gamma[{0}] must be >= 0, got {1}", i + 1,
                                     params_[L.alpha + i] + params_[L.gamma + i]));
    }
  }
  for (int i = 0; i < L.q; ++i) {
    if (params_[static_cast<std::size_t>(L.beta + i)] < 0) {
      throw InvalidInput(
          fmt::format("GarchModel: beta[{}] must be >= 0, got {}", i + 1, params_[L.beta + i]));
    }
  }
  if (L.nu >= 0 && !(params_[static_cast<std::size_t>(L.nu)] > 2)) {
    throw InvalidInput(
        fmt::format("GarchModel: nu (Student-t degrees of freedom) must exceed 2, got {}", params_[L.nu]));
  }
}

double GarchModel::param(std::string_view name) const {
  const auto names = options_.parameter_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return params_[i];
  }
  throw InvalidInput(
      fmt::format("GarchModel::param: no parameter '{}'; the parameters are {}", name, join_names(names)));
}

double GarchModel::persistence() const noexcept {
  const Layout L(options_);
  double s = 0;
  for (int i = 0; i < L.p; ++i) s += params_[static_cast<std::size_t>(L.alpha + i)];
  for (int i = 0; i < L.o; ++i) s += 0.5 * params_[static_cast<std::size_t>(L.gamma + i)];
  for (int i = 0; i < L.q; ++i) s += params_[static_cast<std::size_t>(L.beta + i)];
  return s;
}

double GarchModel::unconditional_variance() const noexcept {
  const double p = persistence();
  if (p >= 1) return std::numeric_limits<double>::infinity();
  return params_[static_cast<std::size_t>(Layout(options_).omega)] / (1 - p);
}

double GarchModel::loglik(std::span<const double> returns) const {
  const Layout L(options_);
  require_returns(L, returns, "GarchModel::loglik(returns)");
  Workspace ws;
  return loglik_value(L, returns, params_.data(), ws);
}

GarchFilter GarchModel::filter(std::span<const double> returns) const {
  const Layout L(options_);
  require_returns(L, returns, "GarchModel::filter(returns)");
  Workspace ws;
  if (!std::isfinite(loglik_value(L, returns, params_.data(), ws))) {
    throw NumericalError("GarchModel::filter: a conditional variance is not positive and finite");
  }
  GarchFilter out;
  out.offset = L.offset;
  out.first_in_likelihood = L.first_in_likelihood();
  out.residuals = ws.e;
  out.variance = ws.h;
  out.volatility.resize(ws.h.size());
  out.standardized.resize(ws.h.size());
  for (std::size_t t = 0; t < ws.h.size(); ++t) {
    out.volatility[t] = std::sqrt(ws.h[t]);
    out.standardized[t] = ws.e[t] / out.volatility[t];
  }
  return out;
}

namespace {

// The state at the end of a filtered series, and one step of the recursion from it.
struct GarchState {
  std::vector<double> e;  // last max_lag residuals, most recent last
  std::vector<double> h;  // last max_lag variances, most recent last
  double last_return = 0;
};

GarchState end_state(const Layout& L, const GarchFilter& f, std::span<const double> returns) {
  GarchState s;
  const auto lag = static_cast<std::size_t>(L.max_lag);
  const std::size_t n = f.residuals.size();
  // A series shorter than the lags cannot occur here (require_returns asks for more).
  s.e.assign(f.residuals.end() - static_cast<std::ptrdiff_t>(std::min(lag, n)), f.residuals.end());
  s.h.assign(f.variance.end() - static_cast<std::ptrdiff_t>(std::min(lag, n)), f.variance.end());
  s.last_return = returns.back();
  return s;
}

// Next conditional variance from the state; `expected` replaces e^2 by h (forecasting) where the
// residual is in the future, signalled by a NaN residual.
double next_variance(const Layout& L, const std::vector<double>& theta, const GarchState& s) {
  double h = theta[static_cast<std::size_t>(L.omega)];
  const std::size_t n = s.e.size();
  for (int i = 1; i <= L.p; ++i) {
    const double e = s.e[n - static_cast<std::size_t>(i)];
    const double hv = s.h[n - static_cast<std::size_t>(i)];
    h += theta[static_cast<std::size_t>(L.alpha + i - 1)] * (std::isnan(e) ? hv : e * e);
  }
  for (int k = 1; k <= L.o; ++k) {
    const double e = s.e[n - static_cast<std::size_t>(k)];
    const double hv = s.h[n - static_cast<std::size_t>(k)];
    h +=
        theta[static_cast<std::size_t>(L.gamma + k - 1)] * (std::isnan(e) ? 0.5 * hv : (e < 0 ? e * e : 0.0));
  }
  for (int j = 1; j <= L.q; ++j)
    h += theta[static_cast<std::size_t>(L.beta + j - 1)] * s.h[n - static_cast<std::size_t>(j)];
  return h;
}

double mean_of_next(const Layout& L, const std::vector<double>& theta, double last_return) {
  switch (L.mean) {
    case GarchMean::kZero:
      return 0.0;
    case GarchMean::kConstant:
      return theta[0];
    case GarchMean::kAr1:
      return theta[0] + theta[1] * last_return;
  }
  return 0.0;
}

void push(GarchState& s, double e, double h, double r) {
  if (s.e.empty()) return;
  std::rotate(s.e.begin(), s.e.begin() + 1, s.e.end());
  std::rotate(s.h.begin(), s.h.begin() + 1, s.h.end());
  s.e.back() = e;
  s.h.back() = h;
  s.last_return = r;
}

}  // namespace

GarchForecast GarchModel::forecast(std::span<const double> returns, int horizon) const {
  if (horizon < 1)
    throw InvalidInput(fmt::format("GarchModel::forecast: horizon must be >= 1, got {}", horizon));
  const Layout L(options_);
  const GarchFilter f = filter(returns);
  GarchState s = end_state(L, f, returns);
  GarchForecast out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k < horizon; ++k) {
    const double h = next_variance(L, params_, s);
    const double m = mean_of_next(L, params_, s.last_return);
    out.mean.push_back(m);
    out.variance.push_back(h);
    out.volatility.push_back(std::sqrt(h));
    push(s, nan, h, m);  // future residual unknown: its square is replaced by its expectation h
  }
  return out;
}

std::vector<std::vector<double>> GarchModel::simulate(std::span<const double> returns, int length, int paths,
                                                      std::uint64_t seed) const {
  if (length < 1)
    throw InvalidInput(fmt::format("GarchModel::simulate: length must be >= 1, got {}", length));
  if (paths < 1) throw InvalidInput(fmt::format("GarchModel::simulate: paths must be >= 1, got {}", paths));
  const Layout L(options_);
  const GarchFilter f = filter(returns);
  const GarchState start = end_state(L, f, returns);
  const bool student = L.distribution == GarchDistribution::kStudentT;
  const double nu = student ? params_[static_cast<std::size_t>(L.nu)] : 0.0;
  std::vector<std::vector<double>> out(static_cast<std::size_t>(paths));
  for (int k = 0; k < paths; ++k) {
    gen::Random rng(gen::path_seed(seed, static_cast<std::uint64_t>(k)));
    GarchState s = start;
    auto& path = out[static_cast<std::size_t>(k)];
    path.resize(static_cast<std::size_t>(length));
    for (int t = 0; t < length; ++t) {
      const double h = next_variance(L, params_, s);
      const double z = student ? rng.standardized_t(nu) : rng.normal();
      const double e = std::sqrt(h) * z;
      const double r = mean_of_next(L, params_, s.last_return) + e;
      path[static_cast<std::size_t>(t)] = r;
      push(s, e, h, r);
    }
  }
  return out;
}

// ---------------------------------------------------------------- fitting

std::vector<std::pair<std::string, double>> GarchFit::named_params() const {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out.emplace_back(names[i], params[static_cast<Eigen::Index>(i)]);
  return out;
}

std::vector<std::pair<std::string, double>> GarchFit::named_std_errors() const {
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out.emplace_back(names[i], std_errors[static_cast<Eigen::Index>(i)]);
  return out;
}

namespace {

// Starting points: the mean from the sample (OLS for AR(1)), a few (alpha, gamma, beta) with omega
// matching the sample variance, nu from the residual kurtosis; the one with the highest likelihood.
Eigen::VectorXd starting_values(const Layout& L, std::span<const double> r, Workspace& ws) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(L.size);
  const std::size_t n = r.size();
  if (L.mean == GarchMean::kConstant) {
    double s = 0;
    for (const double v : r) s += v;
    x[0] = s / static_cast<double>(n);
  } else if (L.mean == GarchMean::kAr1) {
    double mx = 0;
    double my = 0;
    for (std::size_t t = 1; t < n; ++t) {
      mx += r[t - 1];
      my += r[t];
    }
    mx /= static_cast<double>(n - 1);
    my /= static_cast<double>(n - 1);
    double sxy = 0;
    double sxx = 0;
    for (std::size_t t = 1; t < n; ++t) {
      sxy += (r[t - 1] - mx) * (r[t] - my);
      sxx += (r[t - 1] - mx) * (r[t - 1] - mx);
    }
    const double phi = sxx > 0 ? std::clamp(sxy / sxx, -0.9, 0.9) : 0.0;
    x[1] = phi;
    x[0] = my - phi * mx;
  }
  double var = 0;
  double m4 = 0;
  const std::size_t ne = L.residual_count(n);
  for (std::size_t t = 0; t < ne; ++t) {
    const double e = residual(L, r, x.data(), t);
    var += e * e;
    m4 += e * e * e * e;
  }
  var /= static_cast<double>(ne);
  m4 /= static_cast<double>(ne);
  if (L.nu >= 0) {
    // Excess kurtosis of a standardised t is 6 / (nu - 4); GARCH explains part of it, so start a
    // little above that and inside (4.5, 30).
    const double excess = m4 / (var * var) - 3.0;
    x[L.nu] = excess > 0.2 ? std::clamp(4.0 + 6.0 / excess, 4.5, 30.0) : 30.0;
  }
  const double alphas[] = {0.05, 0.1};
  const double betas[] = {0.80, 0.90};
  const double gammas[] = {0.0, 0.1};
  double best = -std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_x = x;
  for (const double a : alphas) {
    for (const double b : betas) {
      for (const double g : gammas) {
        if (L.o == 0 && g != 0.0) continue;
        const double persistence = a + 0.5 * g * (L.o > 0 ? 1 : 0) + (L.q > 0 ? b : 0.0);
        if (persistence >= 0.99) continue;
        for (int i = 0; i < L.p; ++i) x[L.alpha + i] = a / L.p;
        for (int i = 0; i < L.o; ++i) x[L.gamma + i] = g / L.o;
        for (int i = 0; i < L.q; ++i) x[L.beta + i] = b / L.q;
        x[L.omega] = var * (1 - persistence);
        const double ll = loglik_value(L, r, x.data(), ws);
        if (ll > best) {
          best = ll;
          best_x = x;
        }
      }
    }
  }
  return best_x;
}

std::string price_level_warning(std::span<const double> returns) {
  const auto rho = eval::acf(returns, 1);
  const bool positive = std::all_of(returns.begin(), returns.end(), [](double v) { return v > 0; });
  if (rho[1] <= kLevelAutocorrelation) return {};
  return fmt::format(
      "the input looks like a price level, not returns (lag-1 autocorrelation {:.3f}{}): GARCH models "
      "the changing variance of a stationary series of shocks around a mean, so fitted to a non-stationary "
      "level (as paper C does with scaled prices) the 'residuals' are the level's slow wanderings, the "
      "persistence is pushed to 1 and the volatility and its forecasts mean nothing. Fit returns instead: "
      "100 * log(P_t / P_(t-1)), the default of stockcast",
      rho[1], positive ? ", all values positive" : "");
}

}  // namespace

GarchFit fit_garch(std::span<const double> returns, const GarchOptions& options) {
  constexpr std::string_view kWhere = "fit_garch";
  options.validate(kWhere);
  const Layout L(options);
  require_returns(L, returns, "fit_garch(returns)");
  if (eval::is_constant(returns)) {
    throw InvalidInput("fit_garch(returns): the series is constant; a GARCH model needs varying returns");
  }
  GarchFit fit;
  if (auto warning = price_level_warning(returns); !warning.empty())
    fit.warnings.push_back(std::move(warning));

  // Fit on returns scaled to unit mean square: mu and Const scale with s, omega with s^2, the rest
  // is scale-free, and the log-likelihood shifts by -nobs log s. Exact, and it puts every
  // parameter on a scale of about one for the optimiser.
  double ms = 0;
  for (const double v : returns) ms += v * v;
  const double scale = std::sqrt(ms / static_cast<double>(returns.size()));
  std::vector<double> scaled(returns.begin(), returns.end());
  for (double& v : scaled) v /= scale;
  const std::span<const double> rs(scaled);
  const auto nobs = L.likelihood_count(returns.size());
  Eigen::VectorXd to_original = Eigen::VectorXd::Ones(L.size);
  if (L.n_mean > 0) to_original[0] = scale;
  to_original[L.omega] = scale * scale;

  Workspace ws;
  int evaluations = 0;
  // Minimised objective: -loglik / nobs of the scaled returns.
  const double inv_n = 1.0 / static_cast<double>(nobs);
  const detail::GradientObjective objective = [&](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
    ++evaluations;
    if (gradient == nullptr) return -loglik_value(L, rs, x.data(), ws) * inv_n;
    gradient->resize(L.size);
    const double ll = loglik_with_gradient(L, rs, x.data(), ws, gradient->data());
    *gradient *= -inv_n;
    return -ll * inv_n;
  };

  detail::MinimizeOptions mo;
  mo.algorithm = detail::Algorithm::kSlsqp;
  mo.max_evaluations = options.max_evaluations;
  mo.xtol_rel = 1e-6;
  mo.ftol_rel = 1e-10;
  const double inf = std::numeric_limits<double>::infinity();
  mo.lower = Eigen::VectorXd::Constant(L.size, -inf);
  mo.upper = Eigen::VectorXd::Constant(L.size, inf);
  if (L.mean == GarchMean::kAr1) {
    mo.lower[1] = -1.0;
    mo.upper[1] = 1.0;
  }
  mo.lower[L.omega] = kMinOmega;
  mo.upper[L.omega] = kMaxOmega;
  for (int i = 0; i < L.p; ++i) {
    mo.lower[L.alpha + i] = 0.0;
    mo.upper[L.alpha + i] = 1.0;
  }
  for (int i = 0; i < L.o; ++i) {
    mo.lower[L.gamma + i] = -1.0;
    mo.upper[L.gamma + i] = 2.0;
  }
  for (int i = 0; i < L.q; ++i) {
    mo.lower[L.beta + i] = 0.0;
    mo.upper[L.beta + i] = 1.0;
  }
  if (L.nu >= 0) {
    mo.lower[L.nu] = kMinNu;
    mo.upper[L.nu] = kMaxNu;
  }
  // sum(alpha) + sum(gamma) / 2 + sum(beta) <= 1 - 1e-6
  mo.inequality.emplace_back([L](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
    double s = -kMaxPersistence;
    if (gradient != nullptr) gradient->setZero(L.size);
    for (int i = 0; i < L.p; ++i) {
      s += x[L.alpha + i];
      if (gradient != nullptr) (*gradient)[L.alpha + i] = 1.0;
    }
    for (int i = 0; i < L.o; ++i) {
      s += 0.5 * x[L.gamma + i];
      if (gradient != nullptr) (*gradient)[L.gamma + i] = 0.5;
    }
    for (int i = 0; i < L.q; ++i) {
      s += x[L.beta + i];
      if (gradient != nullptr) (*gradient)[L.beta + i] = 1.0;
    }
    return s;
  });
  // alpha[k] + gamma[k] >= 0
  for (int k = 0; k < L.o; ++k) {
    mo.inequality.emplace_back([L, k](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
      if (gradient != nullptr) {
        gradient->setZero(L.size);
        (*gradient)[L.alpha + k] = -1.0;
        (*gradient)[L.gamma + k] = -1.0;
      }
      return -(x[L.alpha + k] + x[L.gamma + k]);
    });
  }

  // SLSQP (whose quasi-Newton matrix starts as the identity) sees nu / kNuScale, so that every
  // coordinate moves on a scale of about one.
  const auto to_slsqp = [&](Eigen::VectorXd v) {
    if (L.nu >= 0) v[L.nu] /= kNuScale;
    return v;
  };
  const auto from_slsqp = [&](Eigen::VectorXd v) {
    if (L.nu >= 0) v[L.nu] *= kNuScale;
    return v;
  };
  const detail::GradientObjective slsqp_objective = [&](const Eigen::VectorXd& y, Eigen::VectorXd* gradient) {
    const double value = objective(from_slsqp(y), gradient);
    if (gradient != nullptr && L.nu >= 0) (*gradient)[L.nu] *= kNuScale;
    return value;
  };
  detail::MinimizeOptions slsqp_options = mo;
  slsqp_options.lower = to_slsqp(mo.lower);
  slsqp_options.upper = to_slsqp(mo.upper);
  const Eigen::VectorXd x0 = to_slsqp(starting_values(L, rs, ws));
  detail::MinimizeResult opt = detail::minimize(slsqp_objective, x0, slsqp_options);
  opt.x = from_slsqp(opt.x);
  fit.optimizer_status = opt.status_text;
  const bool nlopt_failed = opt.status < 0 && opt.status != -4;
  const bool cap_reached = opt.status == 5 || opt.status == 6;
  if (nlopt_failed || cap_reached || !std::isfinite(opt.value)) {
    throw NumericalError(fmt::format(
        "fit_garch: maximising the {} likelihood did not converge: NLopt SLSQP stopped with {} after {} "
        "evaluations (max_evaluations {})",
        options.describe(), opt.status_text, opt.evaluations, options.max_evaluations));
  }

  // Polish with Newton steps on -loglik (unnormalised, so the tolerance is in log-likelihood units)
  // unless a bound or constraint is active there: the unconstrained Newton step does not apply.
  Eigen::VectorXd x = opt.x;
  const auto persistence_of = [&](const Eigen::VectorXd& v) {
    double s = 0;
    for (int i = 0; i < L.p; ++i) s += v[L.alpha + i];
    for (int i = 0; i < L.o; ++i) s += 0.5 * v[L.gamma + i];
    for (int i = 0; i < L.q; ++i) s += v[L.beta + i];
    return s;
  };
  // Distance of v to the nearest bound or constraint (negative outside the feasible set).
  const auto slack = [&](const Eigen::VectorXd& v) {
    double d = kMaxPersistence - persistence_of(v);
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      const double width = std::max(1.0, std::abs(v[i]));
      d = std::min({d, (v[i] - mo.lower[i]) / width, (mo.upper[i] - v[i]) / width});
    }
    for (int k = 0; k < L.o; ++k) d = std::min(d, v[L.alpha + k] + v[L.gamma + k]);
    return d;
  };
  const auto at_bound = [&](const Eigen::VectorXd& v) { return slack(v) < 1e-7; };
  const detail::GradientObjective negloglik = [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
    if (slack(v) < 0) return inf;  // Newton steps stay inside the constraints
    const double value = objective(v, gradient);
    if (gradient != nullptr) *gradient *= static_cast<double>(nobs);
    return value * static_cast<double>(nobs);
  };
  const bool bound_active = at_bound(x);
  Eigen::MatrixXd hessian;
  bool newton_converged = false;
  if (!bound_active) {
    const detail::NewtonResult newton =
        detail::newton_refine_with_gradient(negloglik, x, kNewtonIterations, kNewtonTolerance, kHessianStep);
    x = newton.x;
    hessian = newton.hessian;
    newton_converged = newton.converged;
  } else {
    hessian = detail::hessian_from_gradient(
        [&](const Eigen::VectorXd& v, Eigen::VectorXd* gradient) {
          const double value = objective(v, gradient);
          if (gradient != nullptr) *gradient *= static_cast<double>(nobs);
          return value * static_cast<double>(nobs);
        },
        x, kHessianStep);
  }
  fit.converged = newton_converged || (bound_active && opt.ok());
  fit.evaluations = evaluations;

  // Back to the data's scale.
  std::vector<double> theta(static_cast<std::size_t>(L.size));
  for (int i = 0; i < L.size; ++i) theta[static_cast<std::size_t>(i)] = x[i] * to_original[i];
  fit.model = GarchModel(options, theta);
  fit.names = options.parameter_names();
  fit.params = Eigen::Map<const Eigen::VectorXd>(theta.data(), L.size);
  fit.returns.assign(returns.begin(), returns.end());
  fit.loglik = loglik_value(L, returns, theta.data(), ws);
  fit.nobs = nobs;
  fit.in_sample = fit.model.filter(returns);
  const double k = L.size;
  const double n = static_cast<double>(nobs);
  fit.aic = -2 * fit.loglik + 2 * k;
  fit.aicc =
      n - k - 1 > 0 ? fit.aic + 2 * k * (k + 1) / (n - k - 1) : std::numeric_limits<double>::infinity();
  fit.bic = -2 * fit.loglik + k * std::log(n);

  // Covariance in the scaled parameters, then mapped: cov = D cov_scaled D.
  Eigen::MatrixXd cov_scaled;
  const auto inverse = [](const Eigen::MatrixXd& m) -> Eigen::MatrixXd {
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(m);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive()) {
      return Eigen::MatrixXd::Constant(m.rows(), m.cols(), std::numeric_limits<double>::quiet_NaN());
    }
    return ldlt.solve(Eigen::MatrixXd::Identity(m.rows(), m.cols()));
  };
  if (options.covariance == GarchCovariance::kHessian) {
    cov_scaled = inverse(hessian);
  } else {
    Eigen::MatrixXd scores(static_cast<Eigen::Index>(nobs), L.size);
    Eigen::VectorXd g(L.size);
    evaluate<true>(L, rs, x.data(), ws, g.data(), &scores);
    const Eigen::MatrixXd opg = scores.transpose() * scores;
    if (options.covariance == GarchCovariance::kOuterProduct) {
      cov_scaled = inverse(opg);
    } else {
      const Eigen::MatrixXd h_inv = inverse(hessian);
      cov_scaled = h_inv * opg * h_inv;
    }
  }
  fit.cov = to_original.asDiagonal() * cov_scaled * to_original.asDiagonal();
  fit.std_errors = fit.cov.diagonal().array().sqrt();
  return fit;
}

}  // namespace stockcast::models::stat
