// validate_model (cross_validate fold by fold), across-fold summaries and the validation files.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <limits>

#include "eval_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/validation.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/baseline/drift.hpp"
#include "tuning_fixture.hpp"

namespace stockcast::eval {
namespace {

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("stockcast_validation_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

ForecasterMaker drift_maker() {
  return [] { return std::make_unique<models::DriftForecaster>(); };
}

TEST(Validation, SameResultsAsCrossValidateOverAllFolds) {
  const PriceSeries series = test::trend_series(300, 0.5, 2.0);
  const auto folds = prep::rolling_folds({0, 300}, {.train_length = 200, .valid_length = 10});
  const CrossValidationResult all = cross_validate(drift_maker(), series, folds, {});
  std::vector<std::size_t> seen;
  ValidationOptions options;
  options.on_fold = [&](std::size_t index, std::size_t count, const FoldResult& fold, const FoldTraining&) {
    EXPECT_EQ(count, folds.size());
    EXPECT_EQ(fold.fold.valid.begin, folds[index].valid.begin);
    seen.push_back(index);
  };
  const ValidationResult v = validate_model(drift_maker(), series, folds, options);
  ASSERT_EQ(v.cv.folds.size(), all.folds.size());
  ASSERT_EQ(seen.size(), folds.size());
  for (std::size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(seen[k], k);
    EXPECT_EQ(v.cv.folds[k].forecasts.forecast, all.folds[k].forecasts.forecast);
    EXPECT_EQ(v.cv.folds[k].forecasts.target_row, all.folds[k].forecasts.target_row);
    EXPECT_EQ(v.cv.folds[k].comparison.model.mse, all.folds[k].comparison.model.mse);
    EXPECT_EQ(v.cv.folds[k].comparison.dm.p_value, all.folds[k].comparison.dm.p_value);
  }
  EXPECT_EQ(v.cv.model, all.model);
  EXPECT_EQ(v.cv.pooled_forecasts.forecast, all.pooled_forecasts.forecast);
  EXPECT_EQ(v.cv.pooled.model.mse, all.pooled.model.mse);
  EXPECT_EQ(v.cv.pooled.skill, all.pooled.skill);
  EXPECT_EQ(v.cv.pooled.dm.p_value, all.pooled.dm.p_value);
  EXPECT_DOUBLE_EQ(v.cv.mean_skill, all.mean_skill);

  // Summaries: one row per fold metric for the model and for naive.
  ASSERT_EQ(v.model_summary.size(), fold_metric_names().size());
  ASSERT_EQ(v.naive_summary.size(), fold_metric_names().size());
  EXPECT_EQ(v.model_summary[1].metric, "rmse");
  EXPECT_EQ(v.model_summary[1].count, folds.size());
  double mean_rmse = 0;
  std::size_t better = 0;
  for (const auto& fold : v.cv.folds) {
    mean_rmse += fold.comparison.model.rmse / static_cast<double>(folds.size());
    better += fold.comparison.skill > 0 ? 1U : 0U;
  }
  EXPECT_NEAR(v.model_summary[1].mean, mean_rmse, 1e-12);
  EXPECT_EQ(v.folds_better_than_naive, better);
  // Naive has no skill, DM test or fit time of its own.
  EXPECT_EQ(v.naive_summary[7].metric, "skill_vs_naive");
  EXPECT_EQ(v.naive_summary[7].count, 0U);
}

TEST(Validation, SummaryStatisticsAsPandasDescribe) {
  const std::vector<double> values = {4.0, 1.0, std::numeric_limits<double>::quiet_NaN(), 3.0, 2.0};
  const MetricSummary s = summarize_values("mse", values);
  EXPECT_EQ(s.metric, "mse");
  EXPECT_EQ(s.count, 4U);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.sd, 1.2909944487358056, 1e-15);
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.q25, 1.75);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.q75, 3.25);
  EXPECT_DOUBLE_EQ(s.max, 4.0);
  const MetricSummary one = summarize_values("x", std::vector<double>{7.0});
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_DOUBLE_EQ(one.median, 7.0);
  const MetricSummary none = summarize_values("x", std::vector<double>{});
  EXPECT_EQ(none.count, 0U);
  EXPECT_TRUE(std::isnan(none.mean));
}

TEST(Validation, ExpandingFoldsGrowAndKeepTrainingRecords) {
  const PriceSeries series = test::trend_series(260, 1.0, 1.0);
  const auto folds = prep::expanding_folds({0, 260}, {.initial_train_length = 200, .valid_length = 20});
  auto log = std::make_shared<test::StepForecaster::Log>();
  const ForecasterMaker maker = [log] {
    return std::make_unique<test::StepForecaster>(nlohmann::json{{"increment", 1.0}, {"epochs", 3}}, log);
  };
  const ValidationResult v = validate_model(maker, series, folds, {});
  ASSERT_EQ(v.cv.folds.size(), 3U);
  ASSERT_EQ(v.training.size(), 3U);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(v.cv.folds[k].fold.train.begin, 0U);
    EXPECT_EQ(v.cv.folds[k].fold.train.size(), 200U + 20U * k);
    ASSERT_TRUE(v.training[k].history.has_value());
    EXPECT_EQ(v.training[k].history->epochs.size(), 3U);
    EXPECT_EQ(v.training[k].parameters, 42);
    EXPECT_EQ(v.training[k].description, "step(1.000000)");
  }
  EXPECT_EQ(log->fits, 3);
  // A perfect trend follower beats naive on every fold.
  EXPECT_EQ(v.folds_better_than_naive, 3U);
}

