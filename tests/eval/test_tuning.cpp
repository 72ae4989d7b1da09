// tune_model: trials scored on the validation part only (the test part is cut off), ranking,
// failed trials, the refitted best beside naive, and the trials files.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/tuning.hpp"
#include "stockcast/io/result_files.hpp"
#include "tuning_fixture.hpp"

namespace stockcast::eval {
namespace {

// Close-only business-day series from 2024-01-02 whose daily change is slopes[k] on the k-th of
// slopes.size() equal pieces, plus a fixed pseudo-random wiggle in [-0.2, 0.2] (without it the loss
// differentials would be constant and the DM test undefined).
PriceSeries piecewise_trend(std::size_t n, const std::vector<double>& slopes) {
  std::vector<Date> dates;
  std::vector<double> close;
  Date day = *parse_iso_date("2024-01-02");
  double price = 500.0;
  unsigned state = 777U;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t part = std::min(slopes.size() - 1, i * slopes.size() / n);
    price += slopes[part];
    state = state * 1103515245U + 12345U;
    const double u = static_cast<double>((state >> 8) & 0xFFFFU) / 65535.0;
    close.push_back(price + 0.2 * (2 * u - 1));
    dates.push_back(day);
    day = next_business_day(day);
  }
  return PriceSeries("PIECES", std::move(dates), {Column{"close", std::move(close)}});
}

struct Spy {
  std::shared_ptr<test::StepForecaster::Log> trials = std::make_shared<test::StepForecaster::Log>();
  std::shared_ptr<test::StepForecaster::Log> final = std::make_shared<test::StepForecaster::Log>();
  int made = 0;
  int trial_count = 0;
  ConfiguredMaker maker() {
    return [this](const nlohmann::json& config) {
      // The trials come first; the model made after them is the refitted best.
      auto log = made++ < trial_count ? trials : final;
      return std::make_unique<test::StepForecaster>(config, log);
    };
  }
};

std::vector<nlohmann::json> increments(std::initializer_list<double> values) {
  std::vector<nlohmann::json> out;
  for (const double v : values) out.push_back({{"increment", v}});
  return out;
}

TEST(Tuning, RanksByValidationScoreAndNeverShowsTheTestPart) {
  // Up 1 a day in train and validation, then down 3 a day in the test part: increment 1 is right on
  // the validation part; only the test part would make -3 the winner.
  const PriceSeries series = piecewise_trend(200, {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -3.0, -3.0});
  const prep::Split split = prep::split_by_fractions(200, {0.6, 0.2, 0.2});
  const auto configs = increments({0.0, -3.0, 1.0, 2.0});
  Spy spy;
  spy.trial_count = static_cast<int>(configs.size());
  std::vector<std::size_t> started;
  std::vector<int> finished;
  TuningOptions options;
  options.on_trial_start = [&](std::size_t i, std::size_t n, const nlohmann::json& config) {
    EXPECT_EQ(n, configs.size());
    EXPECT_EQ(config, configs[i]);
    started.push_back(i);
  };
  options.on_trial = [&](std::size_t, std::size_t, const TrialResult& t) { finished.push_back(t.trial); };
  options.best_label = "step";
  const TuningResult result = tune_model(spy.maker(), series, split, configs, options);

  EXPECT_EQ(started, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(finished, (std::vector<int>{1, 2, 3, 4}));
  ASSERT_EQ(result.trials.size(), 4U);
  // The trials saw nothing after the last validation day.
  EXPECT_EQ(spy.trials->fits, 4);
  EXPECT_EQ(spy.trials->latest_seen, series.date(split.valid.end - 1));
  // Ranked by validation MSE: increment 1 (only the wiggle left), then 2 and 0 (off by about 1),
  // then -3 (off by about 4).
  EXPECT_EQ(result.best().config, (nlohmann::json{{"increment", 1.0}}));
  EXPECT_EQ(result.ranking.front(), 2U);
  EXPECT_EQ(result.ranking.back(), 1U);
  EXPECT_LT(result.best().score, 0.1);
  EXPECT_GT(result.trials[1].score, 9.0);
  for (std::size_t r = 1; r < result.ranking.size(); ++r) {
    EXPECT_LE(result.trials[result.ranking[r - 1]].score, result.trials[result.ranking[r]].score);
  }
  const TrialResult& zero = result.trials[0];
  ASSERT_TRUE(zero.valid.has_value());
  EXPECT_DOUBLE_EQ(zero.score, zero.valid->model.mse);
  EXPECT_DOUBLE_EQ(zero.valid->skill, 0.0);  // increment 0 is the naive forecast

  // Only the refitted best saw the test part, once, and is scored there beside naive.
  ASSERT_TRUE(result.final.has_value());
  EXPECT_EQ(spy.final->fits, 1);
  EXPECT_EQ(spy.final->latest_seen, series.last_date());
  ASSERT_EQ(result.final->models.size(), 2U);
  EXPECT_EQ(result.final->models[0].name, "step");
  EXPECT_EQ(result.final->models[1].name, "naive");
  EXPECT_EQ(result.final->models[0].test.size(), split.test.size());
  // Its validation score is the trial's; on the turned test part it loses to naive.
  EXPECT_DOUBLE_EQ(result.final->models[0].valid_vs_naive->model.mse, result.best().score);
  EXPECT_LT(result.final->models[0].test_vs_naive.skill, 0.0);
}

TEST(Tuning, ObjectivesAndTheirNames) {
  EXPECT_EQ(parse_tuning_objective("val_mae", "--objective"), TuningObjective::kMae);
  EXPECT_EQ(parse_tuning_objective("rmse", "--objective"), TuningObjective::kRmse);
  EXPECT_EQ(to_string(TuningObjective::kMape), "val_mape");
  EXPECT_THROW((void)parse_tuning_objective("test_mse", "--objective"), InvalidInput);
  Metrics m;
  m.mse = 4;
  m.rmse = 2;
  m.mae = 1.5;
  m.mape = 0.3;
  EXPECT_EQ(objective_value(TuningObjective::kMse, m), 4);
  EXPECT_EQ(objective_value(TuningObjective::kMae, m), 1.5);

  const PriceSeries series = piecewise_trend(120, {1.0});
  const prep::Split split = prep::split_by_fractions(120, {0.6, 0.2, 0.2});
  Spy spy;
  spy.trial_count = 2;
  TuningOptions options;
  options.objective = TuningObjective::kMae;
  const TuningResult result = tune_model(spy.maker(), series, split, increments({0.0, 0.5}), options);
  EXPECT_NEAR(result.trials[0].score, 1.0, 0.2);  // |1 - 0| a day, give or take the wiggle
  EXPECT_NEAR(result.trials[1].score, 0.5, 0.2);
  EXPECT_DOUBLE_EQ(result.trials[1].score, result.trials[1].valid->model.mae);
  EXPECT_EQ(result.best().trial, 2);
}

TEST(Tuning, FailedTrialsAreRecordedAndRankedLast) {
  const PriceSeries series = piecewise_trend(120, {1.0});
  const prep::Split split = prep::split_by_fractions(120, {0.6, 0.2, 0.2});
  const std::vector<nlohmann::json> configs = {
      {{"fail", "numerical"}}, {{"increment", 0.0}}, {{"fail", "invalid"}}, {{"increment", 1.0}}};
  Spy spy;
  spy.trial_count = 4;
  const TuningResult result = tune_model(spy.maker(), series, split, configs, {});
  ASSERT_EQ(result.trials.size(), 4U);
  EXPECT_NE(result.trials[0].error.find("NaN"), std::string::npos);
  EXPECT_NE(result.trials[2].error.find("window"), std::string::npos);
  EXPECT_TRUE(std::isnan(result.trials[0].score));
  EXPECT_FALSE(result.trials[0].valid.has_value());
  EXPECT_EQ(result.ranking, (std::vector<std::size_t>{3, 1, 0, 2}));

  const std::vector<std::string> names = {"increment", "fail"};
  const std::string table = format_trials_table(result, names);
  EXPECT_NE(table.find("failed"), std::string::npos) << table;
  EXPECT_NE(table.find("trial 1 failed:"), std::string::npos) << table;
  const io::TrialTable trials = trial_table(result, names);
  ASSERT_EQ(trials.rows.size(), 4U);
  EXPECT_EQ(trials.objective, "val_mse");
  EXPECT_TRUE(std::isnan(trials.rows[0].score));
  EXPECT_EQ(trials.rows[3].params, (std::vector<std::string>{"1.0", ""}));
  EXPECT_EQ(trials.rows[0].params, (std::vector<std::string>{"", "numerical"}));

  // Every trial failing is the first failure, with its type.
  Spy all_fail;
  all_fail.trial_count = 2;
  const std::vector<nlohmann::json> bad = {{{"fail", "numerical"}}, {{"fail", "invalid"}}};
  try {
    (void)tune_model(all_fail.maker(), series, split, bad, {});
    FAIL();
  } catch (const NumericalError& error) {
    EXPECT_NE(std::string(error.what()).find("trial 1"), std::string::npos) << error.what();
  }
}

TEST(Tuning, BadInputs) {
  const PriceSeries series = piecewise_trend(120, {1.0});
  Spy spy;
  spy.trial_count = 1;
  const prep::Split split = prep::split_by_fractions(120, {0.6, 0.2, 0.2});
  EXPECT_THROW((void)tune_model(spy.maker(), series, split, {}, {}), InvalidInput);
  const prep::Split no_valid = prep::split_by_fractions(120, {0.8, 0.0, 0.2});
  EXPECT_THROW((void)tune_model(spy.maker(), series, no_valid, increments({1.0}), {}), InvalidInput);
  // A configuration the model rejects is the user's error, reported with the trial.
  const std::vector<nlohmann::json> unknown = {{{"units", 10}}};
  try {
    (void)tune_model(spy.maker(), series, split, unknown, {});
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("trial 1 (units=10)"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("accepted: increment"), std::string::npos) << error.what();
  }
}

TEST(Tuning, WritesTrialsAndTheFinalComparison) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("stockcast_tuning_files_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const PriceSeries series = piecewise_trend(150, {1.0});
  const prep::Split split = prep::split_by_fractions(150, {0.6, 0.2, 0.2});
  Spy spy;
  spy.trial_count = 3;
  TuningOptions options;
  options.best_label = "step";
  const TuningResult result = tune_model(spy.maker(), series, split, increments({0.0, 1.0, 3.0}), options);
  const std::vector<std::string> names = {"increment"};
  write_tuning(dir, result, names);
  const io::TrialTable trials = io::read_trials_csv(dir / "trials.csv");
  EXPECT_EQ(trials.objective, "val_mse");
  EXPECT_EQ(trials.param_names, names);
  ASSERT_EQ(trials.rows.size(), 3U);
  EXPECT_EQ(trials.rows[1].trial, 2);
  EXPECT_DOUBLE_EQ(trials.rows[2].score, result.trials[2].score);
  const auto metrics = io::read_metrics_csv(dir / "metrics.csv");
  ASSERT_EQ(metrics.size(), 4U);  // step and naive, val and test
  EXPECT_EQ(metrics[0].model, "step");
  EXPECT_TRUE(std::filesystem::exists(dir / "predictions.csv"));
  const nlohmann::json summary = tuning_summary(result);
  EXPECT_EQ(summary.at("best").at("trial"), 2);
  EXPECT_EQ(summary.at("ranking").front(), 2);
  EXPECT_TRUE(summary.contains("final"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stockcast::eval
