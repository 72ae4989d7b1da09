#pragma once
/// \file
/// GARCH(p,q) and GJR-GARCH volatility models on returns, by maximum likelihood with normal or
/// Student-t innovations and a zero, constant or AR(1) mean, in the conventions of R's fGarch and
/// tseries (see GarchInitialisation), with the parameter names of Python's arch.
///
///     r_t = mean_t + e_t,   e_t = sqrt(h_t) z_t,   z_t iid N(0,1) or standardised t(nu)
///     h_t = omega + sum_i alpha[i] e_{t-i}^2 + sum_k gamma[k] e_{t-k}^2 1(e_{t-k} < 0)
///                 + sum_j beta[j] h_{t-j}
///
/// GARCH is a model of the conditional variance of a stationary series: fit it to returns (percent
/// log returns, eval::log_returns(prices, 100), are the default everywhere in stockcast), not to a
/// price level (see GarchFit::warnings).
///
///     using namespace stockcast::models::stat;
///     auto r = stockcast::eval::log_returns(close, 100.0);
///     GarchFit fit = fit_garch(r, {.distribution = GarchDistribution::kStudentT});
///     fit.param("beta[1]");                  // 0.93
///     fit.forecast(10).volatility;           // conditional sd of the next 10 returns, in percent

#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stockcast::models::stat {

/// Conditional mean of the returns.
enum class GarchMean {
  kZero,      ///< r_t = e_t (tseries::garch); no mean parameter
  kConstant,  ///< r_t = mu + e_t; parameter `mu` (arch's ConstantMean, fGarch's default)
  kAr1,  ///< r_t = Const + y[1] r_{t-1} + e_t, conditional on r_1; parameters `Const`, `y[1]` (arch's ARX)
};

/// Distribution of the standardised innovations z_t.
enum class GarchDistribution {
  kNormal,    ///< standard normal
  kStudentT,  ///< Student's t with `nu` > 2 degrees of freedom scaled to unit variance (fGarch "std")
};

/// How the first conditional variances are set; the two conventions of the R packages.
enum class GarchInitialisation {
  /// fGarch: the pre-sample squared residuals and variances are m = mean(e_t^2) (so, for GARCH(1,1),
  /// h_1 = omega + (alpha[1] + beta[1]) m; pre-sample e^2 1(e < 0) is m / 2) and every residual
  /// enters the likelihood.
  kFGarch,
  /// tseries::garch: h_t = m = mean(e_t^2) for the first max(p, o, q) residuals, which are left
  /// out of the likelihood.
  kTseries,
};

/// Covariance of the estimates behind the standard errors.
enum class GarchCovariance {
  kHessian,       ///< inverse of the Hessian of -loglik (fGarch's standard errors)
  kOuterProduct,  ///< inverse of the outer product of the per-observation scores (tseries' standard errors)
  kRobust,        ///< Bollerslev-Wooldridge sandwich H^-1 (sum s s') H^-1 (arch's default "robust")
};

/// "zero", "constant", "ar1".
std::string_view to_string(GarchMean mean) noexcept;
/// "normal", "t".
std::string_view to_string(GarchDistribution distribution) noexcept;
/// "fgarch", "tseries".
std::string_view to_string(GarchInitialisation initialisation) noexcept;
/// "hessian", "opg", "robust".
std::string_view to_string(GarchCovariance covariance) noexcept;
/// Parses "zero" / "constant" / "ar1"; throws InvalidInput naming `where` otherwise.
GarchMean parse_garch_mean(std::string_view text, std::string_view where);
/// Parses "normal" / "t" (also "studentst", "std"); throws InvalidInput naming `where` otherwise.
GarchDistribution parse_garch_distribution(std::string_view text, std::string_view where);
/// Parses "fgarch" / "tseries"; throws InvalidInput naming `where` otherwise.
GarchInitialisation parse_garch_initialisation(std::string_view text, std::string_view where);
/// Parses "hessian" / "opg" / "robust"; throws InvalidInput naming `where` otherwise.
GarchCovariance parse_garch_covariance(std::string_view text, std::string_view where);

