#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/models/nn/recurrent.hpp"

namespace stockcast::models::nn {
namespace {

std::vector<Date> business_days(std::size_t n) {
  std::vector<Date> dates;
  Date day = *parse_iso_date("2020-01-02");
  for (std::size_t i = 0; i < n; ++i) {
    dates.push_back(day);
    day = next_business_day(day);
  }
  return dates;
}

// close = 100 + 10 sin(2 pi t / 25) + N(0, 0.3²), and a volume column that follows it.
PriceSeries noisy_sine(std::size_t n, std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.3);
  std::vector<double> close(n), volume(n);
  for (std::size_t i = 0; i < n; ++i) {
    close[i] = 100.0 + 10.0 * std::sin(2.0 * M_PI * static_cast<double>(i) / 25.0) + noise(rng);
    volume[i] = 1e6 + 1e4 * close[i];
  }
  return PriceSeries("SINE", business_days(n), {Column{"close", close}, Column{"volume", volume}});
}

RecurrentOptions small_options(RecurrentCell cell) {
  RecurrentOptions o;
  o.cell = cell;
  o.units = 16;
  o.window = 20;
  o.features.features = prep::parse_features("close");
  o.training.learning_rate = 1e-2;
  o.training.batch_size = 32;
  o.training.epochs = 30;
  o.training.seed = 11;
  return o;
}

struct Errors {
  double model = 0.0;
  double naive = 0.0;
};

// One-step forecasts from every origin of rows [begin, size - 1): model vs naive MSE.
Errors test_errors(const Forecaster& model, const PriceSeries& series, std::size_t begin) {
  std::vector<std::size_t> origins;
  for (std::size_t o = begin; o + 1 < series.size(); ++o) origins.push_back(o);
  const auto forecasts = model.predict_from(series, origins, 1);
  const auto close = series.close();
  Errors e;
  for (std::size_t i = 0; i < origins.size(); ++i) {
    const double actual = close[origins[i] + 1];
    e.model += std::pow(forecasts[i].mean.at(0) - actual, 2);
    e.naive += std::pow(close[origins[i]] - actual, 2);
  }
  e.model /= static_cast<double>(origins.size());
  e.naive /= static_cast<double>(origins.size());
  return e;
}

class EachCell : public ::testing::TestWithParam<RecurrentCell> {};

TEST_P(EachCell, FitsANoisySineFarBelowNaive) {
  const PriceSeries series = noisy_sine(500);
  RecurrentForecaster model(small_options(GetParam()));
  EXPECT_EQ(model.kind(), to_string(GetParam()));
  model.fit(series.slice(0, 350), series.slice(350, 425));
  const Errors e = test_errors(model, series, 425);
  EXPECT_LT(e.model, 0.25 * e.naive) << model.describe() << ": mse " << e.model << " vs naive " << e.naive;
  EXPECT_EQ(model.history().epochs.size(), 30U);
  EXPECT_GT(model.parameter_count(), 0);
}

TEST_P(EachCell, SaveLoadGivesIdenticalForecasts) {
  const PriceSeries series = noisy_sine(300);
  auto options = small_options(GetParam());
  options.training.epochs = 2;
  options.features.features = prep::parse_features("close,volume,log_return");
  RecurrentForecaster model(options);
  model.fit(series.slice(0, 200), series.slice(200, 250));
  const ModelState state = model.save_state();

  RecurrentOptions other;
  other.cell = GetParam();
  RecurrentForecaster loaded(other);
  loaded.load_state(state);
  EXPECT_EQ(loaded.describe(), model.describe());
  EXPECT_EQ(loaded.parameter_count(), model.parameter_count());
  EXPECT_EQ(loaded.history().epochs.size(), 2U);
  const std::vector<std::size_t> origins = {120, 199, 250, 299};
  const auto a = model.predict_from(series, origins, 1);
  const auto b = loaded.predict_from(series, origins, 1);
  for (std::size_t i = 0; i < origins.size(); ++i) {
    EXPECT_EQ(a[i].mean, b[i].mean);
    EXPECT_EQ(a[i].dates, b[i].dates);
  }
  EXPECT_EQ(loaded.save_state().blob, state.blob);
}

INSTANTIATE_TEST_SUITE_P(Recurrent, EachCell,
                         ::testing::Values(RecurrentCell::kRnn, RecurrentCell::kLstm, RecurrentCell::kGru),
                         [](const auto& param_info) { return std::string(to_string(param_info.param)); });

TEST(Recurrent, SameSeedGivesBitIdenticalForecasts) {
  const PriceSeries series = noisy_sine(260);
  auto options = small_options(RecurrentCell::kLstm);
  options.training.epochs = 3;
  options.dropout = 0.2;  // dropout draws random masks: they must repeat too
  RecurrentForecaster a(options);
  RecurrentForecaster b(options);
  a.fit(series.slice(0, 180), series.slice(180, 220));
  b.fit(series.slice(0, 180), series.slice(180, 220));
  const std::vector<std::size_t> origins = {219, 240, 259};
  const auto fa = a.predict_from(series, origins, 1);
  const auto fb = b.predict_from(series, origins, 1);
  for (std::size_t i = 0; i < origins.size(); ++i) EXPECT_EQ(fa[i].mean, fb[i].mean);
  for (std::size_t e = 0; e < 3; ++e) {
    EXPECT_EQ(a.history().epochs[e].train_loss, b.history().epochs[e].train_loss);
    EXPECT_EQ(*a.history().epochs[e].val_loss, *b.history().epochs[e].val_loss);
  }
  EXPECT_EQ(a.save_state().blob, b.save_state().blob);
}

TEST(Recurrent, WindowNormalisationBidirectionalStackedAndMultiHorizon) {
  const PriceSeries series = noisy_sine(300);
  auto options = small_options(RecurrentCell::kGru);
  options.normalize = Normalization::kWindow;
  options.bidirectional = true;
  options.layers = 2;
  options.dropout = 0.1;
  options.horizon = 3;
  options.training.epochs = 2;
  RecurrentForecaster model(options);
  model.fit(series.slice(0, 220), series.slice(220, 260));
  const Forecast f = model.predict(series, 3);
  ASSERT_EQ(f.horizon(), 3U);
  EXPECT_EQ(f.dates.front(), next_business_day(series.last_date()));
  for (const double v : f.mean) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_GT(v, 50.0);
    EXPECT_LT(v, 150.0);
  }
  EXPECT_EQ(model.predict(series, 2).horizon(), 2U);
  EXPECT_THROW((void)model.predict(series, 4), InvalidInput);
  EXPECT_NE(model.describe().find("BiGRU(16 units, 2 layers"), std::string::npos) << model.describe();
}

