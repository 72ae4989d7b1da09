#include "stockcast/models/stat/arima.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>

#include "arima_filter.hpp"
#include "optimize.hpp"
#include "polynomial.hpp"
#include "stockcast/core/error.hpp"

namespace stockcast::models::stat {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Number of trend coefficients; throws for a trend with d >= 2.
int trend_count(ArimaTrend trend, int d) {
  if (trend == ArimaTrend::kNone) return 0;
  if (d >= 2) {
    throw InvalidInput(fmt::format(
        "ARIMA: a constant or trend with d = {} implies a polynomial trend of degree {}; use d <= 1 or no "
        "trend (as R's Arima)",
        d, d));
  }
  if (d == 1) return 1;
  return trend == ArimaTrend::kLinear ? 2 : 1;
}

// Value of trend column k at time t (1-based).
double trend_value(ArimaTrend trend, int d, int k, double t) {
  if (d == 1) return t;    // drift
  if (k == 0) return 1.0;  // const
  (void)trend;
  return t;  // drift of kLinear, d = 0
}

// y_t - beta' x_t for t = offset + 1 .. offset + n.
std::vector<double> detrend(std::span<const double> y, ArimaTrend trend, int d,
                            std::span<const double> beta) {
  std::vector<double> out(y.begin(), y.end());
  for (std::size_t k = 0; k < beta.size(); ++k) {
    for (std::size_t t = 0; t < out.size(); ++t) {
      out[t] -= beta[k] * trend_value(trend, d, static_cast<int>(k), static_cast<double>(t + 1));
    }
  }
  return out;
}

double trend_at(ArimaTrend trend, int d, std::span<const double> beta, double t) {
  double v = 0;
  for (std::size_t k = 0; k < beta.size(); ++k) v += beta[k] * trend_value(trend, d, static_cast<int>(k), t);
  return v;
}

void require_series(std::span<const double> y, const ArimaOrder& order, std::string_view where) {
  require_finite_values(y, where);
  if (y.size() <= static_cast<std::size_t>(order.d) + 1) {
    throw InvalidInput(fmt::format("{}: {} observations are too few for d = {}", where, y.size(), order.d));
  }
}

std::vector<double> differenced(std::span<const double> y, int d) {
  return d == 0 ? std::vector<double>(y.begin(), y.end()) : eval::difference(y, d);
}

}  // namespace

std::string to_string(const ArimaOrder& order) {
  return fmt::format("ARIMA({},{},{})", order.p, order.d, order.q);
}

std::string_view to_string(ArimaLikelihood likelihood) noexcept {
  switch (likelihood) {
    case ArimaLikelihood::kStatsmodels:
      return "statsmodels";
    case ArimaLikelihood::kR:
      return "r";
    case ArimaLikelihood::kExact:
      return "exact";
  }
  return "statsmodels";
}

ArimaLikelihood parse_arima_likelihood(std::string_view text, std::string_view where) {
  if (text == "statsmodels") return ArimaLikelihood::kStatsmodels;
  if (text == "r") return ArimaLikelihood::kR;
  if (text == "exact") return ArimaLikelihood::kExact;
  throw InvalidInput(
      fmt::format("{}: unknown likelihood convention '{}'; expected statsmodels, r or exact", where, text));
}

std::vector<std::complex<double>> lag_polynomial_roots(std::span<const double> coefficients) {
  return detail::lag_roots(coefficients);
}

// ---------------------------------------------------------------- ArimaModel

ArimaModel::ArimaModel(ArimaOrder order, ArimaTrend trend, ArimaCoefficients coefficients)
    : order_(order), trend_(trend), coefficients_(std::move(coefficients)) {
  if (order_.p < 0 || order_.d < 0 || order_.q < 0) {
    throw InvalidInput(fmt::format("ARIMA: orders must not be negative, got {}", to_string(order_)));
  }
  const int k = trend_count(trend_, order_.d);
  if (coefficients_.ar.size() != static_cast<std::size_t>(order_.p) ||
      coefficients_.ma.size() != static_cast<std::size_t>(order_.q) ||
      coefficients_.trend.size() != static_cast<std::size_t>(k)) {
    throw InvalidInput(fmt::format(
        "ARIMA: {} with {} trend term(s) needs {} AR, {} MA and {} trend coefficients, got {}, {} and {}",
        to_string(order_), k, order_.p, order_.q, k, coefficients_.ar.size(), coefficients_.ma.size(),
        coefficients_.trend.size()));
  }
  if (!(coefficients_.sigma2 > 0) || !std::isfinite(coefficients_.sigma2)) {
    throw InvalidInput(fmt::format("ARIMA: sigma2 = {} must be a positive number", coefficients_.sigma2));
  }
}

std::vector<std::string> ArimaModel::trend_names() const {
  const int k = trend_count(trend_, order_.d);
  if (k == 0) return {};
  if (order_.d == 1) return {"drift"};
  if (k == 1) return {"const"};
  return {"const", "drift"};
}

std::vector<std::string> ArimaModel::parameter_names() const {
  std::vector<std::string> names = trend_names();
  for (int i = 1; i <= order_.p; ++i) names.push_back(fmt::format("ar.L{}", i));
  for (int i = 1; i <= order_.q; ++i) names.push_back(fmt::format("ma.L{}", i));
  names.emplace_back("sigma2");
  return names;
}

bool ArimaModel::stationary() const { return detail::ar_stationary(coefficients_.ar); }

bool ArimaModel::invertible() const {
  std::vector<double> neg(coefficients_.ma.size());
  for (std::size_t i = 0; i < neg.size(); ++i) neg[i] = -coefficients_.ma[i];
  return detail::ar_stationary(neg);
}

namespace {

struct Prepared {
  detail::ArmaSystem system;
  Eigen::MatrixXd q0;
  std::vector<double> ystar;
};

Prepared prepare(const ArimaModel& model, std::span<const double> y, std::string_view where) {
  require_series(y, model.order(), where);
  Prepared p;
  p.system = detail::make_arma_system(model.coefficients().ar, model.coefficients().ma);
  if (!detail::stationary_covariance(p.system, p.q0)) {
    throw InvalidInput(
        fmt::format("{}: the AR part of {} is not stationary", where, to_string(model.order())));
  }
  p.ystar = detrend(y, model.trend(), model.order().d, model.coefficients().trend);
  return p;
}

}  // namespace

