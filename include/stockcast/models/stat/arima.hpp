#pragma once
/// \file
/// ARIMA(p,d,q) with optional constant or drift: exact Gaussian maximum likelihood through the
/// Kalman filter on the state-space form, in the conventions of statsmodels' ARIMA and of R's
/// arima(method = "ML") (see ArimaLikelihood), with CSS / Hannan-Rissanen starting values,
/// stationarity and invertibility enforced by the partial-autocorrelation (Jones 1980 / Monahan 1984)
/// reparametrisation, standard errors from the Hessian, information criteria and h-step forecasts.
///
///     using namespace stockcast::models::stat;
///     ArimaFit fit = fit_arima(close, {.order = {1, 1, 1}});
///     fit.loglik;                        // statsmodels' ARIMA(1,1,1).fit().llf
///     auto fc = fit.forecast(10);        // means, standard errors and 95% intervals

#include <Eigen/Dense>

#include <complex>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::models::stat {

/// Orders of an ARIMA model.
struct ArimaOrder {
  int p = 0;  ///< autoregressive order
  int d = 0;  ///< number of first differences
  int q = 0;  ///< moving-average order
  friend bool operator==(const ArimaOrder&, const ArimaOrder&) = default;
};

/// "ARIMA(p,d,q)".
std::string to_string(const ArimaOrder& order);

/// Deterministic terms, written as a regression y_t = beta' x_t + u_t with u_t ~ ARIMA(p,d,q) and
/// x_t built from 1 and t = 1..n (R's Arima(include.mean, include.drift)). After d differences
/// the intercept disappears for d >= 1 and the time trend becomes a constant drift for d = 1.
enum class ArimaTrend {
  kNone,  ///< no deterministic term
  /// A constant in the equation of the d-times differenced series: the mean `const` when d = 0, the
  /// drift `drift` (mean daily change, coefficient of t) when d = 1. Not allowed for d >= 2.
  kConstant,
  /// A linear trend in the level: `const` and `drift` when d = 0; `drift` when d = 1 (the same as
  /// kConstant). Not allowed for d >= 2.
  kLinear,
};

/// How the likelihood treats the d integrated (non-stationary) states.
enum class ArimaLikelihood {
  /// statsmodels' ARIMA: the d integrated states get an approximate diffuse prior of variance 1e6
  /// (in the data's units), the first d observations are burned, sigma2 is a free parameter.
  kStatsmodels,
  /// R's stats::arima(method = "ML"): approximate diffuse prior of variance 1e6 sigma2 on the
  /// integrated states, observations whose prediction variance reaches 1e4 sigma2 are left out,
  /// sigma2 concentrated out.
  kR,
  /// The exact likelihood of the d-times differenced series (stationary ARMA start).
  kExact,
};

/// "statsmodels", "r", "exact".
std::string_view to_string(ArimaLikelihood likelihood) noexcept;
/// Parses "statsmodels" / "r" / "exact"; throws InvalidInput naming `where` otherwise.
ArimaLikelihood parse_arima_likelihood(std::string_view text, std::string_view where);

/// Coefficients of an ARIMA model: y_t - beta' x_t follows ARIMA(p,d,q) with
/// (1 - phi_1 B - ... - phi_p B^p)(1 - B)^d u_t = (1 + theta_1 B + ... + theta_q B^q) e_t,
/// e_t ~ N(0, sigma2).
struct ArimaCoefficients {
  std::vector<double> ar{};     ///< phi_1 .. phi_p
  std::vector<double> ma{};     ///< theta_1 .. theta_q (statsmodels' and R's sign)
  std::vector<double> trend{};  ///< beta, in the order of ArimaModel::trend_names()
  double sigma2 = 1.0;          ///< innovation variance
};

/// Log-likelihood with sigma2 replaced by its maximum-likelihood estimate given the other
/// coefficients.
struct ConcentratedLoglik {
  double loglik = 0;  ///< maximised over sigma2
  double sigma2 = 0;  ///< the maximising sigma2
};