/// The structure of a GARCH model and how fit_garch() estimates it. GARCH(1,1) is the default;
/// GJR-GARCH(1,1) is `{.o = 1}`.
struct GarchOptions {
  /// ARCH order p: number of alpha terms (arch's p; fGarch's m in garch(m, n)), >= 1.
  int p = 1;
  /// Asymmetric (GJR) order o: number of gamma terms, 0 <= o <= p (arch's o; 1 = GJR-GARCH).
  int o = 0;
  /// GARCH order q: number of beta terms (arch's q; fGarch's n), >= 0.
  int q = 1;
  /// Conditional mean.
  GarchMean mean = GarchMean::kConstant;
  /// Innovation distribution.
  GarchDistribution distribution = GarchDistribution::kNormal;
  /// Initialisation of the variance recursion (and which residuals enter the likelihood).
  GarchInitialisation initialisation = GarchInitialisation::kFGarch;
  /// Covariance behind `std_errors`.
  GarchCovariance covariance = GarchCovariance::kHessian;
  /// Cap on likelihood evaluations of the optimiser (NLopt SLSQP), >= 10.
  int max_evaluations = 2000;

  /// Throws InvalidInput naming `where` and the field when a value is out of range.
  void validate(std::string_view where) const;
  /// Parameter names in order: mean (`mu`, or `Const`, `y[1]`), `omega`, `alpha[1..p]`,
  /// `gamma[1..o]`, `beta[1..q]`, `nu` (Student-t only).
  [[nodiscard]] std::vector<std::string> parameter_names() const;
  /// "GARCH(1,1)", "GJR-GARCH(1,1,1)" (p, o, q) with the mean and distribution, e.g.
  /// "GARCH(1,1), constant mean, normal".
  [[nodiscard]] std::string describe() const;
};

/// The conditional variances of a return series under a model (in-sample filter).
struct GarchFilter {
  std::size_t offset = 0;               ///< index in the returns of residual 0 (1 for an AR(1) mean)
  std::vector<double> residuals;        ///< e_t = r_t - mean_t, returns' units
  std::vector<double> variance;         ///< h_t, units squared
  std::vector<double> volatility;       ///< sqrt(h_t), the conditional standard deviation
  std::vector<double> standardized;     ///< z_t = e_t / sqrt(h_t)
  std::size_t first_in_likelihood = 0;  ///< residuals before this index are not in the likelihood
};

/// h-step forecasts of the returns after a series. For k >= 2 the future squared innovations are
/// replaced by their expectation h (and e^2 1(e < 0) by h / 2, the innovations being symmetric).
struct GarchForecast {
  std::vector<double> mean;  ///< E[r_{T+k}], returns' units
  /// Conditional variance of the innovation e_{T+k}, E[h_{T+k}] (units squared; arch's
  /// residual_variance).
  std::vector<double> variance;
  std::vector<double> volatility;  ///< sqrt(variance): the conditional standard deviation, returns' units
};

/// A GARCH model with given parameters: likelihood, filtering, forecasting and simulation.
class GarchModel {
 public:
  /// Builds the model; `params` follow options.parameter_names(). Throws InvalidInput when the
  /// options are invalid, the count is wrong, omega <= 0, an alpha or beta < 0, alpha[k] + gamma[k]
  /// < 0, nu <= 2 or a value is not finite.
  GarchModel(const GarchOptions& options, std::vector<double> params);

  /// The model's structure (the estimation fields are kept but unused here).
  [[nodiscard]] const GarchOptions& options() const noexcept { return options_; }
  /// Parameter names (options().parameter_names()).
  [[nodiscard]] std::vector<std::string> names() const { return options_.parameter_names(); }
  /// Parameter values in names() order.
  [[nodiscard]] const std::vector<double>& params() const noexcept { return params_; }
  /// The value of parameter `name`; throws InvalidInput listing the names when there is none.
  [[nodiscard]] double param(std::string_view name) const;
  /// sum(alpha) + sum(gamma) / 2 + sum(beta): the decay rate of variance forecasts.
  [[nodiscard]] double persistence() const noexcept;
  /// omega / (1 - persistence), or +inf when persistence >= 1.
  [[nodiscard]] double unconditional_variance() const noexcept;