double ArimaModel::loglik(std::span<const double> y, ArimaLikelihood convention) const {
  const Prepared p = prepare(*this, y, "ARIMA loglik");
  const auto sums = detail::run_filter(p.system, p.q0, order_.d, p.ystar, convention, coefficients_.sigma2);
  return detail::loglik_from_sums(sums, coefficients_.sigma2);
}

ConcentratedLoglik ArimaModel::concentrated_loglik(std::span<const double> y,
                                                   ArimaLikelihood convention) const {
  const Prepared p = prepare(*this, y, "ARIMA loglik");
  const auto sums = detail::run_filter(p.system, p.q0, order_.d, p.ystar, convention, coefficients_.sigma2);
  ConcentratedLoglik out;
  out.loglik =
      detail::concentrated_from_sums(sums, y.size() - static_cast<std::size_t>(order_.d), &out.sigma2);
  return out;
}

ArimaModel::Innovations ArimaModel::innovations(std::span<const double> y, ArimaLikelihood convention) const {
  const Prepared p = prepare(*this, y, "ARIMA innovations");
  Innovations out;
  detail::FilterOutputs outputs;
  outputs.residuals = &out.residuals;
  outputs.variances = &out.variances;
  outputs.index = &out.index;
  (void)detail::run_filter(p.system, p.q0, order_.d, p.ystar, convention, coefficients_.sigma2, outputs);
  for (double& f : out.variances) f *= coefficients_.sigma2;
  return out;
}

namespace {

IntervalForecast forecast_at(const ArimaModel& model, const detail::ArmaSystem& system,
                             const detail::FilterState& state, std::size_t origin, int horizon,
                             double level) {
  IntervalForecast out;
  std::vector<double> variance;
  detail::forecast_from_state(system, model.order().d, state, horizon, out.mean, variance);
  out.se.resize(out.mean.size());
  for (std::size_t h = 0; h < out.mean.size(); ++h) {
    out.mean[h] += trend_at(model.trend(), model.order().d, model.coefficients().trend,
                            static_cast<double>(origin + h + 2));
    out.se[h] = std::sqrt(variance[h] * model.coefficients().sigma2);
  }
  set_intervals(out, level);
  return out;
}

}  // namespace

IntervalForecast ArimaModel::forecast(std::span<const double> y, int horizon, ArimaLikelihood convention,
                                      double level) const {
  if (horizon < 1) throw InvalidInput(fmt::format("ARIMA forecast: horizon {} must be at least 1", horizon));
  const Prepared p = prepare(*this, y, "ARIMA forecast");
  detail::FilterState state;
  detail::FilterOutputs outputs;
  outputs.final_state = &state;
  (void)detail::run_filter(p.system, p.q0, order_.d, p.ystar, convention, coefficients_.sigma2, outputs);
  return forecast_at(*this, p.system, state, y.size() - 1, horizon, level);
}

std::vector<IntervalForecast> ArimaModel::forecast_from_origins(std::span<const double> y,
                                                                std::span<const std::size_t> origins,
                                                                int horizon, ArimaLikelihood convention,
                                                                double level) const {
  if (horizon < 1) throw InvalidInput(fmt::format("ARIMA forecast: horizon {} must be at least 1", horizon));
  const Prepared p = prepare(*this, y, "ARIMA forecast");
  std::vector<std::size_t> sorted(origins.begin(), origins.end());
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty() && sorted.back() >= y.size()) {
    throw InvalidInput(
        fmt::format("ARIMA forecast: origin {} out of range ({} observations)", sorted.back(), y.size()));
  }
  std::vector<detail::FilterState> states;
  detail::FilterOutputs outputs;
  outputs.snapshot_after = sorted;
  outputs.snapshots = &states;
  (void)detail::run_filter(p.system, p.q0, order_.d, p.ystar, convention, coefficients_.sigma2, outputs);
  std::vector<IntervalForecast> out;
  out.reserve(origins.size());
  for (const std::size_t origin : origins) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), origin);
    const auto& state = states[static_cast<std::size_t>(it - sorted.begin())];
    out.push_back(forecast_at(*this, p.system, state, origin, horizon, level));
  }
  return out;
}

// ---------------------------------------------------------------- estimation

void ArimaOptions::validate(std::string_view where) const {
  if (order.p < 0 || order.d < 0 || order.q < 0) {
    throw InvalidInput(fmt::format("{}: orders must not be negative, got {}", where, to_string(order)));
  }
  if (order.d > 2) {
    throw InvalidInput(fmt::format("{}: d = {} differences are not supported (at most 2)", where, order.d));
  }
  if (order.p > 20 || order.q > 20) {
    throw InvalidInput(fmt::format("{}: orders above 20 are not supported, got {}", where, to_string(order)));
  }
  if (ljung_box_lags < 0) {
    throw InvalidInput(fmt::format("{}: ljung_box_lags {} must not be negative", where, ljung_box_lags));
  }
  if (!(css_tolerance > 0 && css_tolerance < 1e-2)) {
    throw InvalidInput(fmt::format("{}: css_tolerance {} must lie in (0, 0.01)", where, css_tolerance));
  }
  if (max_evaluations < 10) {
    throw InvalidInput(fmt::format("{}: max_evaluations {} is too small", where, max_evaluations));
  }
  const ArimaTrend t = trend.value_or(order.d == 0 ? ArimaTrend::kConstant : ArimaTrend::kNone);
  (void)trend_count(t, order.d);
}

