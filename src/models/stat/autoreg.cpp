#include "stockcast/models/stat/autoreg.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "stockcast/core/error.hpp"

namespace stockcast::models::stat {
namespace {

bool has_constant(AutoRegTrend trend) {
  return trend == AutoRegTrend::kConstant || trend == AutoRegTrend::kConstantAndTrend;
}
bool has_trend(AutoRegTrend trend) {
  return trend == AutoRegTrend::kTrend || trend == AutoRegTrend::kConstantAndTrend;
}
int deterministic_count(AutoRegTrend trend) {
  return (has_constant(trend) ? 1 : 0) + (has_trend(trend) ? 1 : 0);
}

// Deterministic terms and lags of row t (0-based observation index).
void fill_row(Eigen::MatrixXd& x, Eigen::Index r, std::span<const double> y, std::size_t t, int lags,
              AutoRegTrend trend) {
  Eigen::Index c = 0;
  if (has_constant(trend)) x(r, c++) = 1.0;
  if (has_trend(trend)) x(r, c++) = static_cast<double>(t + 1);
  for (int j = 1; j <= lags; ++j) x(r, c++) = y[t - static_cast<std::size_t>(j)];
}

struct Ols {
  Eigen::VectorXd beta;
  Eigen::MatrixXd xtx_inv;
  double ssr = 0;
  std::vector<double> residuals;
};

Ols ols(std::span<const double> y, std::size_t hold_back, int lags, AutoRegTrend trend) {
  const std::size_t n = y.size();
  const std::size_t rows = n - hold_back;
  const int k = deterministic_count(trend) + lags;
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows), k);
  Eigen::VectorXd target(static_cast<Eigen::Index>(rows));
  for (std::size_t t = hold_back; t < n; ++t) {
    const auto r = static_cast<Eigen::Index>(t - hold_back);
    fill_row(x, r, y, t, lags, trend);
    target[r] = y[t];
  }
  Ols out;
  if (k == 0) {
    out.beta = Eigen::VectorXd(0);
    out.xtx_inv = Eigen::MatrixXd(0, 0);
  } else {
    const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
    if (qr.rank() < k) {
      throw InvalidInput(fmt::format(
          "fit_autoreg: the AR({}) regression is singular (rank {} of {}): the series is constant or "
          "perfectly collinear with its lags",
          lags, qr.rank(), k));
    }
    out.beta = qr.solve(target);
    // (X'X)^-1 = P R^-1 R^-T P' from the pivoted QR factor.
    const Eigen::MatrixXd r = qr.matrixR().topLeftCorner(k, k).template triangularView<Eigen::Upper>();
    const Eigen::MatrixXd r_inv = r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(k, k));
    const Eigen::MatrixXd inner = r_inv * r_inv.transpose();
    out.xtx_inv = qr.colsPermutation() * inner * qr.colsPermutation().transpose();
  }
  const Eigen::VectorXd resid = k == 0 ? target : Eigen::VectorXd(target - x * out.beta);
  out.ssr = resid.squaredNorm();
  out.residuals.assign(resid.data(), resid.data() + resid.size());
  return out;
}

double criterion_value(const AutoRegFit& fit, InformationCriterion ic) {
  switch (ic) {
    case InformationCriterion::kAic:
      return fit.aic;
    case InformationCriterion::kAicc:
      return fit.aicc;
    case InformationCriterion::kBic:
      return fit.bic;
  }
  return fit.aic;
}

AutoRegFit fit_fixed(std::span<const double> y, int lags, AutoRegTrend trend, std::size_t hold_back) {
  const int k = deterministic_count(trend) + lags;
  const std::size_t n = y.size();
  if (n <= hold_back || n - hold_back <= static_cast<std::size_t>(k)) {
    throw InvalidInput(fmt::format(
        "fit_autoreg: {} observations are too few for AR({}) with {} regressors (hold-back {}); need at "
        "least {}",
        n, lags, k, hold_back, hold_back + static_cast<std::size_t>(k) + 1));
  }
  const Ols o = ols(y, hold_back, lags, trend);
  AutoRegFit fit;
  fit.lags = lags;
  fit.trend = trend;
  if (has_constant(trend)) fit.names.emplace_back("const");
  if (has_trend(trend)) fit.names.emplace_back("trend");
  for (int j = 1; j <= lags; ++j) fit.names.push_back(fmt::format("y.L{}", j));
  fit.params = o.beta;
  fit.nobs = n - hold_back;
  const auto nobs = static_cast<double>(fit.nobs);
  fit.sigma2 = o.ssr / nobs;
  if (!(fit.sigma2 > 0)) {
    throw InvalidInput(
        fmt::format("fit_autoreg: AR({}) fits the series exactly (zero residual variance); "
                    "the series is constant or deterministic",
                    lags));
  }
  fit.cov = fit.sigma2 * o.xtx_inv;
  fit.std_errors = fit.cov.diagonal().cwiseSqrt();
  fit.loglik = -nobs / 2.0 * (std::log(2.0 * std::numbers::pi * fit.sigma2) + 1.0);
  const double kp1 = k + 1.0;
  fit.aic = -2.0 * fit.loglik + 2.0 * kp1;
  fit.bic = -2.0 * fit.loglik + std::log(nobs) * kp1;
  fit.hqic = -2.0 * fit.loglik + 2.0 * std::log(std::log(nobs)) * kp1;
  fit.aicc = nobs - k - 2.0 > 0 ? -2.0 * fit.loglik + 2.0 * kp1 * nobs / (nobs - k - 2.0)
                                : std::numeric_limits<double>::infinity();
  fit.residuals = o.residuals;
  fit.tail.assign(y.end() - lags, y.end());
  fit.series_length = n;
  return fit;
}

}  // namespace

