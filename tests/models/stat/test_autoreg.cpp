// AR(p) by OLS against statsmodels 0.13.5 AutoReg on AAPL (values printed by statsmodels on this
// machine; the GOOG/AAPL/IBM AutoReg(5) checks of tests/reference run in test_reference_checks).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "stat_test_data.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/models/stat/autoreg.hpp"

namespace stockcast::models::stat {
namespace {

using test::aapl_close;

void expect_rel(double actual, double expected, double rtol) {
  EXPECT_NEAR(actual, expected, rtol * std::abs(expected)) << "expected " << expected;
}

TEST(AutoReg, StandardErrorsAndCriteriaMatchStatsmodels) {
  const auto fit = fit_autoreg(aapl_close(), {.lags = 5});
  const std::vector<double> bse{0.48555469710457905, 0.03162343859370899, 0.04523151370670429,
                                0.04516640100428394, 0.04508318696238177, 0.03169644623995915};
  ASSERT_EQ(fit.std_errors.size(), 6);
  for (int i = 0; i < 6; ++i) expect_rel(fit.std_errors[i], bse[static_cast<std::size_t>(i)], 1e-9);
  expect_rel(fit.aic, 4848.884447880469, 1e-12);
  expect_rel(fit.bic, 4883.238734833344, 1e-12);
  expect_rel(fit.hqic, 4861.941474155295, 1e-12);
  expect_rel(fit.aicc, 4848.997351106276, 1e-12);
  EXPECT_EQ(fit.nobs, 1000u);
  EXPECT_EQ(fit.names, (std::vector<std::string>{"const", "y.L1", "y.L2", "y.L3", "y.L4", "y.L5"}));
}

TEST(AutoReg, ForecastStandardErrorsMatchStatsmodels) {
  const auto fit = fit_autoreg(aapl_close(), {.lags = 5});
  const auto fc = fit.forecast(5);
  const std::vector<double> se{2.714217479695444, 3.8856101625283848, 4.700315638914253, 5.356064909232114,
                               5.963834662708105};
  for (std::size_t h = 0; h < 5; ++h) {
    expect_rel(fc.se[h], se[h], 1e-9);
    EXPECT_NEAR(fc.upper[h] - fc.mean[h], 1.959963984540054 * se[h], 1e-8);
    EXPECT_NEAR(fc.mean[h] - fc.lower[h], 1.959963984540054 * se[h], 1e-8);
  }
}

TEST(AutoReg, LagSelectionMatchesArSelectOrder) {
  for (const auto ic : {InformationCriterion::kAic, InformationCriterion::kBic}) {
    const auto fit = fit_autoreg(aapl_close(), {.select = ic, .max_lag = 10});
    EXPECT_EQ(fit.lags, 1);
    EXPECT_EQ(fit.nobs, 1004u);
    expect_rel(fit.params[0], 0.3300053581947302, 1e-9);
    expect_rel(fit.params[1], 0.998759169162978, 1e-12);
    ASSERT_EQ(fit.selection_criteria.size(), 11u);
  }
  // ar_select_order reports OLS' AIC, -2 llf + 2 k, which is AutoReg's AIC minus 2 for every order;
  // the differences between orders (all that selection uses) are the same.
  const auto aic = fit_autoreg(aapl_close(), {.select = InformationCriterion::kAic, .max_lag = 10});
  const auto& crit = aic.selection_criteria;
  EXPECT_NEAR(crit[0] - crit[1], 9640.135899739242 - 4820.867593539322, 1e-8);
  EXPECT_NEAR(crit[5] - crit[1], 4824.781530015237 - 4820.867593539322, 1e-8);
  EXPECT_NEAR(crit[10] - crit[1], 4832.639440402155 - 4820.867593539322, 1e-8);
}

TEST(AutoReg, TrendVariantsMatchStatsmodels) {
  const auto ct = fit_autoreg(aapl_close(), {.lags = 2, .trend = AutoRegTrend::kConstantAndTrend});
  EXPECT_EQ(ct.names, (std::vector<std::string>{"const", "trend", "y.L1", "y.L2"}));
  const std::vector<double> ct_params{1.4318866432837147, 1.2948836775815804e-03, 1.0156622776464157,
                                      -2.7321666404342304e-02};
  for (int i = 0; i < 4; ++i) expect_rel(ct.params[i], ct_params[static_cast<std::size_t>(i)], 1e-8);

  const auto none = fit_autoreg(aapl_close(), {.lags = 2, .trend = AutoRegTrend::kNone});
  expect_rel(none.params[0], 1.0213637661955817, 1e-10);
  expect_rel(none.params[1], -0.02073814662679722, 1e-9);
  expect_rel(none.aic, 4861.935978503905, 1e-12);
  expect_rel(none.std_errors[0], 0.03157183095899063, 1e-9);

  const auto t = fit_autoreg(aapl_close(), {.lags = 3, .trend = AutoRegTrend::kTrend});
  expect_rel(t.params[0], 4.341515236572378e-04, 1e-7);
  const auto fc = t.forecast(3);
  expect_rel(fc.mean[0], 250.8240480029475, 1e-10);
  expect_rel(fc.mean[2], 251.45040992778954, 1e-10);
}

TEST(AutoReg, ForecastFromALongerHistoryUsesItsLastValues) {
  const auto& y = aapl_close();
  const std::vector<double> train(y.begin(), y.end() - 50);
  const auto fit = fit_autoreg(train, {.lags = 3});
  // Forecasting from the training history equals forecast(); from the full history the recursion
  // starts at the last three observed values with the same coefficients.
  const auto a = fit.forecast(4);
  const auto b = fit.forecast_from(train, 4);
  for (std::size_t h = 0; h < 4; ++h) EXPECT_DOUBLE_EQ(a.mean[h], b.mean[h]);
  const auto c = fit.forecast_from(y, 1);
  double expected = fit.params[0];
  for (int j = 1; j <= 3; ++j) expected += fit.params[j] * y[y.size() - static_cast<std::size_t>(j)];
  EXPECT_NEAR(c.mean[0], expected, 1e-9);
}

TEST(AutoReg, RecoversSimulatedCoefficients) {
  const auto y = test::simulate_arma({0.5, -0.3}, {}, 20000, 7, 2.0);
  const auto fit = fit_autoreg(y, {.lags = 2});
  EXPECT_NEAR(fit.params[1], 0.5, 4 * fit.std_errors[1]);
  EXPECT_NEAR(fit.params[2], -0.3, 4 * fit.std_errors[2]);
  EXPECT_NEAR(fit.sigma2, 1.0, 0.05);
}

TEST(AutoReg, RejectsBadInput) {
  EXPECT_THROW(fit_autoreg(std::vector<double>{1, 2, 3, 4, 5, 6}, {.lags = 5}), InvalidInput);
  EXPECT_THROW(fit_autoreg(std::vector<double>(100, 3.0), {.lags = 2}), InvalidInput);
  std::vector<double> with_nan = aapl_close();
  with_nan[17] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(fit_autoreg(with_nan, {.lags = 2}), InvalidInput);
  with_nan[17] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(fit_autoreg(with_nan, {.lags = 2}), InvalidInput);
  EXPECT_THROW(fit_autoreg(aapl_close(), {.lags = -1}), InvalidInput);
  const auto fit = fit_autoreg(aapl_close(), {.lags = 2});
  EXPECT_THROW((void)fit.forecast(0), InvalidInput);
  EXPECT_THROW((void)fit.forecast(3, 1.5), InvalidInput);
  EXPECT_THROW((void)fit.forecast_from(std::vector<double>{1.0}, 3), InvalidInput);
}

}  // namespace
}  // namespace stockcast::models::stat