namespace {

// Layout of the coefficient vector used by the estimators: [trend (k), ar (p), ma (q)].
struct Layout {
  int k = 0;
  int p = 0;
  int q = 0;
  [[nodiscard]] int size() const { return k + p + q; }
};

ArimaCoefficients unpack(const Layout& layout, const Eigen::VectorXd& x, double sigma2) {
  ArimaCoefficients c;
  c.trend.assign(x.data(), x.data() + layout.k);
  c.ar.assign(x.data() + layout.k, x.data() + layout.k + layout.p);
  c.ma.assign(x.data() + layout.k + layout.p, x.data() + layout.size());
  c.sigma2 = sigma2;
  return c;
}

// Everything the objective functions share for one series.
struct Problem {
  std::span<const double> y;
  ArimaOrder order;
  ArimaTrend trend;
  Layout layout;
  std::vector<double> design;  // trend columns, column-major n x k
  std::size_t n = 0;
  mutable int evaluations = 0;
  std::vector<double> w0;                  // d-times differenced y
  std::vector<std::vector<double>> dcols;  // d-times differenced trend columns

  // (1 - B)^d (y - X beta) into `out` (points at w0 itself when there is no trend).
  const std::vector<double>& differenced_detrended(const double* beta, std::vector<double>& out) const {
    if (layout.k == 0) return w0;
    out.assign(w0.begin(), w0.end());
    for (int k = 0; k < layout.k; ++k) {
      const double b = beta[k];
      const auto& c = dcols[static_cast<std::size_t>(k)];
      for (std::size_t t = 0; t < out.size(); ++t) out[t] -= b * c[t];
    }
    return out;
  }