void AutoRegOptions::validate(std::string_view where) const {
  if (lags < 0) throw InvalidInput(fmt::format("{}: lags {} must not be negative", where, lags));
  if (max_lag < 0) throw InvalidInput(fmt::format("{}: max_lag {} must not be negative", where, max_lag));
  if (hold_back != -1 && hold_back < (select ? max_lag : lags)) {
    throw InvalidInput(fmt::format("{}: hold_back {} must be at least the number of lags", where, hold_back));
  }
}

AutoRegFit fit_autoreg(std::span<const double> y, const AutoRegOptions& options) {
  options.validate("fit_autoreg");
  require_finite_values(y, "fit_autoreg");
  if (!options.select) {
    const int hb = options.hold_back < 0 ? options.lags : options.hold_back;
    return fit_fixed(y, options.lags, options.trend, static_cast<std::size_t>(hb));
  }
  const int hb = options.hold_back < 0 ? options.max_lag : options.hold_back;
  std::vector<double> criteria;
  int best = -1;
  double best_value = std::numeric_limits<double>::infinity();
  for (int p = 0; p <= options.max_lag; ++p) {
    if (p == 0 && deterministic_count(options.trend) == 0) {
      criteria.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    const AutoRegFit candidate = fit_fixed(y, p, options.trend, static_cast<std::size_t>(hb));
    const double value = criterion_value(candidate, *options.select);
    criteria.push_back(value);
    if (value < best_value) {
      best_value = value;
      best = p;
    }
  }
  if (best < 0) throw InvalidInput("fit_autoreg: no lag order could be fitted");
  AutoRegFit fit = fit_fixed(y, best, options.trend, static_cast<std::size_t>(best));
  fit.selection_criteria = std::move(criteria);
  return fit;
}

namespace {

IntervalForecast forecast_with(const AutoRegFit& fit, std::span<const double> tail, std::size_t series_length,
                               int horizon, double level) {
  if (horizon < 1) throw InvalidInput(fmt::format("AR forecast: horizon {} must be at least 1", horizon));
  const int lags = fit.lags;
  const AutoRegTrend trend = fit.trend;
  const Eigen::VectorXd& params = fit.params;
  IntervalForecast out;
  out.mean.resize(static_cast<std::size_t>(horizon));
  out.se.resize(static_cast<std::size_t>(horizon));
  std::vector<double> state(tail.begin(), tail.end());  // oldest .. newest
  const int det = deterministic_count(trend);
  for (int h = 0; h < horizon; ++h) {
    double value = 0;
    Eigen::Index c = 0;
    if (trend == AutoRegTrend::kConstant || trend == AutoRegTrend::kConstantAndTrend) value += params[c++];
    if (trend == AutoRegTrend::kTrend || trend == AutoRegTrend::kConstantAndTrend) {
      value += params[c++] * static_cast<double>(series_length + static_cast<std::size_t>(h) + 1);
    }
    for (int j = 1; j <= lags; ++j)
      value += params[det + j - 1] * state[state.size() - static_cast<std::size_t>(j)];
    out.mean[static_cast<std::size_t>(h)] = value;
    state.push_back(value);
  }
  // psi weights of the AR polynomial: psi_0 = 1, psi_j = sum_i phi_i psi_{j-i}.
  std::vector<double> psi(static_cast<std::size_t>(horizon), 0.0);
  psi[0] = 1.0;
  double cumulative = 0;
  for (int j = 0; j < horizon; ++j) {
    if (j > 0) {
      double s = 0;
      for (int i = 1; i <= std::min(j, lags); ++i)
        s += params[det + i - 1] * psi[static_cast<std::size_t>(j - i)];
      psi[static_cast<std::size_t>(j)] = s;
    }
    cumulative += psi[static_cast<std::size_t>(j)] * psi[static_cast<std::size_t>(j)];
    out.se[static_cast<std::size_t>(j)] = std::sqrt(fit.sigma2 * cumulative);
  }
  set_intervals(out, level);
  return out;
}

}  // namespace

IntervalForecast AutoRegFit::forecast(int horizon, double level) const {
  return forecast_with(*this, tail, series_length, horizon, level);
}

IntervalForecast AutoRegFit::forecast_from(std::span<const double> history, int horizon, double level) const {
  if (history.size() < static_cast<std::size_t>(lags)) {
    throw InvalidInput(
        fmt::format("AR forecast: history of {} values is shorter than the {} lags", history.size(), lags));
  }
  require_finite_values(history, "AR forecast");
  return forecast_with(*this, history.subspan(history.size() - static_cast<std::size_t>(lags)),
                       history.size(), horizon, level);
}

}  // namespace stockcast::models::stat