TEST(Recurrent, ErrorsNameTheProblem) {
  const PriceSeries series = noisy_sine(200);
  auto options = small_options(RecurrentCell::kRnn);
  options.training.epochs = 1;
  options.features.features = prep::parse_features("close,volume");
  RecurrentForecaster model(options);
  EXPECT_THROW((void)model.predict(series, 1), NotFitted);
  EXPECT_THROW((void)model.save_state(), NotFitted);
  EXPECT_THROW(model.fit(series.slice(0, 15), {}), InvalidInput);  // shorter than one window
  EXPECT_THROW(model.fit(series.slice(100, 150), series.slice(0, 50)), InvalidInput);  // valid before train
  model.fit(series.slice(0, 150), series.slice(150, 200));

  // A data file without a feature the model needs.
  const PriceSeries close_only = series.select({"close"});
  try {
    (void)model.predict(close_only, 1);
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("volume"), std::string::npos) << error.what();
  }
  EXPECT_THROW((void)model.predict(series.slice(0, 10), 1), InvalidInput);  // history shorter than a window

  RecurrentOptions bad = small_options(RecurrentCell::kLstm);
  bad.dropout = 1.0;
  EXPECT_THROW(RecurrentForecaster{bad}, InvalidInput);
  bad = small_options(RecurrentCell::kLstm);
  bad.units = 0;
  EXPECT_THROW(RecurrentForecaster{bad}, InvalidInput);
}

TEST(Recurrent, BadStatesAreFormatErrors) {
  const PriceSeries series = noisy_sine(120);
  auto options = small_options(RecurrentCell::kLstm);
  options.training.epochs = 1;
  RecurrentForecaster model(options);
  model.fit(series.slice(0, 100), {});
  const ModelState good = model.save_state();

  RecurrentForecaster gru(small_options(RecurrentCell::kGru));
  EXPECT_THROW(gru.load_state(good), FormatError);  // wrong kind

  RecurrentForecaster lstm(small_options(RecurrentCell::kLstm));
  ModelState truncated = good;
  truncated.blob.resize(truncated.blob.size() / 2);
  EXPECT_THROW(lstm.load_state(truncated), FormatError);

  ModelState trailing = good;
  trailing.blob += "x";
  EXPECT_THROW(lstm.load_state(trailing), FormatError);

  ModelState reshaped = good;  // options say 32 units, weights hold 16
  reshaped.config["options"]["units"] = 32;
  EXPECT_THROW(lstm.load_state(reshaped), FormatError);

  ModelState version = good;
  version.config["format"] = "stockcast-recurrent/99";
  EXPECT_THROW(lstm.load_state(version), FormatError);

  ModelState missing = good;
  missing.config.erase("scaler");
  EXPECT_THROW(lstm.load_state(missing), FormatError);

  ModelState nonsense = good;
  nonsense.config["options"]["dropout"] = 3.0;
  EXPECT_THROW(lstm.load_state(nonsense), FormatError);

  // A failed load leaves the model as it was (untrained here).
  EXPECT_THROW((void)lstm.predict(series, 1), NotFitted);
  lstm.load_state(good);
  EXPECT_EQ(lstm.predict(series, 1).mean, model.predict(series, 1).mean);
}

TEST(RecurrentOptionsJson, RoundTripsAndRejectsUnknownKeys) {
  RecurrentOptions options = small_options(RecurrentCell::kGru);
  options.normalize = Normalization::kWindow;
  options.features.features = prep::parse_features("open,close,ma_5");
  const nlohmann::json json = to_json(options);
  RecurrentOptions base;
  base.cell = RecurrentCell::kGru;
  const RecurrentOptions back = recurrent_options_from_json(json, base, "test");
  EXPECT_EQ(to_json(back), json);
  EXPECT_THROW(recurrent_options_from_json({{"unit", 3}}, base, "test"), InvalidInput);
  EXPECT_THROW(recurrent_options_from_json({{"units", "many"}}, base, "test"), InvalidInput);
  EXPECT_THROW(recurrent_options_from_json({{"normalize", "local"}}, base, "test"), InvalidInput);
  const auto list = recurrent_options_from_json({{"features", {"close", "volume"}}}, base, "test");
  EXPECT_EQ(list.features.features.size(), 2U);
}

}  // namespace
}  // namespace stockcast::models::nn