/// An ARIMA model with given coefficients: likelihood evaluation, filtering and forecasting.
class ArimaModel {
 public:
  /// Throws InvalidInput when an order is negative, the coefficient counts do not match the order
  /// and trend, a trend is asked for with d >= 2, or sigma2 <= 0.
  ArimaModel(ArimaOrder order, ArimaTrend trend, ArimaCoefficients coefficients);

  [[nodiscard]] const ArimaOrder& order() const noexcept { return order_; }
  [[nodiscard]] ArimaTrend trend() const noexcept { return trend_; }
  [[nodiscard]] const ArimaCoefficients& coefficients() const noexcept { return coefficients_; }

  /// Names of the trend coefficients ("const", "drift") for this order and trend.
  [[nodiscard]] std::vector<std::string> trend_names() const;
  /// Every parameter name in statsmodels' order: trend, ar.L1.., ma.L1.., sigma2.
  [[nodiscard]] std::vector<std::string> parameter_names() const;

  /// True when the AR polynomial has all roots outside the unit circle.
  [[nodiscard]] bool stationary() const;
  /// True when the MA polynomial has all roots outside the unit circle.
  [[nodiscard]] bool invertible() const;

  /// Gaussian log-likelihood of `y` at these coefficients (sigma2 included) in `convention`.
  /// Throws InvalidInput when y has NaN/Inf or too few observations, or the AR part is not
  /// stationary.
  [[nodiscard]] double loglik(std::span<const double> y, ArimaLikelihood convention) const;
  /// Log-likelihood with sigma2 concentrated out (the value R's arima reports for fixed coef).
  [[nodiscard]] ConcentratedLoglik concentrated_loglik(std::span<const double> y,
                                                       ArimaLikelihood convention) const;

  /// Forecasts of y for the `horizon` steps after `y`, filtering `y` with these coefficients (the
  /// state is updated, nothing is refitted); se from the state-space prediction variance.
  [[nodiscard]] IntervalForecast forecast(std::span<const double> y, int horizon, ArimaLikelihood convention,
                                          double level = 0.95) const;

  /// Forecasts from many origins in one filtering pass: for origin i the history is y[0..i]
  /// (inclusive) and the forecast covers the `horizon` steps after it.
  [[nodiscard]] std::vector<IntervalForecast> forecast_from_origins(std::span<const double> y,
                                                                    std::span<const std::size_t> origins,
                                                                    int horizon, ArimaLikelihood convention,
                                                                    double level = 0.95) const;

  /// One-step prediction errors (innovations) v_t of the observations that enter the likelihood,
  /// in the data's units, and their variances F_t (sigma2 included).
  struct Innovations {
    std::vector<double> residuals;   ///< v_t
    std::vector<double> variances;   ///< F_t
    std::vector<std::size_t> index;  ///< observation index of each
  };
  [[nodiscard]] Innovations innovations(std::span<const double> y, ArimaLikelihood convention) const;

 private:
  ArimaOrder order_;
  ArimaTrend trend_;
  ArimaCoefficients coefficients_;
};

/// Estimation method.
enum class ArimaMethod {
  /// Conditional-sum-of-squares starting values (from Hannan-Rissanen), then exact maximum
  /// likelihood (R's default "CSS-ML").
  kCssMl,
  /// Exact maximum likelihood from Hannan-Rissanen starting values.
  kMl,
  /// Conditional sum of squares only (R's "CSS"); loglik/aic then follow R's CSS definitions.
  kCss,
};

/// Where the coefficient search starts.
enum class ArimaStart {
  /// Hannan-Rissanen regressions (long AR, then ARMA on lagged residuals).
  kHannanRissanen,
  /// Zero AR and MA coefficients, the trend by least squares: R's arima(). The local search then
  /// ends where R's does on multimodal likelihoods, which auto-ARIMA relies on to follow
  /// auto.arima's path.
  kZero,
};

