// ARIMA against statsmodels 0.13.5 and R 4.2.2 (stats::arima / forecast::Arima) on AAPL and GOOG:
// values printed by those tools on this machine. The reference-file checks (GOOG, AAPL, IBM) run in
// test_reference_checks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "stat_test_data.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/arima.hpp"

namespace stockcast::models::stat {
namespace {

using test::aapl_close;
using test::goog_close;

void expect_rel(double actual, double expected, double rtol) {
  EXPECT_NEAR(actual, expected, rtol * std::abs(expected)) << "expected " << expected;
}

std::vector<double> aapl_returns() { return eval::log_returns(aapl_close(), 100.0); }

TEST(Arima, ExactConventionIsTheLikelihoodOfTheDifferencedSeries) {
  // statsmodels ARIMA(diff(GOOG), (1, 0, 1), trend="n").loglike([-0.5003, 0.4279, 288.8929]).
  const ArimaModel model({1, 1, 1}, ArimaTrend::kNone, {.ar = {-0.5003}, .ma = {0.4279}, .sigma2 = 288.8929});
  expect_rel(model.loglik(goog_close(), ArimaLikelihood::kExact), -19048.732825224753, 1e-11);
  // The approximate diffuse start of statsmodels differs from it by about 1e-5.
  EXPECT_GT(std::abs(model.loglik(goog_close(), ArimaLikelihood::kStatsmodels) -
                     model.loglik(goog_close(), ArimaLikelihood::kExact)),
            1e-7);
}

TEST(Arima, MeanModelLoglikMatchesStatsmodels) {
  // statsmodels ARIMA(r, (1, 0, 1), trend="c").loglike([0.07, -0.2, 0.15, 2.79]) on AAPL % returns.
  const ArimaModel model({1, 0, 1}, ArimaTrend::kConstant,
                         {.ar = {-0.2}, .ma = {0.15}, .trend = {0.07}, .sigma2 = 2.79});
  expect_rel(model.loglik(aapl_returns(), ArimaLikelihood::kStatsmodels), -1942.7051152511651, 1e-10);
  EXPECT_EQ(model.parameter_names(), (std::vector<std::string>{"const", "ar.L1", "ma.L1", "sigma2"}));
}

TEST(Arima, DriftLoglikAndForecastMatchStatsmodelsAndR) {
  const ArimaModel model({0, 1, 1}, ArimaTrend::kConstant, {.ma = {-0.03}, .trend = {0.12}, .sigma2 = 7.4});
  EXPECT_EQ(model.trend_names(), (std::vector<std::string>{"drift"}));
  // statsmodels ARIMA(y, (0, 1, 1), trend="t").loglike([0.12, -0.03, 7.4]).
  expect_rel(model.loglik(aapl_close(), ArimaLikelihood::kStatsmodels), -2431.164593484894, 1e-10);
  // R: Arima(y, c(0,1,1), include.drift = TRUE, fixed = c(-0.03, 0.12))$loglik.
  expect_rel(model.concentrated_loglik(aapl_close(), ArimaLikelihood::kR).loglik, -2431.1613448987023, 1e-10);
  const auto fc = model.forecast(aapl_close(), 3, ArimaLikelihood::kStatsmodels);
  const std::vector<double> mean{250.60025421413474, 250.72025421413474, 250.84025421413475};
  const std::vector<double> se{2.7202941017470885, 3.7898100216237753, 4.617934603261506};
  for (std::size_t h = 0; h < 3; ++h) {
    expect_rel(fc.mean[h], mean[h], 1e-11);
    expect_rel(fc.se[h], se[h], 1e-7);
  }
}

TEST(Arima, MeanLoglikMatchesR) {
  // R: Arima(y, c(1,0,0), include.mean = TRUE, fixed = c(0.99, 180))$loglik.
  const ArimaModel model({1, 0, 0}, ArimaTrend::kConstant, {.ar = {0.99}, .trend = {180.0}});
  expect_rel(model.concentrated_loglik(aapl_close(), ArimaLikelihood::kR).loglik, -2442.1857122717865, 1e-10);
}

TEST(Arima, FitWithMeanReachesStatsmodelsOptimum) {
  // statsmodels ARIMA(r, (1, 0, 1), trend="c").fit(): llf -1940.404548989437 at
  // const 0.06587607591800589, ar 0.6864658625860653, ma -0.7063278064598013, sigma2 2.7940115077156817.
  const auto fit = fit_arima(aapl_returns(), {.order = {1, 0, 1}});
  EXPECT_TRUE(fit.converged) << fit.optimizer_status;
  EXPECT_GE(fit.loglik, -1940.404548989437 - 1e-8);
  EXPECT_EQ(fit.names, (std::vector<std::string>{"const", "ar.L1", "ma.L1", "sigma2"}));
  EXPECT_NEAR(fit.params[0], 0.06587607591800589, 0.05 * fit.std_errors[0]);
  EXPECT_NEAR(fit.params[1], 0.6864658625860653, 0.05 * fit.std_errors[1]);
  EXPECT_NEAR(fit.params[2], -0.7063278064598013, 0.05 * fit.std_errors[2]);
  EXPECT_NEAR(fit.params[3], 2.7940115077156817, 0.05 * fit.std_errors[3]);
  EXPECT_NEAR(fit.aic, -2 * fit.loglik + 8, 1e-9);
  EXPECT_EQ(fit.nobs, aapl_returns().size());
}

TEST(Arima, FitWithDriftReachesROptimum) {
  // R: Arima(y, c(0,1,1), include.drift = TRUE, method = "ML"): loglik -2429.8727985410242,
  // ma1 0.023435780657947821, drift 0.120526861720384432.
  const auto fit = fit_arima(
      aapl_close(), {.order = {0, 1, 1}, .trend = ArimaTrend::kConstant, .likelihood = ArimaLikelihood::kR});
  EXPECT_TRUE(fit.converged) << fit.optimizer_status;
  EXPECT_GE(fit.loglik, -2429.8727985410242 - 1e-8);
  EXPECT_EQ(fit.names, (std::vector<std::string>{"drift", "ma.L1", "sigma2"}));
  EXPECT_NEAR(fit.params[0], 0.120526861720384432, 0.01 * fit.std_errors[0]);
  EXPECT_NEAR(fit.params[1], 0.023435780657947821, 0.01 * fit.std_errors[1]);
}

TEST(Arima, CriteriaAndDiagnostics) {
  const auto fit = fit_arima(goog_close(), {.order = {1, 1, 1}});
  const double k = 3;
  const double n = static_cast<double>(goog_close().size() - 1);
  EXPECT_NEAR(fit.aic, -2 * fit.loglik + 2 * k, 1e-9);
  EXPECT_NEAR(fit.bic, -2 * fit.loglik + k * std::log(n), 1e-9);
  EXPECT_NEAR(fit.aicc, fit.aic + 2 * k * (k + 1) / (n - k - 1), 1e-9);
  EXPECT_EQ(fit.ljung_box.lags, 10);
  EXPECT_EQ(fit.ljung_box.df, 8);
  EXPECT_GT(fit.ljung_box.statistic, 0);
  EXPECT_EQ(fit.residuals.size(), goog_close().size() - 1);
  // Hessian standard errors (the reference file's se_hessian: 0.0961, 0.0998, 6.104; finite
  // differences of this ill-conditioned Hessian agree to ~0.5%).
  EXPECT_NEAR(fit.std_errors[0], 0.0961, 0.002);
  EXPECT_NEAR(fit.std_errors[1], 0.0998, 0.002);
  EXPECT_NEAR(fit.std_errors[2], 6.104, 0.02);
}

TEST(Arima, ForecastsFromOriginsEqualForecastsOfTruncatedHistories) {
  const auto fit = fit_arima(aapl_close(), {.order = {1, 1, 1}, .trend = ArimaTrend::kConstant});
  const std::vector<std::size_t> origins{600, 800, 1003};
  const auto many = fit.model.forecast_from_origins(aapl_close(), origins, 5, fit.likelihood);
  ASSERT_EQ(many.size(), 3u);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::span<const double> history(aapl_close().data(), origins[i] + 1);
    const auto one = fit.model.forecast(history, 5, fit.likelihood);
    for (std::size_t h = 0; h < 5; ++h) {
      EXPECT_NEAR(many[i].mean[h], one.mean[h], 1e-9);
      EXPECT_NEAR(many[i].se[h], one.se[h], 1e-9);
    }
  }
}

TEST(Arima, RecoversSimulatedCoefficients) {
  const auto x = test::simulate_arma({0.6}, {-0.3}, 5000, 11, 0.0, 2.0);
  std::vector<double> y(x.size());
  double level = 100;
  for (std::size_t t = 0; t < x.size(); ++t) y[t] = (level += x[t]);
  const auto fit = fit_arima(y, {.order = {1, 1, 1}});
  EXPECT_TRUE(fit.converged);
  EXPECT_NEAR(fit.params[0], 0.6, 4 * fit.std_errors[0]);
  EXPECT_NEAR(fit.params[1], -0.3, 4 * fit.std_errors[1]);
  EXPECT_NEAR(fit.params[2], 4.0, 4 * fit.std_errors[2]);
}

TEST(Arima, StationarityAndInvertibilityAreEnforced) {
  // An over-differenced white noise has its MA root at the unit circle; the estimate stays invertible.
  const auto e = test::simulate_arma({}, {}, 2000, 3);
  const auto fit = fit_arima(e, {.order = {0, 1, 1}});
  EXPECT_TRUE(fit.model.invertible());
  EXPECT_GT(fit.params[0], -1.0);
  const auto ar = fit_arima(aapl_close(), {.order = {2, 0, 0}});
  EXPECT_TRUE(ar.model.stationary());
}

TEST(Arima, RejectsBadInput) {
  EXPECT_THROW(fit_arima(std::vector<double>{1, 2, 3, 4, 5}, {.order = {2, 1, 2}}), InvalidInput);
  EXPECT_THROW(fit_arima(std::vector<double>(200, 5.0), {.order = {1, 0, 0}}), InvalidInput);
  std::vector<double> linear(200);
  for (std::size_t i = 0; i < linear.size(); ++i) linear[i] = 3.0 + 0.5 * static_cast<double>(i);
  EXPECT_THROW(fit_arima(linear, {.order = {1, 1, 0}}), InvalidInput);
  std::vector<double> bad = aapl_close();
  bad[10] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(fit_arima(bad, {.order = {1, 1, 1}}), InvalidInput);
  bad[10] = -std::numeric_limits<double>::infinity();
  EXPECT_THROW(fit_arima(bad, {.order = {1, 1, 1}}), InvalidInput);
  EXPECT_THROW(fit_arima(aapl_close(), {.order = {1, 2, 1}, .trend = ArimaTrend::kConstant}), InvalidInput);
  EXPECT_THROW(fit_arima(aapl_close(), {.order = {-1, 1, 1}}), InvalidInput);
  EXPECT_THROW(ArimaModel({1, 0, 0}, ArimaTrend::kNone, {.ar = {0.5, 0.1}}), InvalidInput);
  EXPECT_THROW(ArimaModel({1, 0, 0}, ArimaTrend::kNone, {.ar = {0.5}, .sigma2 = -1}), InvalidInput);
  const ArimaModel explosive({1, 0, 0}, ArimaTrend::kNone, {.ar = {1.2}});
  EXPECT_THROW((void)explosive.loglik(aapl_close(), ArimaLikelihood::kExact), InvalidInput);
  const ArimaModel ok({1, 1, 0}, ArimaTrend::kNone, {.ar = {0.2}});
  EXPECT_THROW((void)ok.forecast(aapl_close(), 0, ArimaLikelihood::kExact), InvalidInput);
  const std::vector<std::size_t> early{0};
  EXPECT_THROW((void)ok.forecast_from_origins(aapl_close(), early, 3, ArimaLikelihood::kR), InvalidInput);
}

TEST(Arima, LagPolynomialRoots) {
  // 1 - 0.5 z: root 2.  1 - 1.5 z + 0.5 z^2 = (1 - z)(1 - 0.5 z): roots 1 and 2.
  const auto r1 = lag_polynomial_roots(std::vector<double>{0.5});
  ASSERT_EQ(r1.size(), 1u);
  EXPECT_NEAR(r1[0].real(), 2.0, 1e-12);
  auto r2 = lag_polynomial_roots(std::vector<double>{1.5, -0.5});
  ASSERT_EQ(r2.size(), 2u);
  const double a = std::abs(r2[0]);
  const double b = std::abs(r2[1]);
  EXPECT_NEAR(std::min(a, b), 1.0, 1e-12);
  EXPECT_NEAR(std::max(a, b), 2.0, 1e-12);
}

}  // namespace
}  // namespace stockcast::models::stat