  // y - X beta
  void detrend_into(const double* beta, std::vector<double>& out) const {
    out.assign(y.begin(), y.end());
    for (int k = 0; k < layout.k; ++k) {
      const double b = beta[k];
      const double* col = design.data() + static_cast<std::size_t>(k) * n;
      for (std::size_t t = 0; t < n; ++t) out[t] -= b * col[t];
    }
  }
};

// The CSS recursion (sum of squared residuals) for orders known at compile time, the last Q
// residuals kept in registers.
template <int P, int Q>
double css_value_kernel(const double* w, std::size_t m, const double* phi, const double* theta) {
  double eh[Q > 0 ? Q : 1] = {};
  double ssq = 0;
  for (std::size_t l = P; l < m; ++l) {
    double v = w[l];
    for (int j = 0; j < P; ++j) v -= phi[j] * w[l - static_cast<std::size_t>(j) - 1];
    for (int i = 0; i < Q; ++i) v -= theta[i] * eh[i];
    ssq += v * v;
    for (int i = Q - 1; i > 0; --i) eh[i] = eh[i - 1];
    if constexpr (Q > 0) eh[0] = v;
  }
  return ssq;
}

using CssValueKernel = double (*)(const double*, std::size_t, const double*, const double*);

template <int P, int Q>
constexpr CssValueKernel value_kernel_for() {
  return &css_value_kernel<P, Q>;
}

CssValueKernel css_value_kernel_of(int p, int q) {
  static constexpr CssValueKernel kTable[4][4] = {
      {value_kernel_for<0, 0>(), value_kernel_for<0, 1>(), value_kernel_for<0, 2>(),
       value_kernel_for<0, 3>()},
      {value_kernel_for<1, 0>(), value_kernel_for<1, 1>(), value_kernel_for<1, 2>(),
       value_kernel_for<1, 3>()},
      {value_kernel_for<2, 0>(), value_kernel_for<2, 1>(), value_kernel_for<2, 2>(),
       value_kernel_for<2, 3>()},
      {value_kernel_for<3, 0>(), value_kernel_for<3, 1>(), value_kernel_for<3, 2>(),
       value_kernel_for<3, 3>()},
  };
  if (p > 3 || q > 3) return nullptr;
  return kTable[p][q];
}

// Conditional sum of squares objective 0.5 log(ssq / nu) of R's arima(method = "CSS").
double css_objective(const Problem& pr, const Eigen::VectorXd& x, double* sigma2_out,
                     std::vector<double>* residuals = nullptr) {
  ++pr.evaluations;
  // Scratch buffers reused across the many evaluations of a search.
  thread_local std::vector<double> buffer;
  thread_local std::vector<double> e;
  const std::vector<double>& w = pr.differenced_detrended(x.data(), buffer);
  const std::size_t m = w.size();
  const int p = pr.layout.p;
  const int q = pr.layout.q;
  const double* phi = x.data() + pr.layout.k;
  const double* theta = phi + p;
  double ssq = 0;
  const CssValueKernel kernel = residuals == nullptr ? css_value_kernel_of(p, q) : nullptr;
  if (kernel != nullptr) {
    ssq = kernel(w.data(), m, phi, theta);
  } else {
    e.assign(m, 0.0);
    for (std::size_t l = static_cast<std::size_t>(p); l < m; ++l) {
      double v = w[l];
      for (int j = 0; j < p; ++j) v -= phi[j] * w[l - static_cast<std::size_t>(j) - 1];
      const std::size_t avail =
          std::min<std::size_t>(l - static_cast<std::size_t>(p), static_cast<std::size_t>(q));
      for (std::size_t j = 0; j < avail; ++j) v -= theta[j] * e[l - j - 1];
      e[l] = v;
      ssq += v * v;
    }
  }
  const auto nu = static_cast<double>(m - static_cast<std::size_t>(p));
  const double s2 = ssq / nu;
  if (sigma2_out != nullptr) *sigma2_out = s2;
  if (residuals != nullptr) residuals->assign(e.begin(), e.end());
  if (!std::isfinite(s2) || !(s2 > 0)) return kInf;
  return 0.5 * std::log(s2);
}

// The CSS recursion with its gradient for orders known at compile time: the last Q residuals and
// their derivatives stay in registers. Residuals before the first one are zero (R's conditioning),
// so the recursion needs no special start. Returns ssq and adds sum e_t de_t into g.
template <int P, int Q>
double css_kernel(const double* w, std::size_t m, const double* phi, const double* theta, int kt,
                  const std::vector<std::vector<double>>& columns, double* g) {
  constexpr int kArma = P + Q;
  constexpr int kMax = kArma + 2;  // at most two trend coefficients
  double eh[Q > 0 ? Q : 1] = {};
  double dh[Q > 0 ? Q : 1][kMax] = {};
  double gl[kMax] = {};
  double ssq = 0;
  const double* c0 = kt > 0 ? columns[0].data() : nullptr;
  const double* c1 = kt > 1 ? columns[1].data() : nullptr;
  for (std::size_t l = P; l < m; ++l) {
    double v = w[l];
    for (int j = 0; j < P; ++j) v -= phi[j] * w[l - static_cast<std::size_t>(j) - 1];
    for (int i = 0; i < Q; ++i) v -= theta[i] * eh[i];
    double dv[kMax];
    for (int k = 0; k < kt; ++k) {
      const double* c = k == 0 ? c0 : c1;
      double x = -c[l];
      for (int j = 0; j < P; ++j) x += phi[j] * c[l - static_cast<std::size_t>(j) - 1];
      dv[k] = x;
    }
    for (int j = 0; j < P; ++j) dv[kt + j] = -w[l - static_cast<std::size_t>(j) - 1];
    for (int i = 0; i < Q; ++i) dv[kt + P + i] = -eh[i];
    for (int i = 0; i < Q; ++i) {
      for (int a = 0; a < kt + kArma; ++a) dv[a] -= theta[i] * dh[i][a];
    }
    ssq += v * v;
    for (int a = 0; a < kt + kArma; ++a) gl[a] += v * dv[a];
    for (int i = Q - 1; i > 0; --i) {
      eh[i] = eh[i - 1];
      for (int a = 0; a < kt + kArma; ++a) dh[i][a] = dh[i - 1][a];
    }
    if constexpr (Q > 0) {
      eh[0] = v;
      for (int a = 0; a < kt + kArma; ++a) dh[0][a] = dv[a];
    }
  }
  for (int a = 0; a < kt + kArma; ++a) g[a] += gl[a];
  return ssq;
}

using CssKernel = double (*)(const double*, std::size_t, const double*, const double*, int,
                             const std::vector<std::vector<double>>&, double*);

template <int P, int Q>
constexpr CssKernel kernel_for() {
  return &css_kernel<P, Q>;
}

// The compiled kernel of order (p, q) when both are at most 3, else nullptr.
CssKernel css_kernel_of(int p, int q) {
  static constexpr CssKernel kTable[4][4] = {
      {kernel_for<0, 0>(), kernel_for<0, 1>(), kernel_for<0, 2>(), kernel_for<0, 3>()},
      {kernel_for<1, 0>(), kernel_for<1, 1>(), kernel_for<1, 2>(), kernel_for<1, 3>()},
      {kernel_for<2, 0>(), kernel_for<2, 1>(), kernel_for<2, 2>(), kernel_for<2, 3>()},
      {kernel_for<3, 0>(), kernel_for<3, 1>(), kernel_for<3, 2>(), kernel_for<3, 3>()},
  };
  if (p > 3 || q > 3) return nullptr;
  return kTable[p][q];
}

// The CSS objective and its exact gradient, the derivatives of the residuals following the same
// recursion: de_t = dw_t - sum_j phi_j dw_{t-j} - w_{t-j} dphi_j - sum_i (theta_i de_{t-i} + e_{t-i}
// dtheta_i).
detail::GradientObjective css_with_gradient(const Problem& pr) {
  // dw_t / dbeta_k is minus the differenced trend column pr.dcols[k].
  const auto* columns = &pr.dcols;
  return [&pr, columns](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
    if (gradient == nullptr) return css_objective(pr, x, nullptr);
    ++pr.evaluations;
    thread_local std::vector<double> buffer;
    thread_local std::vector<double> e;
    thread_local std::vector<double> de;
    const std::vector<double>& w = pr.differenced_detrended(x.data(), buffer);
    const std::size_t m = w.size();
    const int kt = pr.layout.k;
    const int p = pr.layout.p;
    const int q = pr.layout.q;
    const int npar = pr.layout.size();
    const double* phi = x.data() + kt;
    const double* theta = phi + p;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(npar);
    double ssq = 0;
    if (const CssKernel kernel = css_kernel_of(p, q); kernel != nullptr) {
      ssq = kernel(w.data(), m, phi, theta, kt, *columns, g.data());
    } else {
      e.assign(m, 0.0);
      de.assign(m * static_cast<std::size_t>(npar), 0.0);  // de[t * npar + a]
      for (std::size_t l = static_cast<std::size_t>(p); l < m; ++l) {
        const std::size_t avail =
            std::min<std::size_t>(l - static_cast<std::size_t>(p), static_cast<std::size_t>(q));
        double v = w[l];
        for (int j = 0; j < p; ++j) v -= phi[j] * w[l - static_cast<std::size_t>(j) - 1];
        for (std::size_t i = 0; i < avail; ++i) v -= theta[i] * e[l - i - 1];
        e[l] = v;
        ssq += v * v;
        double* dl = de.data() + l * static_cast<std::size_t>(npar);
        for (int k = 0; k < kt; ++k) {
          const auto& c = (*columns)[static_cast<std::size_t>(k)];
          double dv = -c[l];
          for (int j = 0; j < p; ++j) dv += phi[j] * c[l - static_cast<std::size_t>(j) - 1];
          dl[k] = dv;
        }
        for (int j = 0; j < p; ++j) dl[kt + j] = -w[l - static_cast<std::size_t>(j) - 1];
        for (int i = 0; i < q; ++i)
          dl[kt + p + i] =
              static_cast<std::size_t>(i) < avail ? -e[l - static_cast<std::size_t>(i) - 1] : 0.0;
        for (std::size_t i = 0; i < avail; ++i) {
          const double* prev = de.data() + (l - i - 1) * static_cast<std::size_t>(npar);
          const double th = theta[i];
          for (int a = 0; a < npar; ++a) dl[a] -= th * prev[a];
        }
        for (int a = 0; a < npar; ++a) g[a] += v * dl[a];
      }
    }
    const auto nu = static_cast<double>(m - static_cast<std::size_t>(p));
    const double s2 = ssq / nu;
    if (!std::isfinite(s2) || !(s2 > 0)) {
      gradient->setZero(npar);
      return kInf;
    }
    *gradient = g / ssq;
    return 0.5 * std::log(s2);
  };
}

// -loglik in `convention` at x (trend, ar, ma); sigma2 concentrated (kR, kExact) or given.
double negative_loglik(const Problem& pr, const Eigen::VectorXd& x, ArimaLikelihood convention,
                       std::optional<double> sigma2, double* sigma2_hat = nullptr) {
  ++pr.evaluations;
  const auto c = unpack(pr.layout, x, sigma2.value_or(1.0));
  const auto system = detail::make_arma_system(c.ar, c.ma);
  Eigen::MatrixXd q0;
  if (!detail::stationary_covariance(system, q0)) return kInf;
  std::vector<double> ystar;
  pr.detrend_into(x.data(), ystar);
  const auto sums = detail::run_filter(system, q0, pr.order.d, ystar, convention, sigma2.value_or(1.0));
  if (sums.nu == 0) return kInf;
  double value = 0;
  if (sigma2) {
    value = -detail::loglik_from_sums(sums, *sigma2);
  } else {
    value = -detail::concentrated_from_sums(sums, pr.n - static_cast<std::size_t>(pr.order.d), sigma2_hat);
  }
  return std::isfinite(value) ? value : kInf;
}

// negative_loglik at several points in one filter batch. Each point is (trend, ar, ma) or, with
// `with_sigma2`, (trend, ar, ma, sigma2).
void negative_loglik_batch(const Problem& pr, std::span<const Eigen::VectorXd> points,
                           ArimaLikelihood convention, bool with_sigma2, std::span<double> values) {
  const std::size_t count = points.size();
  pr.evaluations += static_cast<int>(count);
  std::vector<detail::ArmaSystem> systems(count);
  std::vector<Eigen::MatrixXd> q0s(count);
  std::vector<std::vector<double>> series(pr.layout.k > 0 ? count : 0);
  std::vector<detail::BatchLane> lanes;
  std::vector<std::size_t> lane_of;
  lanes.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Eigen::VectorXd& x = points[i];
    const double sigma2 = with_sigma2 ? x[pr.layout.size()] : 1.0;
    values[i] = kInf;
    if (!(sigma2 > 0)) continue;
    const auto c = unpack(pr.layout, x.head(pr.layout.size()), sigma2);
    // Invertibility is enforced by the search's parametrisation; refinements in the natural
    // parametrisation must not leave the invertible region either.
    std::vector<double> neg_ma(c.ma.size());
    for (std::size_t j = 0; j < neg_ma.size(); ++j) neg_ma[j] = -c.ma[j];
    if (!detail::ar_stationary(neg_ma)) continue;
    systems[i] = detail::make_arma_system(c.ar, c.ma);
    if (!detail::stationary_covariance(systems[i], q0s[i])) continue;
    detail::BatchLane lane;
    lane.system = &systems[i];
    lane.q0 = &q0s[i];
    lane.sigma2 = sigma2;
    if (pr.layout.k > 0) {
      pr.detrend_into(x.data(), series[i]);
      lane.y = series[i];
    } else {
      lane.y = pr.y;
    }
    lanes.push_back(lane);
    lane_of.push_back(i);
  }
  std::vector<detail::FilterSums> sums(lanes.size());
  detail::run_filter_batch(lanes, pr.order.d, convention, sums);
  for (std::size_t j = 0; j < lanes.size(); ++j) {
    const std::size_t i = lane_of[j];
    if (sums[j].nu == 0) continue;
    double value = 0;
    if (with_sigma2) {
      value = -detail::loglik_from_sums(sums[j], lanes[j].sigma2);
    } else {
      value = -detail::concentrated_from_sums(sums[j], pr.n - static_cast<std::size_t>(pr.order.d), nullptr);
    }
    values[i] = std::isfinite(value) ? value : kInf;
  }
}

