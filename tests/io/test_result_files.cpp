#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "stockcast/core/error.hpp"
#include "stockcast/io/csv_table.hpp"
#include "stockcast/io/result_files.hpp"

namespace stockcast::io {
namespace {

namespace fs = std::filesystem;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date d(int y, unsigned m, unsigned dd) { return Date{year{y}, month{m}, day{dd}}; }

class ResultFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("stockcast_result_files_" + std::to_string(::getpid()) + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ResultFiles, MetricsRoundTripWithFixedColumns) {
  std::vector<MetricsRow> rows(2);
  rows[0].model = "lstm";
  rows[0].split = "val";
  rows[0].mse = 2.5;
  rows[0].skill_vs_naive = -0.25;
  rows[1].model = "naive";
  rows[1].split = "test";
  rows[1].rmse = 1.0 / 7.0;
  write_metrics(dir_ / "sub", rows, {{"lstm", {{"params", 10851}}}});
  const auto table = read_csv_table(dir_ / "sub" / "metrics.csv");
  EXPECT_EQ(table.header(), metrics_columns());
  EXPECT_EQ(metrics_columns().size(), 14u);
  const auto back = read_metrics_csv(dir_ / "sub" / "metrics.csv");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].model, "lstm");
  EXPECT_EQ(back[0].mse, 2.5);
  EXPECT_EQ(back[0].skill_vs_naive, -0.25);
  EXPECT_TRUE(std::isnan(back[0].rmse));
  EXPECT_EQ(back[1].rmse, 1.0 / 7.0);
  std::ifstream json_in(dir_ / "sub" / "metrics.json");
  const auto json = nlohmann::json::parse(json_in);
  EXPECT_EQ(json["metrics"].size(), 2u);
  EXPECT_TRUE(json["metrics"][0]["rmse"].is_null());
  EXPECT_EQ(json["models"]["lstm"]["params"], 10851);
}

TEST_F(ResultFiles, PredictionsRoundTripAndValidate) {
  PredictionTable table;
  table.dates = {d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4)};
  table.splits = {"val", "val", "test"};
  table.actual = {10, 11, 12};
  table.naive = {9.5, 10, 11};
  table.models = {{"lstm,v2", {10.1, std::nan(""), 11.9}}};
  write_predictions_csv(dir_, table);
  const auto back = read_predictions_csv(dir_ / "predictions.csv");
  EXPECT_EQ(back.dates, table.dates);
  EXPECT_EQ(back.splits, table.splits);
  EXPECT_EQ(back.naive, table.naive);
  ASSERT_EQ(back.models.size(), 1u);
  EXPECT_EQ(back.models[0].name, "lstm,v2");
  EXPECT_TRUE(std::isnan(back.models[0].values[1]));
  // A registry model called "naive" is the naive column: written once.
  table.models.push_back({"naive", table.naive});
  write_predictions_csv(dir_, table);
  EXPECT_EQ(read_csv_table(dir_ / "predictions.csv").header(),
            (std::vector<std::string>{"date", "split", "actual", "naive", "lstm,v2"}));
  table.models.back().values[1] += 0.5;
  EXPECT_THROW(write_predictions_csv(dir_, table), InvalidInput);
  table.models.pop_back();
  table.models[0].values.pop_back();
  EXPECT_THROW(write_predictions_csv(dir_, table), InvalidInput);
  table.models[0] = {"actual", {1, 2, 3}};
  EXPECT_THROW(write_predictions_csv(dir_, table), InvalidInput);
}