/// Options of fit_arima().
struct ArimaOptions {
  /// The model orders.
  ArimaOrder order{1, 1, 1};
  /// Deterministic terms; empty means kConstant when d = 0 and kNone otherwise (as statsmodels
  /// and R default).
  std::optional<ArimaTrend> trend{};
  /// Estimation method.
  ArimaMethod method = ArimaMethod::kCssMl;
  /// Likelihood convention maximised and reported.
  ArimaLikelihood likelihood = ArimaLikelihood::kStatsmodels;
  /// Starting values of the search.
  ArimaStart start = ArimaStart::kHannanRissanen;
  /// Relative tolerance on the CSS objective at which its search stops (R's optim uses reltol =
  /// sqrt(machine epsilon) = 1.49e-8, which auto-ARIMA adopts to follow auto.arima's path).
  double css_tolerance = 1e-12;
  /// Lags of the Ljung-Box test on the standardised residuals (0 = min(10, n / 5)).
  int ljung_box_lags = 0;
  /// Cap on likelihood evaluations of the optimiser.
  int max_evaluations = 4000;
  /// Compute standard errors (a numerical Hessian; auto-ARIMA's search skips it).
  bool standard_errors = true;
  /// For models with both AR and MA terms, also start the likelihood search from white noise and
  /// from the sign-flipped CSS estimate and keep the best (near-cancelling roots often leave two
  /// likelihood ridges; R and statsmodels each follow one start).
  bool multiple_starts = true;

  /// Throws InvalidInput naming `where` when a value is out of range.
  void validate(std::string_view where) const;
};

/// A fitted ARIMA model.
struct ArimaFit {
  ArimaModel model{ArimaOrder{}, ArimaTrend::kNone, ArimaCoefficients{}};  ///< the estimates
  ArimaLikelihood likelihood = ArimaLikelihood::kStatsmodels;              ///< convention of loglik
  ArimaMethod method = ArimaMethod::kCssMl;                                ///< how it was estimated
  std::vector<std::string> names;  ///< parameter names (statsmodels' order, sigma2 last)
  Eigen::VectorXd params;          ///< estimates in `names` order
  Eigen::VectorXd std_errors;      ///< from the inverse Hessian of -loglik (NaN where undefined)
  Eigen::MatrixXd cov;             ///< inverse Hessian
  double loglik = 0;               ///< maximised log-likelihood (R's CSS value for kCss)
  double aic = 0;                  ///< -2 loglik + 2 k, k = number of parameters with sigma2
  double aicc = 0;                 ///< aic + 2 k (k + 1) / (nobs - k - 1)
  double bic = 0;                  ///< -2 loglik + k log(nobs)
  double css_sigma2 = 0;           ///< CSS residual variance (kCss: the estimate of sigma2)
  std::size_t nobs = 0;            ///< n - d
  bool converged = false;          ///< optimiser succeeded and the Newton refinement converged
  std::string optimizer_status;    ///< NLopt's status text of the last optimisation
  int evaluations = 0;             ///< likelihood evaluations used
  std::vector<double> residuals;   ///< innovations of the fitted series (data units)
  eval::LjungBox ljung_box;        ///< Ljung-Box on the standardised residuals, df = lags - p - q
  std::vector<double> series;      ///< the fitted series (kept for forecasting)

  /// Forecasts for the `horizon` steps after the fitted series.
  [[nodiscard]] IntervalForecast forecast(int horizon, double level = 0.95) const;
};

/// Fits ARIMA to `y`. Throws InvalidInput for NaN/Inf, too few observations for the order, a
/// constant series or bad options; NumericalError (with the optimiser's status) when the
/// likelihood cannot be maximised.
ArimaFit fit_arima(std::span<const double> y, const ArimaOptions& options = {});

/// Roots of 1 - c_1 z - ... - c_k z^k (AR form; pass -theta for an MA polynomial) by the
/// companion-matrix eigenvalues; trailing zero coefficients are dropped.
std::vector<std::complex<double>> lag_polynomial_roots(std::span<const double> coefficients);

}  // namespace stockcast::models::stat