// Maps the estimator's coefficients (trend, ar, ma) to unconstrained ones (trend, atanh pacf of ar,
// atanh pacf of -ma); false when the AR part is not stationary or the MA part not invertible.
bool to_unconstrained(const Layout& layout, const Eigen::VectorXd& x, Eigen::VectorXd& u) {
  u = x;
  std::vector<double> ar(x.data() + layout.k, x.data() + layout.k + layout.p);
  std::vector<double> neg_ma(static_cast<std::size_t>(layout.q));
  for (int i = 0; i < layout.q; ++i) neg_ma[static_cast<std::size_t>(i)] = -x[layout.k + layout.p + i];
  std::vector<double> ua;
  std::vector<double> um;
  if (!detail::ar_to_unconstrained(ar, ua) || !detail::ar_to_unconstrained(neg_ma, um)) return false;
  for (int i = 0; i < layout.p; ++i) u[layout.k + i] = ua[static_cast<std::size_t>(i)];
  for (int i = 0; i < layout.q; ++i) u[layout.k + layout.p + i] = um[static_cast<std::size_t>(i)];
  return u.allFinite();
}

Eigen::VectorXd from_unconstrained(const Layout& layout, const Eigen::VectorXd& u) {
  Eigen::VectorXd x = u;
  const auto ar = detail::unconstrained_to_ar(std::span<const double>(u.data() + layout.k, layout.p));
  const auto neg_ma =
      detail::unconstrained_to_ar(std::span<const double>(u.data() + layout.k + layout.p, layout.q));
  for (int i = 0; i < layout.p; ++i) x[layout.k + i] = ar[static_cast<std::size_t>(i)];
  for (int i = 0; i < layout.q; ++i) x[layout.k + layout.p + i] = -neg_ma[static_cast<std::size_t>(i)];
  return x;
}

// Ordinary least squares solution of A b = y (A full column rank).
Eigen::VectorXd least_squares(const Eigen::MatrixXd& a, const Eigen::VectorXd& y) {
  return a.colPivHouseholderQr().solve(y);
}