TEST(Validation, FoldTableHasModelAndNaiveRowsWithTargetDays) {
  const PriceSeries series = test::trend_series(230, 0.5, 2.0);
  const auto folds = prep::rolling_folds({0, 230}, {.train_length = 200, .valid_length = 10});
  const ValidationResult v = validate_model(drift_maker(), series, folds, {});
  const io::FoldTable table = fold_table(v, "drift");
  EXPECT_EQ(table.metric_names, fold_metric_names());
  ASSERT_EQ(table.rows.size(), 2 * folds.size());
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const auto& model = table.rows[2 * k];
    const auto& naive = table.rows[2 * k + 1];
    EXPECT_EQ(model.model, "drift");
    EXPECT_EQ(naive.model, "naive");
    EXPECT_EQ(model.fold, static_cast<int>(k + 1));
    EXPECT_EQ(model.test_start, series.date(folds[k].valid.begin));
    EXPECT_EQ(model.test_end, series.date(folds[k].valid.end - 1));
    EXPECT_EQ(model.values[1], v.cv.folds[k].comparison.model.rmse);
    EXPECT_EQ(naive.values[1], v.cv.folds[k].comparison.naive.rmse);
    EXPECT_TRUE(std::isnan(naive.values[7]));  // no skill for naive
  }
  const std::string text = format_validation_report(v, series, "drift");
  EXPECT_NE(text.find("All folds pooled (30 forecasts)"), std::string::npos) << text;
  EXPECT_NE(text.find(to_string(series.date(folds[2].valid.begin))), std::string::npos);
  // With many folds only the first and last rows are listed.
  const std::string short_text = format_validation_report(v, series, "drift", 2);
  EXPECT_NE(short_text.find("1 folds not shown"), std::string::npos) << short_text;
}

TEST(Validation, WritesTheResultFiles) {
  TempDir dir("files");
  const PriceSeries series = test::trend_series(260, 1.0, 1.0);
  const auto folds = prep::rolling_folds({0, 260}, {.train_length = 200, .valid_length = 10});
  auto log = std::make_shared<test::StepForecaster::Log>();
  const ForecasterMaker maker = [log] {
    return std::make_unique<test::StepForecaster>(nlohmann::json{{"increment", 0.5}, {"epochs", 2}}, log);
  };
  const ValidationResult v = validate_model(maker, series, folds, {});
  write_validation(dir.path(), v, series, "step", {.history_folds = 4});

  const io::FoldTable read = io::read_folds_csv(dir.path() / "folds.csv");
  EXPECT_EQ(read.rows.size(), 2 * folds.size());
  EXPECT_EQ(read.metric_names, fold_metric_names());

  const auto metrics = io::read_metrics_csv(dir.path() / "metrics.csv");
  ASSERT_EQ(metrics.size(), 2U);
  EXPECT_EQ(metrics[0].model, "step");
  EXPECT_EQ(metrics[0].split, "val");
  EXPECT_DOUBLE_EQ(metrics[0].mse, v.cv.pooled.model.mse);
  EXPECT_DOUBLE_EQ(metrics[0].skill_vs_naive, v.cv.pooled.skill);
  EXPECT_EQ(metrics[1].model, "naive");
  EXPECT_DOUBLE_EQ(metrics[1].mse, v.cv.pooled.naive.mse);

  const auto predictions = io::read_predictions_csv(dir.path() / "predictions.csv");
  EXPECT_EQ(predictions.dates.size(), v.cv.pooled_forecasts.size());
  ASSERT_EQ(predictions.models.size(), 1U);
  EXPECT_EQ(predictions.models[0].values, v.cv.pooled_forecasts.forecast);

  const auto history = io::read_history_csv(dir.path() / "history.csv");
  EXPECT_EQ(history.size(), 4U * 2U);  // the last 4 folds, 2 epochs each
  EXPECT_EQ(history.front().model, "step fold " + std::to_string(folds.size() - 3));

  // Overlapping validation windows forecast some days twice: no predictions.csv (a stale one goes).
  const auto overlapping =
      prep::rolling_folds({0, 260}, {.train_length = 200, .valid_length = 10, .stride = 5});
  const ValidationResult o = validate_model(drift_maker(), series, overlapping, {});
  write_validation(dir.path(), o, series, "drift", {});
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "predictions.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "history.csv"));  // drift has no training history
  EXPECT_EQ(io::read_folds_csv(dir.path() / "folds.csv").rows.size(), 2 * overlapping.size());
}

TEST(Validation, ErrorsNameTheFold) {
  const PriceSeries series = test::trend_series(230, 0.5, 2.0);
  const std::vector<prep::Fold> folds = {{{0, 200}, {200, 210}}, {{10, 210}, {210, 240}}};  // 2nd runs past
  try {
    (void)validate_model(drift_maker(), series, folds, {});
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("fold 2 of 2"), std::string::npos) << error.what();
  }
  auto log = std::make_shared<test::StepForecaster::Log>();
  const ForecasterMaker failing = [log] {
    return std::make_unique<test::StepForecaster>(nlohmann::json{{"fail", "numerical"}}, log);
  };
  EXPECT_THROW((void)validate_model(failing, series, std::span(folds).first(1), {}), NumericalError);
  EXPECT_THROW((void)validate_model(drift_maker(), series, {}, {}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
