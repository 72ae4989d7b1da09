// Every registered model through the same contract (Darts' model table): built from the registry
// with its quick options, fitted on a bundled real series, forecasts finite prices with the right
// dates, batch forecasts equal single ones, save_state -> load_state into a default-built model
// gives identical forecasts, and the one-day-ahead error on the test part stays below a threshold.
// A model added to the registry is covered here without touching this file.
#include <gtest/gtest.h>

#include <cmath>

#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/backtest.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/split.hpp"
#include "test_paths.hpp"

namespace stockcast::models {
namespace {

// Any registered model forecasting a liquid stock one day ahead must stay within this mean absolute
// percentage error on the test part (the naive forecast scores about 2.2% on this series).
constexpr double kMaxTestMape = 10.0;
constexpr int kHorizon = 5;

struct Bundled {
  PriceSeries series;
  prep::Split split;
  PriceSeries train;
  PriceSeries valid;
  PriceSeries history;  // train + valid
};

const Bundled& bundled() {
  static const Bundled data = [] {
    Bundled b;
    b.series = data::read_prices(test::data_file("r_timeSeries/MSFT.csv")).series;
    b.split = prep::split_by_fractions(b.series.size(), prep::SplitFractions{});
    b.train = b.series.slice(b.split.train.begin, b.split.train.end);
    b.valid = b.series.slice(b.split.valid.begin, b.split.valid.end);
    b.history = b.series.slice(0, b.split.valid.end);
    return b;
  }();
  return data;
}

class EveryModel : public ::testing::TestWithParam<std::string> {
 protected:
  const ModelEntry& entry() const { return *find_model(GetParam()); }
  std::unique_ptr<Forecaster> fitted() const {
    auto model = make_forecaster(GetParam(), entry().quick_options);
    model->fit(bundled().train, bundled().valid);
    return model;
  }
};

void expect_same(const Forecast& a, const Forecast& b, double rtol) {
  ASSERT_EQ(a.mean.size(), b.mean.size());
  EXPECT_EQ(a.dates, b.dates);
  for (std::size_t k = 0; k < a.mean.size(); ++k) {
    EXPECT_NEAR(a.mean[k], b.mean[k], rtol * std::abs(a.mean[k])) << "step " << k + 1;
  }
  ASSERT_EQ(a.lower.size(), b.lower.size());
  for (std::size_t k = 0; k < a.lower.size(); ++k) {
    EXPECT_NEAR(a.lower[k], b.lower[k], rtol * std::abs(a.lower[k]));
    EXPECT_NEAR(a.upper[k], b.upper[k], rtol * std::abs(a.upper[k]));
  }
}

TEST_P(EveryModel, RegistryEntryIsConsistent) {
  const ModelEntry& e = entry();
  EXPECT_FALSE(e.description.empty());
  ASSERT_TRUE(e.factory);
  const auto model = make_forecaster(e.name, e.quick_options);
  EXPECT_EQ(model->kind(), e.name);
  const auto defaults = make_forecaster(e.name);  // defaults must be valid too
  EXPECT_EQ(defaults->kind(), e.name);
}

TEST_P(EveryModel, RejectsUnknownOptions) {
  try {
    (void)make_forecaster(GetParam(), {{"no_such_option", 1}});
    FAIL() << GetParam() << " accepted an unknown option";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_option"), std::string::npos) << e.what();
  }
}

TEST_P(EveryModel, PredictBeforeFitIsNotFitted) {
  const auto model = make_forecaster(GetParam(), entry().quick_options);
  EXPECT_THROW((void)model->predict(bundled().history, 1), NotFitted);
}

TEST_P(EveryModel, FitsAndForecastsFinitePricesOnBusinessDays) {
  const auto model = fitted();
  const Forecast f = model->predict(bundled().history, kHorizon);
  ASSERT_EQ(f.horizon(), static_cast<std::size_t>(kHorizon));
  EXPECT_EQ(f.dates, forecast_dates(bundled().history.last_date(), kHorizon));
  for (std::size_t k = 0; k < f.mean.size(); ++k) {
    EXPECT_TRUE(std::isfinite(f.mean[k]));
    EXPECT_GT(f.mean[k], 0.0);
    if (f.has_intervals()) {
      EXPECT_LE(f.lower[k], f.mean[k]);
      EXPECT_GE(f.upper[k], f.mean[k]);
    }
  }
  EXPECT_EQ(f.has_intervals(), model->capabilities().probabilistic);
}

TEST_P(EveryModel, BatchForecastsEqualSingleForecasts) {
  const auto model = fitted();
  const auto& b = bundled();
  const std::vector<std::size_t> origins = {b.split.valid.end - 1, b.split.valid.end + 5,
                                            b.series.size() - 2};
  const auto batch = model->predict_from(b.series, origins, 2);
  ASSERT_EQ(batch.size(), origins.size());
  for (std::size_t i = 0; i < origins.size(); ++i) {
    expect_same(batch[i], model->predict(b.series.slice(0, origins[i] + 1), 2), 1e-6);
  }
}

TEST_P(EveryModel, SaveLoadGivesIdenticalForecasts) {
  const auto model = fitted();
  const ModelState state = model->save_state();
  // Through text, as a model file stores it, into a model built with default options.
  const ModelState reread{nlohmann::json::parse(state.config.dump()), state.blob};
  const auto restored = make_forecaster(GetParam());
  restored->load_state(reread);
  EXPECT_EQ(restored->kind(), model->kind());
  expect_same(model->predict(bundled().history, kHorizon), restored->predict(bundled().history, kHorizon),
              0.0);
}

TEST_P(EveryModel, RejectsAnotherModelsState) {
  const auto model = make_forecaster(GetParam(), entry().quick_options);
  ModelState foreign;
  foreign.config = {{"kind", "not_" + GetParam()}, {"options", nlohmann::json::object()}};
  EXPECT_THROW(model->load_state(foreign), FormatError);
}

TEST_P(EveryModel, OneDayAheadErrorOnTheTestPartIsBounded) {
  const auto model = fitted();
  const auto& b = bundled();
  const auto hf =
      eval::historical_forecasts(*model, b.series, eval::BacktestOptions::over_part(b.split.test));
  const eval::NaiveComparison cmp = eval::compare_with_naive(hf);
  EXPECT_EQ(cmp.model.n, b.split.test.size());
  EXPECT_LT(cmp.model.mape, kMaxTestMape) << GetParam() << " (naive: " << cmp.naive.mape << "%)";
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryModel, ::testing::ValuesIn(model_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) { return param.param; });

TEST(Registry, UnknownNameListsTheValidOnes) {
  try {
    (void)make_forecaster("lstmm");
    FAIL();
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("'lstmm'"), std::string::npos) << message;
    for (const auto& name : model_names()) EXPECT_NE(message.find(name), std::string::npos) << message;
  }
  EXPECT_EQ(find_model("lstmm"), nullptr);
}

TEST(Registry, NamesAreUniqueAndHoldTheBaselines) {
  const auto names = model_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) EXPECT_NE(names[i], names[j]);
  }
  for (const char* baseline : {"naive", "drift", "moving_average"}) EXPECT_NE(find_model(baseline), nullptr);
}

}  // namespace
}  // namespace stockcast::models