// Hannan-Rissanen estimates of (ar, ma) for a zero-mean series w; zeros where they fail.
void hannan_rissanen(std::span<const double> w, int p, int q, double* phi, double* theta) {
  std::fill(phi, phi + p, 0.0);
  std::fill(theta, theta + q, 0.0);
  if (p + q == 0) return;
  const auto m = static_cast<int>(w.size());
  int kk = q > 0 ? std::max(2 * std::max(p, q) + 1, std::min(20, m / 10)) : p;
  if (m - kk - std::max(p, q) <= p + q + 5) return;
  std::vector<double> resid(static_cast<std::size_t>(m), 0.0);
  if (q > 0) {
    Eigen::MatrixXd a(m - kk, kk + 1);
    Eigen::VectorXd b(m - kk);
    for (int t = kk; t < m; ++t) {
      a(t - kk, 0) = 1.0;
      for (int j = 1; j <= kk; ++j) a(t - kk, j) = w[static_cast<std::size_t>(t - j)];
      b[t - kk] = w[static_cast<std::size_t>(t)];
    }
    const Eigen::VectorXd coef = least_squares(a, b);
    const Eigen::VectorXd e = b - a * coef;
    for (int t = kk; t < m; ++t) resid[static_cast<std::size_t>(t)] = e[t - kk];
  }
  const int start = q > 0 ? kk + q : p;
  Eigen::MatrixXd a(m - start, p + q);
  Eigen::VectorXd b(m - start);
  for (int t = start; t < m; ++t) {
    for (int j = 1; j <= p; ++j) a(t - start, j - 1) = w[static_cast<std::size_t>(t - j)];
    for (int j = 1; j <= q; ++j) a(t - start, p + j - 1) = resid[static_cast<std::size_t>(t - j)];
    b[t - start] = w[static_cast<std::size_t>(t)];
  }
  const Eigen::VectorXd coef = least_squares(a, b);
  if (!coef.allFinite()) return;
  std::vector<double> ar(coef.data(), coef.data() + p);
  std::vector<double> neg_ma(static_cast<std::size_t>(q));
  for (int j = 0; j < q; ++j) neg_ma[static_cast<std::size_t>(j)] = -coef[p + j];
  if (detail::ar_stationary(ar)) std::copy(ar.begin(), ar.end(), phi);
  if (detail::ar_stationary(neg_ma)) {
    for (int j = 0; j < q; ++j) theta[j] = coef[p + j];
  }
}

// Shrinks a non-stationary AR part and inverts a non-invertible MA part of x so that ML can start
// from it (R stops with "non-stationary AR part from CSS" here; stockcast repairs the start).
void make_admissible(const Layout& layout, Eigen::VectorXd& x) {
  std::vector<double> ar(x.data() + layout.k, x.data() + layout.k + layout.p);
  for (int tries = 0; tries < 200 && !detail::ar_stationary(ar); ++tries) {
    for (double& v : ar) v *= 0.9;
  }
  if (!detail::ar_stationary(ar)) std::fill(ar.begin(), ar.end(), 0.0);
  for (int i = 0; i < layout.p; ++i) x[layout.k + i] = ar[static_cast<std::size_t>(i)];
  std::vector<double> ma(x.data() + layout.k + layout.p, x.data() + layout.size());
  ma = detail::invert_ma(ma);
  std::vector<double> neg(ma.size());
  for (std::size_t i = 0; i < ma.size(); ++i) neg[i] = -ma[i];
  for (int tries = 0; tries < 200 && !detail::ar_stationary(neg); ++tries) {
    for (double& v : neg) v *= 0.99;
  }
  if (!detail::ar_stationary(neg)) std::fill(neg.begin(), neg.end(), 0.0);
  for (int i = 0; i < layout.q; ++i) x[layout.k + layout.p + i] = -neg[static_cast<std::size_t>(i)];
}

}  // namespace

