// The "ar", "arima" and "auto_arima" forecasters: transforms back to prices, walk-forward forecasts
// without refitting, options. (The registry contract test in tests/models covers fit/predict/
// save/load for every registered model.)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stat_test_data.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/forecasters.hpp"

namespace stockcast::models::stat {
namespace {

PriceSeries aapl_series() {
  const auto& close = test::aapl_close();
  std::vector<Date> dates;
  Date day{std::chrono::year{2021}, std::chrono::January, std::chrono::day{4}};
  for (std::size_t i = 0; i < close.size(); ++i) {
    dates.push_back(day);
    day = next_business_day(day);
  }
  return PriceSeries("AAPL", dates, {{"close", close}});
}

TEST(StatForecasters, ArOnReturnsEqualsTheIntegratedArimaOnLogPrices) {
  const auto series = aapl_series();
  ArForecasterOptions options;
  options.lags = 2;
  options.transform = Transform::kReturn;
  ArForecaster ar(options);
  ar.fit(series, {});
  const auto& fit = ar.fitted();
  // AR(2) with intercept c on log returns = ARIMA(2,1,0) with drift c / (1 - phi1 - phi2) on log
  // prices; forecasts and their standard errors must agree.
  const double phi1 = fit.params[1];
  const double phi2 = fit.params[2];
  const double mu = fit.params[0] / (1 - phi1 - phi2);
  const ArimaModel arima({2, 1, 0}, ArimaTrend::kConstant,
                         {.ar = {phi1, phi2}, .trend = {mu}, .sigma2 = fit.sigma2});
  std::vector<double> log_prices;
  for (const double p : test::aapl_close()) log_prices.push_back(std::log(p));
  const auto expected = arima.forecast(log_prices, 8, ArimaLikelihood::kExact);
  const Forecast f = ar.predict(series, 8);
  for (std::size_t h = 0; h < 8; ++h) {
    EXPECT_NEAR(std::log(f.mean[h]), expected.mean[h], 1e-9);
    EXPECT_NEAR(std::log(f.upper[h]), expected.upper[h], 1e-9);
    EXPECT_NEAR(std::log(f.lower[h]), expected.lower[h], 1e-9);
  }
}

TEST(StatForecasters, ArimaTransformsComeBackInPrices) {
  const auto series = aapl_series();
  const double last = test::aapl_close().back();
  for (const char* transform : {"none", "log", "return"}) {
    SCOPED_TRACE(transform);
    const auto model = make_arima({{"order", {1, 1, 1}}, {"transform", transform}});
    model->fit(series, {});
    const Forecast f = model->predict(series, 5);
    ASSERT_EQ(f.horizon(), 5u);
    for (std::size_t h = 0; h < 5; ++h) {
      EXPECT_GT(f.mean[h], 0.5 * last);
      EXPECT_LT(f.mean[h], 1.5 * last);
      EXPECT_LT(f.lower[h], f.mean[h]);
      EXPECT_GT(f.upper[h], f.mean[h]);
    }
    // Intervals widen with the horizon.
    EXPECT_GT(f.upper[4] - f.lower[4], f.upper[0] - f.lower[0]);
  }
}

TEST(StatForecasters, WalkForwardUpdatesTheStateWithoutRefitting) {
  const auto series = aapl_series();
  const auto train = series.slice(0, 700);
  ArimaForecasterOptions options;
  options.order = ArimaOrder{1, 1, 1};
  ArimaForecaster model("arima", options);
  model.fit(train, {});
  const auto coefficients = model.model().coefficients();
  const std::vector<std::size_t> origins{699, 800, 1000};
  const auto forecasts = model.predict_from(series, origins, 3);
  // Each forecast is the filtered model's forecast from that origin, with the training coefficients.
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::span<const double> history(test::aapl_close().data(), origins[i] + 1);
    const auto expected = model.model().forecast(history, 3, ArimaLikelihood::kStatsmodels);
    for (std::size_t h = 0; h < 3; ++h) EXPECT_NEAR(forecasts[i].mean[h], expected.mean[h], 1e-9);
    EXPECT_EQ(forecasts[i].dates.front(), next_business_day(series.date(origins[i])));
  }
  EXPECT_EQ(model.model().coefficients().ar, coefficients.ar);
}

TEST(StatForecasters, ArimaWithoutOrderUsesAutoArima) {
  const auto series = aapl_series();
  const auto model = make_arima(nlohmann::json::object());
  model->fit(series, {});
  // auto.arima picks ARIMA(0,1,0) for this series.
  EXPECT_EQ(model->describe(), "ARIMA(0,1,0)");
  const auto automatic = make_auto_arima(nlohmann::json::object());
  automatic->fit(series, {});
  EXPECT_EQ(automatic->describe(), "ARIMA(0,1,0)");
}

TEST(StatForecasters, GarchCompoundsReturnForecastsIntoPrices) {
  const auto series = aapl_series();
  GarchForecaster model;
  model.fit(series, {});
  const Forecast f = model.predict(series, 3);
  const auto returns = eval::log_returns(test::aapl_close(), 100.0);
  const auto fc = model.model().forecast(returns, 3);
  const double last = test::aapl_close().back();
  double mean = 0;
  double variance = 0;
  for (std::size_t h = 0; h < 3; ++h) {
    mean += fc.mean[h] / 100;
    variance += fc.variance[h] / 1e4;
    EXPECT_NEAR(std::log(f.mean[h] / last), mean, 1e-12);
    EXPECT_NEAR(std::log(f.upper[h] / last) - mean, 1.959963984540054 * std::sqrt(variance), 1e-9);
  }
  EXPECT_THROW(make_garch({{"mean", "arma"}}), InvalidInput);
  EXPECT_THROW(make_garch({{"p", 0}}), InvalidInput);
}

TEST(StatForecasters, RejectsBadOptions) {
  EXPECT_THROW(make_ar({{"lags", -1}}), InvalidInput);
  EXPECT_THROW(make_ar({{"trend", "x"}}), InvalidInput);
  EXPECT_THROW(make_ar({{"select", "hqic"}}), InvalidInput);
  EXPECT_THROW(make_ar({{"transform", "sqrt"}}), InvalidInput);
  EXPECT_THROW(make_arima({{"order", {1, 1}}}), InvalidInput);
  EXPECT_THROW(make_arima({{"order", {1, 3, 1}}}), InvalidInput);
  EXPECT_THROW(make_arima({{"order", {1, 1, 1}}, {"trend", "c"}, {"transform", "return"}}), InvalidInput);
  EXPECT_THROW(make_arima({{"likelihood", "python"}}), InvalidInput);
  EXPECT_THROW(make_auto_arima({{"order", {1, 1, 1}}}), InvalidInput);
  EXPECT_THROW(make_arima({{"level", 1.5}}), InvalidInput);
}

TEST(StatForecasters, LogAndReturnTransformsRejectNonPositivePrices) {
  std::vector<double> close = test::aapl_close();
  close[100] = -1.0;
  std::vector<Date> dates;
  Date day{std::chrono::year{2021}, std::chrono::January, std::chrono::day{4}};
  for (std::size_t i = 0; i < close.size(); ++i) {
    dates.push_back(day);
    day = next_business_day(day);
  }
  const PriceSeries series("X", dates, {{"close", close}});
  const auto model = make_ar({{"transform", "log"}});
  EXPECT_THROW(model->fit(series, {}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::models::stat
