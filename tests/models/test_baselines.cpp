#include <gtest/gtest.h>

#include <cmath>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/distributions.hpp"
#include "stockcast/models/baseline/drift.hpp"
#include "stockcast/models/baseline/moving_average.hpp"
#include "stockcast/models/baseline/naive.hpp"

namespace stockcast::models {
namespace {

PriceSeries closes(std::vector<double> values) {
  std::vector<Date> dates;
  Date day = *parse_iso_date("2024-07-22");  // a Monday
  for (std::size_t i = 0; i < values.size(); ++i) {
    dates.push_back(day);
    day = next_business_day(day);
  }
  return PriceSeries("T", std::move(dates), {Column{"close", std::move(values)}});
}

const PriceSeries kEmpty;

TEST(Naive, RepeatsTheLastValue) {
  NaiveForecaster naive;
  naive.fit(closes({1, 2, 4, 7}), kEmpty);
  const Forecast f = naive.predict(closes({3, 5, 6}), 3);
  EXPECT_EQ(f.mean, (std::vector<double>{6, 6, 6}));
  EXPECT_FALSE(f.has_intervals());
  // History ends Wednesday 2024-07-24: forecasts for Thu, Fri and the next Monday.
  ASSERT_EQ(f.dates.size(), 3U);
  EXPECT_EQ(to_string(f.dates[0]), "2024-07-25");
  EXPECT_EQ(to_string(f.dates[2]), "2024-07-29");
}

TEST(Drift, HandComputedForecastAndIntervals) {
  DriftForecaster drift;
  // y = 1, 2, 4, 7: drift c = (7 - 1) / 3 = 2; changes 1, 2, 3 -> residuals -1, 0, 1 -> sigma^2 = 2 / 2 = 1
  drift.fit(closes({1, 2, 4, 7}), kEmpty);
  EXPECT_DOUBLE_EQ(drift.drift(), 2.0);
  EXPECT_DOUBLE_EQ(drift.sigma(), 1.0);
  const Forecast f = drift.predict(closes({10, 20}), 2);
  EXPECT_DOUBLE_EQ(f.mean[0], 22.0);
  EXPECT_DOUBLE_EQ(f.mean[1], 24.0);
  ASSERT_TRUE(f.has_intervals());
  const double z = 1.959963984540054;
  EXPECT_NEAR(f.upper[0] - f.mean[0], z * std::sqrt(1.0 * (1.0 + 1.0 / 4.0)), 1e-12);
  EXPECT_NEAR(f.mean[1] - f.lower[1], z * std::sqrt(2.0 * (1.0 + 2.0 / 4.0)), 1e-12);
  EXPECT_EQ(f.level, 0.95);
  EXPECT_TRUE(drift.capabilities().probabilistic);

  DriftForecaster no_intervals(DriftOptions{.intervals = false});
  no_intervals.fit(closes({1, 2, 4, 7}), kEmpty);
  EXPECT_FALSE(no_intervals.predict(closes({1}), 1).has_intervals());
  EXPECT_FALSE(no_intervals.capabilities().probabilistic);
}

TEST(Drift, NeedsThreeRows) {
  DriftForecaster drift;
  EXPECT_THROW(drift.fit(closes({1, 2}), kEmpty), InvalidInput);
  EXPECT_THROW((void)drift.drift(), NotFitted);
}

TEST(MovingAverage, MeanOfTheLastWindow) {
  MovingAverageForecaster ma(MovingAverageOptions{.window = 3});
  ma.fit(closes({1, 2, 3}), kEmpty);
  const Forecast f = ma.predict(closes({10, 1, 2, 6}), 2);
  EXPECT_DOUBLE_EQ(f.mean[0], 3.0);
  EXPECT_DOUBLE_EQ(f.mean[1], 3.0);
  EXPECT_EQ(ma.describe(), "moving_average(3)");
  EXPECT_THROW((void)ma.predict(closes({1, 2}), 1), InvalidInput);
  MovingAverageForecaster too_long(MovingAverageOptions{.window = 10});
  EXPECT_THROW(too_long.fit(closes({1, 2, 3}), kEmpty), InvalidInput);
}

TEST(Baselines, UseTheTargetOption) {
  const PriceSeries base = closes({1, 2, 3});
  const PriceSeries series = base.with_column({"adj_close", {0.5, 1, 1.5}});
  NaiveForecaster naive(NaiveOptions{.target = "adj_close"});
  naive.fit(series, kEmpty);
  EXPECT_EQ(naive.predict(series, 1).mean[0], 1.5);
  NaiveForecaster missing(NaiveOptions{.target = "vwap"});
  EXPECT_THROW(missing.fit(series, kEmpty), InvalidInput);
}

TEST(Baselines, NotFittedAndBadHorizon) {
  NaiveForecaster naive;
  EXPECT_THROW((void)naive.predict(closes({1}), 1), NotFitted);
  EXPECT_THROW((void)naive.save_state(), NotFitted);
  naive.fit(closes({1, 2}), kEmpty);
  EXPECT_THROW((void)naive.predict(closes({1}), 0), InvalidInput);
  EXPECT_THROW((void)naive.predict(kEmpty, 1), InvalidInput);
  const PriceSeries with_nan = closes({1, 2, NAN});
  EXPECT_THROW(naive.fit(with_nan, kEmpty), InvalidInput);
}

TEST(Baselines, OptionsFromJsonAreStrict) {
  EXPECT_EQ(DriftOptions::from_json({{"level", 0.8}}).level, 0.8);
  EXPECT_EQ(MovingAverageOptions::from_json({{"window", 12}}).window, 12);
  EXPECT_EQ(NaiveOptions::from_json(nlohmann::json()).target, "close");
  try {
    (void)MovingAverageOptions::from_json({{"windwo", 12}});
    FAIL();
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'windwo'"), std::string::npos) << message;
    EXPECT_NE(message.find("window"), std::string::npos) << message;  // lists the accepted options
    EXPECT_NE(message.find("moving_average"), std::string::npos) << message;
  }
  EXPECT_THROW((void)MovingAverageOptions::from_json({{"window", "12"}}), InvalidInput);
  EXPECT_THROW((void)MovingAverageOptions::from_json({{"window", 1.5}}), InvalidInput);
  EXPECT_THROW((void)MovingAverageOptions::from_json({{"window", 0}}), InvalidInput);
  EXPECT_THROW((void)MovingAverageOptions::from_json({{"window", 1e12}}), InvalidInput);
  EXPECT_THROW((void)MovingAverageOptions::from_json({{"window", 4294967297LL}}), InvalidInput);
  EXPECT_THROW((void)DriftOptions::from_json({{"level", 1.0}}), InvalidInput);
  EXPECT_THROW((void)DriftOptions::from_json({{"intervals", 1}}), InvalidInput);
  EXPECT_THROW((void)NaiveOptions::from_json(nlohmann::json::array()), InvalidInput);
  EXPECT_THROW((void)NaiveOptions::from_json({{"target", ""}}), InvalidInput);
}

TEST(Baselines, StateRoundTripAndCorruptState) {
  DriftForecaster drift(DriftOptions{.level = 0.9});
  drift.fit(closes({1, 2, 4, 7, 8}), kEmpty);
  const ModelState state = drift.save_state();
  DriftForecaster restored;
  restored.load_state({nlohmann::json::parse(state.config.dump()), state.blob});
  EXPECT_EQ(restored.options().level, 0.9);
  const auto a = drift.predict(closes({5, 6}), 4);
  const auto b = restored.predict(closes({5, 6}), 4);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);

  auto wrong_kind = state;
  wrong_kind.config["kind"] = "naive";
  EXPECT_THROW(restored.load_state(wrong_kind), FormatError);
  auto no_fit = state;
  no_fit.config.erase("fitted");
  EXPECT_THROW(restored.load_state(no_fit), FormatError);
  auto bad_sigma = state;
  bad_sigma.config["fitted"]["sigma"] = -1.0;
  EXPECT_THROW(restored.load_state(bad_sigma), FormatError);
  auto bad_option = state;
  bad_option.config["options"]["level"] = 7;
  EXPECT_THROW(restored.load_state(bad_option), FormatError);
  EXPECT_THROW(restored.load_state(ModelState{}), FormatError);

  MovingAverageForecaster ma(MovingAverageOptions{.window = 2});
  ma.fit(closes({1, 2, 3}), kEmpty);
  MovingAverageForecaster ma2;
  ma2.load_state(ma.save_state());
  EXPECT_EQ(ma2.options().window, 2);
}

}  // namespace
}  // namespace stockcast::models