ArimaFit fit_arima(std::span<const double> y, const ArimaOptions& options) {
  constexpr std::string_view kWhere = "fit_arima";
  options.validate(kWhere);
  require_finite_values(y, kWhere);
  const ArimaOrder order = options.order;
  const ArimaTrend trend = options.trend.value_or(order.d == 0 ? ArimaTrend::kConstant : ArimaTrend::kNone);
  Problem pr;
  pr.y = y;
  pr.order = order;
  pr.trend = trend;
  pr.layout = Layout{trend_count(trend, order.d), order.p, order.q};
  pr.n = y.size();
  const int npar = pr.layout.size() + 1;
  const std::size_t nobs =
      y.size() > static_cast<std::size_t>(order.d) ? y.size() - static_cast<std::size_t>(order.d) : 0;
  if (nobs <= static_cast<std::size_t>(order.p + npar + 1)) {
    throw InvalidInput(
        fmt::format("{}: {} observations are too few for {} with {} parameters (need more than {})", kWhere,
                    y.size(), to_string(order), npar, order.d + order.p + npar + 1));
  }
  const std::vector<double> w0 = differenced(y, order.d);
  if (eval::is_constant(w0)) {
    throw InvalidInput(fmt::format("{}: the series{} is constant; an ARIMA model cannot be fitted", kWhere,
                                   order.d > 0 ? fmt::format(" after {} difference(s)", order.d) : ""));
  }
  pr.design.assign(static_cast<std::size_t>(pr.layout.k) * pr.n, 0.0);
  for (int k = 0; k < pr.layout.k; ++k) {
    for (std::size_t t = 0; t < pr.n; ++t) {
      pr.design[static_cast<std::size_t>(k) * pr.n + t] =
          trend_value(trend, order.d, k, static_cast<double>(t + 1));
    }
  }

  pr.w0 = w0;
  for (int k = 0; k < pr.layout.k; ++k) {
    std::vector<double> col(
        pr.design.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) * pr.n),
        pr.design.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k + 1) * pr.n));
    pr.dcols.push_back(differenced(col, order.d));
  }

  // Starting values: trend by least squares on the differenced series, ARMA by Hannan-Rissanen.
  Eigen::VectorXd x = Eigen::VectorXd::Zero(pr.layout.size());
  Eigen::VectorXd trend_scale;
  if (pr.layout.k > 0) {
    const std::size_t m = w0.size();
    Eigen::MatrixXd a(static_cast<Eigen::Index>(m), pr.layout.k);
    for (int k = 0; k < pr.layout.k; ++k) {
      std::vector<double> col(
          pr.design.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) * pr.n),
          pr.design.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k + 1) * pr.n));
      const auto dcol = differenced(col, order.d);
      for (std::size_t t = 0; t < m; ++t) a(static_cast<Eigen::Index>(t), k) = dcol[t];
    }
    const Eigen::Map<const Eigen::VectorXd> b(w0.data(), static_cast<Eigen::Index>(m));
    x.head(pr.layout.k) = least_squares(a, b);
    // Least-squares standard errors of the trend: R scales its search in these coefficients by
    // ten of them (arima's parscale), which also sets its finite-difference steps.
    const Eigen::VectorXd resid = b - a * x.head(pr.layout.k);
    const double s2 = resid.squaredNorm() / std::max<double>(1.0, static_cast<double>(m) - pr.layout.k);
    const Eigen::MatrixXd xtx_inv = (a.transpose() * a).inverse();
    trend_scale.resize(pr.layout.k);
    for (int k = 0; k < pr.layout.k; ++k) trend_scale[k] = 10.0 * std::sqrt(s2 * xtx_inv(k, k));
  }
  {
    std::vector<double> ystar;
    pr.detrend_into(x.data(), ystar);
    const auto w = differenced(ystar, order.d);
    if (options.start == ArimaStart::kHannanRissanen) {
      hannan_rissanen(w, order.p, order.q, x.data() + pr.layout.k, x.data() + pr.layout.k + pr.layout.p);
    }
  }

  ArimaFit fit;
  Eigen::MatrixXd fit_hessian;
  fit.method = options.method;
  fit.likelihood = options.likelihood;
  fit.nobs = nobs;
  fit.series.assign(y.begin(), y.end());
  std::string status = "none";

  // Conditional sum of squares.
  if (options.method != ArimaMethod::kMl && pr.layout.size() > 0) {
    detail::MinimizeOptions mo;
    mo.max_evaluations = options.max_evaluations;
    mo.xtol_rel = options.css_tolerance < 1e-10 ? 1e-10 : 0.0;
    mo.ftol_rel = options.css_tolerance;
    const auto css = detail::minimize(css_with_gradient(pr), x, mo);
    status = css.status_text;
    if (std::isfinite(css.value)) x = css.x;
    if (!css.ok() && options.method == ArimaMethod::kCss) {
      throw NumericalError(fmt::format("{}: the CSS optimiser failed for {} (NLopt status {})", kWhere,
                                       to_string(order), css.status_text));
    }
  }
  double css_sigma2 = 0;
  (void)css_objective(pr, x, &css_sigma2);
  fit.css_sigma2 = css_sigma2;

  if (options.method == ArimaMethod::kCss) {
    // R's CSS results: loglik -(n_used (log(2 pi sigma2) + 1)) / 2 with sigma2 = ssq / nu.
    const auto n_used = static_cast<double>(nobs);
    fit.loglik = -0.5 * (n_used * std::log(2.0 * std::numbers::pi * css_sigma2) + n_used);
    fit.model = ArimaModel(order, trend, unpack(pr.layout, x, css_sigma2));
    fit.converged = true;
    fit.optimizer_status = status;
  } else {
    make_admissible(pr.layout, x);
    // Maximum likelihood over the unconstrained parametrisation; the statsmodels convention is
    // first maximised in its concentrated exact form and refined below with sigma2 free.
    const ArimaLikelihood search =
        options.likelihood == ArimaLikelihood::kStatsmodels ? ArimaLikelihood::kExact : options.likelihood;
    Eigen::VectorXd u;
    if (!to_unconstrained(pr.layout, x, u)) {
      throw Internal(fmt::format("{}: starting values of {} are not admissible", kWhere, to_string(order)));
    }
    Eigen::MatrixXd hessian;  // of -loglik at the final (x, sigma2), when the refinement converged
    if (pr.layout.size() > 0) {
      detail::MinimizeOptions mo;
      mo.max_evaluations = options.max_evaluations;
      mo.xtol_rel = 1e-7;
      mo.ftol_rel = 1e-11;
      const auto objective = detail::with_numerical_gradient_batch(
          [&](std::span<const Eigen::VectorXd> points, std::span<double> values) {
            std::vector<Eigen::VectorXd> natural;
            natural.reserve(points.size());
            for (const auto& v : points) natural.push_back(from_unconstrained(pr.layout, v));
            negative_loglik_batch(pr, natural, search, false, values);
          });
      // Mixed ARMA likelihoods often have a second ridge of near-cancelling AR and MA roots. The
      // conditional sum of squares (cheap) is also minimised from white noise and from the
      // sign-flipped estimate; the endpoint with the highest exact likelihood starts the search.
      Eigen::VectorXd start = u;
      if (order.p > 0 && order.q > 0 && options.multiple_starts) {
        std::vector<Eigen::VectorXd> candidates{x};
        detail::MinimizeOptions coarse;
        coarse.max_evaluations = options.max_evaluations;
        coarse.xtol_rel = 1e-6;
        coarse.ftol_rel = 1e-10;
        const auto css = css_with_gradient(pr);
        for (const double sign : {0.0, -1.0}) {
          Eigen::VectorXd from = x;
          from.tail(pr.layout.p + pr.layout.q) *= sign;
          Eigen::VectorXd end = detail::minimize(css, from, coarse).x;
          make_admissible(pr.layout, end);
          candidates.push_back(end);
        }
        std::vector<double> values(candidates.size());
        negative_loglik_batch(pr, candidates, search, false, values);
        std::size_t best_index = 0;
        for (std::size_t i = 1; i < values.size(); ++i) {
          if (values[i] < values[best_index]) best_index = i;
        }
        Eigen::VectorXd best_u;
        if (best_index > 0 && to_unconstrained(pr.layout, candidates[best_index], best_u)) start = best_u;
      }
      const detail::MinimizeResult best = detail::minimize(objective, start, mo);
      status = best.status_text;
      if (!std::isfinite(best.value)) {
        throw NumericalError(fmt::format("{}: the likelihood of {} could not be maximised (NLopt status {})",
                                         kWhere, to_string(order), best.status_text));
      }
      x = from_unconstrained(pr.layout, best.x);
      fit.converged = best.ok();
    } else {
      fit.converged = true;
    }
    double sigma2 = 0;
    (void)negative_loglik(pr, x, search, std::nullopt, &sigma2);
    // Newton refinement of (coefficients, sigma2) in the natural parametrisation and the reported
    // convention; its Hessian gives the standard errors.
    const ArimaLikelihood conv = options.likelihood;
    Eigen::VectorXd z(npar);
    z.head(pr.layout.size()) = x;
    z[npar - 1] = sigma2;
    const auto refined = detail::newton_refine_batch(
        [&](std::span<const Eigen::VectorXd> points, std::span<double> values) {
          negative_loglik_batch(pr, points, conv, true, values);
        },
        z, 20, 1e-12);
    const bool newton_ok = refined.converged;
    x = refined.x.head(pr.layout.size());
    sigma2 = refined.x[npar - 1];
    if (newton_ok) hessian = refined.hessian;
    // Converged when the Newton refinement certifies a stationary point with a positive definite
    // Hessian, or (an optimum on the boundary of the admissible region) NLopt itself succeeded.
    fit.converged = newton_ok || fit.converged;
    fit.optimizer_status =
        fmt::format("{}; Newton refinement {}", status, newton_ok ? "converged" : "did not converge");
    fit.model = ArimaModel(order, trend, unpack(pr.layout, x, sigma2));
    fit.loglik = -negative_loglik(pr, x, conv, sigma2);
    fit_hessian = hessian;
  }

  // Parameters, standard errors, criteria.
  fit.names = fit.model.parameter_names();
  fit.params.resize(npar);
  fit.params.head(pr.layout.size()) = x;
  fit.params[npar - 1] = fit.model.coefficients().sigma2;
  fit.std_errors = Eigen::VectorXd::Constant(npar, std::numeric_limits<double>::quiet_NaN());
  fit.cov = Eigen::MatrixXd::Constant(npar, npar, std::numeric_limits<double>::quiet_NaN());
  if (options.standard_errors && options.method == ArimaMethod::kCss && pr.layout.size() > 0) {
    // R's arima(method = "CSS"): var = solve(hessian * n_used), with optim's Hessian of the
    // objective 0.5 log(ssq / nu): differences of its central-difference gradient with steps 1e-3
    // times the parameter scale (1 for ARMA coefficients, ten least-squares standard errors for the
    // trend). sigma2 has no standard error.
    Eigen::VectorXd steps = Eigen::VectorXd::Constant(pr.layout.size(), 1e-3);
    for (int k = 0; k < pr.layout.k; ++k) steps[k] = 1e-3 * trend_scale[k];
    const Eigen::MatrixXd h = detail::gradient_difference_hessian(
        [&](const Eigen::VectorXd& v) { return css_objective(pr, v, nullptr); }, x, steps);
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(h * static_cast<double>(nobs));
    if (h.allFinite() && lu.isInvertible()) {
      fit.cov.topLeftCorner(pr.layout.size(), pr.layout.size()) = lu.inverse();
      for (int i = 0; i < pr.layout.size(); ++i) {
        const double v = fit.cov(i, i);
        fit.std_errors[i] = v > 0 ? std::sqrt(v) : std::numeric_limits<double>::quiet_NaN();
      }
    }
  }
  if (options.standard_errors && options.method != ArimaMethod::kCss) {
    const ArimaLikelihood conv = options.likelihood;
    const Eigen::MatrixXd h =
        fit_hessian.size() > 0 ? fit_hessian
                               : detail::numerical_hessian_batch(
                                     [&](std::span<const Eigen::VectorXd> points, std::span<double> values) {
                                       negative_loglik_batch(pr, points, conv, true, values);
                                     },
                                     fit.params);
    const Eigen::FullPivLU<Eigen::MatrixXd> lu(h);
    if (h.allFinite() && lu.isInvertible()) {
      fit.cov = lu.inverse();
      for (int i = 0; i < npar; ++i) {
        const double v = fit.cov(i, i);
        fit.std_errors[i] = v > 0 ? std::sqrt(v) : std::numeric_limits<double>::quiet_NaN();
      }
    }
  }
  const double k = npar;
  const auto n_eff = static_cast<double>(nobs);
  fit.aic = -2.0 * fit.loglik + 2.0 * k;
  fit.bic = -2.0 * fit.loglik + k * std::log(n_eff);
  fit.aicc = n_eff - k - 1.0 > 0 ? fit.aic + 2.0 * k * (k + 1.0) / (n_eff - k - 1.0) : kInf;
  fit.evaluations = pr.evaluations;

  // Residual diagnostics.
  std::vector<double> standardised;
  if (options.method == ArimaMethod::kCss) {
    std::vector<double> e;
    (void)css_objective(pr, x, nullptr, &e);
    fit.residuals.assign(e.begin() + order.p, e.end());
    standardised = fit.residuals;
  } else {
    const auto inn = fit.model.innovations(y, fit.likelihood);
    fit.residuals = inn.residuals;
    standardised.resize(inn.residuals.size());
    for (std::size_t i = 0; i < standardised.size(); ++i) {
      standardised[i] = inn.residuals[i] / std::sqrt(inn.variances[i]);
    }
  }
  const int fitted = order.p + order.q;
  int lags = options.ljung_box_lags > 0 ? options.ljung_box_lags
                                        : std::min<int>(10, static_cast<int>(standardised.size() / 5));
  lags = std::max(lags, fitted + 1);
  if (static_cast<std::size_t>(lags) < standardised.size() && !eval::is_constant(standardised)) {
    fit.ljung_box = eval::ljung_box(standardised, lags, fitted);
  }
  return fit;
}

IntervalForecast ArimaFit::forecast(int horizon, double level) const {
  return model.forecast(series, horizon, likelihood, level);
}

}  // namespace stockcast::models::stat