TEST_F(ResultFiles, HistoryFoldsForecastVolatilityFidelityTrials) {
  const std::vector<HistoryRow> history{{"gru", 1, 0.5, 0.6, 3.0, 1e-3},
                                        {"gru", 2, 0.25, std::nan(""), 2.0, 5e-4}};
  write_history_csv(dir_, history);
  const auto h = read_history_csv(dir_ / "history.csv");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].epoch, 2);
  EXPECT_EQ(h[1].lr, 5e-4);
  EXPECT_TRUE(std::isnan(h[1].val_loss));

  FoldTable folds{{"mse", "mae"}, {{"ar", 1, d(2020, 1, 1), d(2020, 1, 10), {1.5, 1.0}}}};
  write_folds_csv(dir_, folds);
  const auto f = read_folds_csv(dir_ / "folds.csv");
  EXPECT_EQ(f.metric_names, folds.metric_names);
  EXPECT_EQ(f.rows[0].test_end, d(2020, 1, 10));
  EXPECT_EQ(f.rows[0].values, folds.rows[0].values);
  folds.rows[0].values.pop_back();
  EXPECT_THROW(write_folds_csv(dir_, folds), InvalidInput);

  ForecastTable forecast{{80, 95}, {{"arima", d(2024, 5, 1), 100, {95, 90}, {105, 110}}}};
  write_forecast_csv(dir_, forecast);
  const auto fc = read_forecast_csv(dir_ / "forecast.csv");
  EXPECT_EQ(fc.levels, forecast.levels);
  EXPECT_EQ(fc.rows[0].upper, forecast.rows[0].upper);
  forecast.levels = {100, 95};
  EXPECT_THROW(write_forecast_csv(dir_, forecast), InvalidInput);

  const std::vector<VolatilityRow> vol{{"garch", d(2024, 5, 1), -1.5, 2.0},
                                       {"garch", d(2024, 5, 2), std::nan(""), 2.1}};
  write_volatility_csv(dir_, vol);
  const auto v = read_volatility_csv(dir_ / "volatility.csv");
  EXPECT_EQ(v[0].return_value, -1.5);
  EXPECT_TRUE(std::isnan(v[1].return_value));

  const std::vector<FidelityRow> fid{{"garch", "kurtosis", 5.0, 4.0}};
  write_fidelity_csv(dir_, fid);
  EXPECT_EQ(read_fidelity_csv(dir_ / "fidelity.csv")[0].statistic, "kurtosis");

  TrialTable trials{"val_mse", {"units", "optimizer"}, {{1, 0.5, {"50", "adam"}}, {2, 0.4, {"10", "sgd"}}}};
  write_trials_csv(dir_, trials);
  const auto t = read_trials_csv(dir_ / "trials.csv");
  EXPECT_EQ(t.objective, "val_mse");
  EXPECT_EQ(t.param_names, trials.param_names);
  EXPECT_EQ(t.rows[1].params[1], "sgd");
}

TEST_F(ResultFiles, PathsLongFormatWithAndWithoutModel) {
  const std::vector<PathSet> one{{"", {{1, 2, 3}, {4, 5, 6}}}};
  write_paths_csv(dir_ / "paths.csv", one);
  EXPECT_EQ(read_csv_table(dir_ / "paths.csv").header(), (std::vector<std::string>{"path", "day", "close"}));
  const auto back = read_paths_csv(dir_ / "paths.csv");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].paths, one[0].paths);

  const std::vector<PathSet> two{{"fbm", {{1, 2}}}, {"garch", {{3, 4}, {5, 6}}}};
  write_paths_csv(dir_ / "paths.csv", two);
  const auto named = read_paths_csv(dir_ / "paths.csv");
  ASSERT_EQ(named.size(), 2u);
  EXPECT_EQ(named[1].model, "garch");
  EXPECT_EQ(named[1].paths, two[1].paths);

  std::ofstream(dir_ / "gap.csv") << "path,day,close\n1,1,10\n1,3,11\n";
  EXPECT_THROW((void)read_paths_csv(dir_ / "gap.csv"), FormatError);
  std::ofstream(dir_ / "shuffled.csv") << "path,day,close\n2,2,22\n1,1,11\n2,1,21\n1,2,12\n";
  const auto shuffled = read_paths_csv(dir_ / "shuffled.csv");
  EXPECT_EQ(shuffled[0].paths, (std::vector<std::vector<double>>{{11, 12}, {21, 22}}));
}

TEST_F(ResultFiles, RunJsonAndDataCsv) {
  const PriceSeries series("GOOG", {d(2024, 1, 2), d(2024, 1, 3)},
                           {{"close", {10.5, 11}}, {"volume", {100, 200}}});
  RunInfo info;
  info.command = "compare";
  info.settings = {{"window", 30}};
  info.data_path = "goog.csv";
  write_run_json(dir_, info, &series);
  write_data_csv(dir_, series);
  std::ifstream in(dir_ / "run.json");
  const auto run = nlohmann::json::parse(in);
  EXPECT_EQ(run["command"], "compare");
  EXPECT_EQ(run["settings"]["window"], 30);
  EXPECT_EQ(run["data"]["ticker"], "GOOG");
  EXPECT_EQ(run["data"]["rows"], 2);
  EXPECT_EQ(run["data"]["last_date"], "2024-01-03");
  EXPECT_EQ(run["created"].get<std::string>().size(), 20u);
  const auto back = read_data_csv(dir_ / "data.csv", "GOOG");
  EXPECT_EQ(back.size(), 2u);
  EXPECT_EQ(back.column("volume")[1], 200);
  std::ofstream(dir_ / "bad.csv") << "date,close\n2024-01-03,1\n2024-01-02,2\n";
  EXPECT_THROW((void)read_data_csv(dir_ / "bad.csv"), FormatError);
}

}  // namespace
}  // namespace stockcast::io
