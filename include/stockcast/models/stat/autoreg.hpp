#pragma once
/// \file
/// AR(p) by ordinary least squares, as statsmodels' AutoReg: the regression of y_t on a constant
/// (and optionally a time trend) and y_{t-1} .. y_{t-p}, conditional on the first observations.
///
///     auto fit = stockcast::models::stat::fit_autoreg(close, {.lags = 5});
///     fit.params;                 // const, y.L1 .. y.L5
///     auto fc = fit.forecast(10); // recursive forecasts with 95% intervals

#include <Eigen/Dense>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stockcast/models/stat/common.hpp"

namespace stockcast::models::stat {

/// Deterministic terms of an AR regression (statsmodels' trend "n", "c", "t", "ct").
enum class AutoRegTrend {
  kNone,              ///< no deterministic term
  kConstant,          ///< intercept `const`
  kTrend,             ///< time trend `trend` (t = 1 for the first observation), no intercept
  kConstantAndTrend,  ///< intercept and time trend
};

/// Options of fit_autoreg().
struct AutoRegOptions {
  /// Number of lags p (>= 0). Ignored when `select` is set.
  int lags = 5;
  /// Deterministic terms.
  AutoRegTrend trend = AutoRegTrend::kConstant;
  /// When set, p is chosen in 0 .. max_lag by this criterion on the common sample that holds back
  /// max_lag observations (statsmodels' ar_select_order), and the chosen model is refitted on all
  /// observations it can use.
  std::optional<InformationCriterion> select{};
  /// Largest p considered by `select` (>= 0).
  int max_lag = 10;
  /// Observations held back at the start (>= lags); -1 means `lags`.
  int hold_back = -1;

  /// Throws InvalidInput naming `where` when a value is out of range.
  void validate(std::string_view where) const;
};

/// A fitted AR(p) model.
struct AutoRegFit {
  int lags = 0;                                  ///< p
  AutoRegTrend trend = AutoRegTrend::kConstant;  ///< deterministic terms
  std::vector<std::string> names;                ///< parameter names: const, trend, y.L1 .. y.Lp
  Eigen::VectorXd params;                        ///< OLS coefficients, in `names` order
  Eigen::VectorXd std_errors;                    ///< sqrt(diag(sigma2 (X'X)^-1)) as statsmodels reports
  Eigen::MatrixXd cov;                           ///< sigma2 (X'X)^-1
  double sigma2 = 0;                             ///< SSR / nobs (maximum-likelihood scale)
  double loglik = 0;                             ///< -nobs/2 (log(2 pi sigma2) + 1)
  double aic = 0;                                ///< -2 loglik + 2 (k + 1), k regressors
  double aicc = 0;                               ///< -2 loglik + 2 (k + 1) nobs / (nobs - k - 2)
  double bic = 0;                                ///< -2 loglik + log(nobs) (k + 1)
  double hqic = 0;                               ///< -2 loglik + 2 log(log(nobs)) (k + 1)
  std::size_t nobs = 0;                          ///< observations in the regression
  std::vector<double> residuals;                 ///< y_t - fitted, for the nobs regression rows
  /// Criterion value per candidate lag order when `select` was used (index = p), else empty.
  std::vector<double> selection_criteria;

  /// Recursive forecasts for the `horizon` steps after the fitted series, with intervals from the
  /// MA(infinity) weights: se_h^2 = sigma2 sum_{j<h} psi_j^2.
  [[nodiscard]] IntervalForecast forecast(int horizon, double level = 0.95) const;
  /// The same for the steps after `history` (a series that may extend the fitted one), keeping
  /// the fitted coefficients: the state is the last p values of `history`.
  [[nodiscard]] IntervalForecast forecast_from(std::span<const double> history, int horizon,
                                               double level = 0.95) const;

  /// The last p fitted values (state) and the fitted series length (time-trend origin).
  std::vector<double> tail;
  std::size_t series_length = 0;
};

/// Fits AR(p) by OLS. Throws InvalidInput when `y` holds NaN/Inf, has too few observations for
/// the order (the regression needs more rows than regressors), or is constant (singular design).
AutoRegFit fit_autoreg(std::span<const double> y, const AutoRegOptions& options = {});

}  // namespace stockcast::models::stat
