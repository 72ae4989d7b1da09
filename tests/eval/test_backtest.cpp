#include <gtest/gtest.h>

#include "eval_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/backtest.hpp"
#include "stockcast/models/baseline/drift.hpp"
#include "stockcast/models/baseline/naive.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::eval {
namespace {

TEST(Backtest, OverTestPartAlignsEveryTargetOnce) {
  const PriceSeries series = test::trend_series(100, 0.5, 1.0);
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});
  test::RecordingForecaster model(0.25);
  model.fit(series.slice(split.train.begin, split.train.end), series.slice(0, 0));
  const auto hf = historical_forecasts(model, series, BacktestOptions::over_part(split.test));
  ASSERT_EQ(hf.size(), split.test.size());
  EXPECT_EQ(model.log->batches, 1);  // one predict_from call: neural models batch it
  const auto close = series.close();
  for (std::size_t i = 0; i < hf.size(); ++i) {
    EXPECT_EQ(hf.target_row[i], split.test.begin + i);
    EXPECT_EQ(hf.origin_row[i] + 1, hf.target_row[i]);
    EXPECT_EQ(hf.step[i], 1);
    EXPECT_EQ(hf.date[i], series.date(hf.target_row[i]));
    EXPECT_EQ(hf.actual[i], close[hf.target_row[i]]);
    EXPECT_EQ(hf.origin_value[i], close[hf.origin_row[i]]);
    EXPECT_EQ(hf.forecast[i], close[hf.origin_row[i]] + 0.25);
  }
  // The model never saw a row past the last origin.
  EXPECT_EQ(model.log->max_history_last, series.date(split.test.end - 2));
  EXPECT_TRUE(hf.lower.empty());
}

TEST(Backtest, MultiStepWithStride) {
  const PriceSeries series = test::trend_series(60, 0.0, 1.0);
  test::RecordingForecaster model(1.0);
  model.fit(series, series.slice(0, 0));
  BacktestOptions options;
  options.first_origin = 10;
  options.last_origin = 50;
  options.horizon = 3;
  options.stride = 5;
  const auto hf = historical_forecasts(model, series, options);
  ASSERT_EQ(hf.size(), 9U * 3U);  // origins 10, 15, ..., 50
  for (std::size_t i = 0; i < hf.size(); ++i) {
    EXPECT_EQ(hf.origin_row[i], 10 + 5 * (i / 3));
    EXPECT_EQ(hf.step[i], static_cast<int>(i % 3) + 1);
    EXPECT_EQ(hf.target_row[i], hf.origin_row[i] + static_cast<std::size_t>(hf.step[i]));
    EXPECT_EQ(hf.forecast[i], hf.origin_value[i] + hf.step[i]);
  }
  const auto step2 = hf.only_step(2);
  ASSERT_EQ(step2.size(), 9U);
  EXPECT_EQ(step2.target_row[0], 12U);
  options.last_origin = 57;  // 57 + 3 = 60 is past the last row 59
  EXPECT_THROW((void)historical_forecasts(model, series, options), InvalidInput);
}

TEST(Backtest, RefitExpandingAndRolling) {
  const PriceSeries series = test::trend_series(50, 0.1, 1.0);
  BacktestOptions options;
  options.first_origin = 29;
  options.last_origin = 48;
  options.refit_every = 5;
  test::RecordingForecaster expanding;
  const auto hf = historical_forecasts(expanding, series, options);
  EXPECT_EQ(hf.size(), 20U);
  ASSERT_EQ(expanding.log->fits.size(), 4U);  // origins 29, 34, 39, 44
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(expanding.log->fits[k].first, series.date(0));
    EXPECT_EQ(expanding.log->fits[k].last, series.date(29 + 5 * k));  // trained up to the origin itself
    EXPECT_EQ(expanding.log->fits[k].valid_rows, 0U);
  }
  options.refit_train_length = 20;
  test::RecordingForecaster rolling(0.0, /*needs_validation=*/true);
  (void)historical_forecasts(rolling, series, options);
  ASSERT_EQ(rolling.log->fits.size(), 4U);
  EXPECT_EQ(rolling.log->fits[1].first, series.date(34 + 1 - 20));
  EXPECT_EQ(rolling.log->fits[1].train_rows + rolling.log->fits[1].valid_rows, 20U);
  EXPECT_EQ(rolling.log->fits[1].valid_rows, 3U);  // floor(20 * 0.15)
}