  /// Log-likelihood of `returns` (in the model's initialisation convention). Throws InvalidInput on
  /// NaN/Inf or too few returns.
  [[nodiscard]] double loglik(std::span<const double> returns) const;
  /// Residuals and conditional variances of `returns`.
  [[nodiscard]] GarchFilter filter(std::span<const double> returns) const;
  /// Forecasts for the `horizon` (>= 1) returns after `returns`.
  [[nodiscard]] GarchForecast forecast(std::span<const double> returns, int horizon) const;
  /// `paths` simulated continuations of `returns`, each `length` returns long, started from the
  /// state at the end of `returns` (last residuals, variances and return). Path k draws from
  /// gen::Random(gen::path_seed(seed, k)): reproducible bit for bit. result[k][t] is the return
  /// t + 1 steps after the end of `returns`.
  [[nodiscard]] std::vector<std::vector<double>> simulate(std::span<const double> returns, int length,
                                                          int paths, std::uint64_t seed) const;

 private:
  GarchOptions options_;
  std::vector<double> params_;
};

/// A fitted GARCH model.
struct GarchFit {
  GarchModel model{GarchOptions{}, {0.0, 1.0, 0.0, 0.0}};  ///< the estimates
  std::vector<std::string> names;                          ///< parameter names (arch's)
  Eigen::VectorXd params;                                  ///< estimates in `names` order
  Eigen::VectorXd std_errors;                              ///< sqrt(diag(cov)); NaN where undefined
  Eigen::MatrixXd cov;                                     ///< covariance of options().covariance kind
  double loglik = 0;                                       ///< maximised log-likelihood
  double aic = 0;                                          ///< -2 loglik + 2 k (k parameters)
  double aicc = 0;                                         ///< aic + 2 k (k + 1) / (nobs - k - 1)
  double bic = 0;                                          ///< -2 loglik + k log(nobs)
  std::size_t nobs = 0;                                    ///< residuals in the likelihood
  bool converged = false;        ///< the optimiser succeeded and the Newton refinement met its tolerance
  std::string optimizer_status;  ///< NLopt's status text, e.g. "XTOL_REACHED"
  int evaluations = 0;           ///< likelihood evaluations (optimiser and refinement)
  GarchFilter in_sample;         ///< residuals and conditional variances/volatility of the fitted returns
  std::vector<double> returns;   ///< the fitted returns (kept for forecasting and simulation)
  /// Notes for the user, e.g. that the input looks like a price level rather than returns.
  std::vector<std::string> warnings;

  /// The estimates as (name, value) pairs.
  [[nodiscard]] std::vector<std::pair<std::string, double>> named_params() const;
  /// The standard errors as (name, value) pairs.
  [[nodiscard]] std::vector<std::pair<std::string, double>> named_std_errors() const;
  /// The estimate of `name`; throws InvalidInput listing the names when there is none.
  [[nodiscard]] double param(std::string_view name) const { return model.param(name); }
  /// Conditional standard deviation of each fitted residual (in_sample.volatility).
  [[nodiscard]] const std::vector<double>& conditional_volatility() const { return in_sample.volatility; }
  /// Forecasts for the `horizon` returns after the fitted ones.
  [[nodiscard]] GarchForecast forecast(int horizon) const { return model.forecast(returns, horizon); }
  /// The h-step variance forecasts alone (forecast(horizon).variance).
  [[nodiscard]] std::vector<double> forecast_variance(int horizon) const {
    return forecast(horizon).variance;
  }
  /// Simulated continuations of the fitted returns (GarchModel::simulate).
  [[nodiscard]] std::vector<std::vector<double>> simulate(int length, int paths, std::uint64_t seed) const {
    return model.simulate(returns, length, paths, seed);
  }
};

/// Fits a GARCH model to `returns` by maximum likelihood: NLopt SLSQP under omega > 0, alpha, beta
/// >= 0, alpha[k] + gamma[k] >= 0, persistence < 1 and 2 < nu <= 500, with analytic gradients, then
/// Newton steps on the numerical Hessian of the analytic gradient to polish the optimum; the
/// standard errors come from the same Hessian (or the scores, see GarchCovariance).
///
/// Throws InvalidInput for NaN/Inf, a constant series, too few returns (fewer than max(20, 5 k)
/// residuals in the likelihood, k parameters) or bad options; NumericalError naming the NLopt
/// status when the likelihood cannot be maximised (an optimiser failure or the evaluation cap).
/// A series that looks like a price level (lag-1 autocorrelation above 0.9) is fitted but gets a
/// warning that explains why returns are meant.
GarchFit fit_garch(std::span<const double> returns, const GarchOptions& options = {});

}  // namespace stockcast::models::stat