TEST(Backtest, NaiveBesideItselfHasNoSkill) {
  const PriceSeries series = test::trend_series(80, 0.0, 2.0);
  models::NaiveForecaster naive;
  naive.fit(series.slice(0, 50), series.slice(0, 0));
  const auto hf = historical_forecasts(naive, series, BacktestOptions::over_part({50, 80}));
  const NaiveComparison cmp = compare_with_naive(hf);
  EXPECT_EQ(cmp.skill, 0.0);
  EXPECT_EQ(cmp.dm.p_value, 1.0);
  EXPECT_FALSE(cmp.beats_naive);
  EXPECT_EQ(cmp.model.mse, cmp.naive.mse);
  const auto naive_hf = naive_forecasts(hf);
  EXPECT_EQ(naive_hf.forecast, hf.forecast);
  EXPECT_EQ(naive_hf.model, "naive");
}

TEST(Backtest, DriftBeatsNaiveOnAStrongTrend) {
  const PriceSeries series = test::trend_series(300, 1.0, 0.3);
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});
  models::DriftForecaster drift;
  drift.fit(series.slice(split.train.begin, split.train.end), series.slice(0, 0));
  const auto hf = historical_forecasts(drift, series, BacktestOptions::over_part(split.test));
  EXPECT_FALSE(hf.lower.empty());  // drift has intervals
  const NaiveComparison cmp = compare_with_naive(hf);
  EXPECT_GT(cmp.skill, 0.5);
  EXPECT_LT(cmp.dm.statistic, 0);
  EXPECT_LT(cmp.dm.p_value, 1e-6);
  EXPECT_TRUE(cmp.beats_naive);
  // A model that is worse than naive is flagged as such.
  test::RecordingForecaster wrong(-1.0);
  wrong.fit(series, series.slice(0, 0));
  const NaiveComparison bad =
      compare_with_naive(historical_forecasts(wrong, series, BacktestOptions::over_part(split.test)));
  EXPECT_LT(bad.skill, 0);
  EXPECT_GT(bad.dm.statistic, 0);
  EXPECT_FALSE(bad.beats_naive);
}

TEST(Backtest, MultiStepComparisonUsesPerOriginDifferentials) {
  const PriceSeries series = test::trend_series(200, 1.0, 0.3);
  models::DriftForecaster drift;
  drift.fit(series.slice(0, 140), series.slice(0, 0));
  const auto hf = historical_forecasts(drift, series, BacktestOptions::over_part({140, 200}, /*horizon=*/5));
  const NaiveComparison cmp = compare_with_naive(hf);
  EXPECT_EQ(cmp.model.n, hf.size());
  EXPECT_EQ(cmp.dm.n, 56U);      // origins 139 .. 194
  EXPECT_EQ(cmp.dm.horizon, 5);  // overlapping 5-step forecasts, stride 1
  EXPECT_TRUE(cmp.beats_naive);
}

TEST(Backtest, NonFiniteForecastIsANumericalError) {
  const PriceSeries series = test::trend_series(40, 0.0, 1.0);
  test::RecordingForecaster model;
  model.fit(series, series.slice(0, 0));
  model.nan_ = true;
  try {
    (void)historical_forecasts(model, series, BacktestOptions::over_part({30, 40}));
    FAIL();
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("recording"), std::string::npos) << e.what();
  }
}

TEST(Backtest, BadOptions) {
  const PriceSeries series = test::trend_series(40, 0.0, 1.0);
  models::NaiveForecaster naive;
  EXPECT_THROW((void)historical_forecasts(naive, series, BacktestOptions::over_part({30, 40})), NotFitted);
  EXPECT_THROW((void)BacktestOptions::over_part({0, 40}), InvalidInput);
  EXPECT_THROW((void)BacktestOptions::over_part({38, 40}, 3), InvalidInput);
  BacktestOptions options = BacktestOptions::over_part({30, 40});
  options.stride = 0;
  EXPECT_THROW(options.validate(40), InvalidInput);
  options = BacktestOptions::over_part({30, 40});
  options.target = "adj_close";
  naive.fit(series, series.slice(0, 0));
  EXPECT_THROW((void)historical_forecasts(naive, series, options), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
