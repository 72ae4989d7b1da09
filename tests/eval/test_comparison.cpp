#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/comparison.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/baseline/drift.hpp"
#include "stockcast/models/baseline/naive.hpp"

namespace stockcast::eval {
namespace {

PriceSeries trending(std::size_t n) {
  std::vector<Date> dates;
  std::vector<double> close;
  Date day = *parse_iso_date("2021-01-04");
  for (std::size_t i = 0; i < n; ++i) {
    dates.push_back(day);
    day = next_business_day(day);
    close.push_back(100.0 + static_cast<double>(i) + 0.5 * std::sin(static_cast<double>(i)));
  }
  return PriceSeries("TREND", dates, {Column{"close", close}});
}

std::vector<ComparedModel> baselines() {
  std::vector<ComparedModel> models;
  models.push_back({"naive", models::make_naive({})});
  models.push_back({"drift", models::make_drift({})});
  return models;
}

TEST(Comparison, ScoresEveryModelBesideNaiveOnTheSameDays) {
  const PriceSeries series = trending(200);
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});
  auto models = baselines();
  const Comparison c = compare_models(series, split, models, {});
  ASSERT_EQ(c.models.size(), 2U);
  const ModelResult& naive = c.models[0];
  const ModelResult& drift = c.models[1];
  EXPECT_EQ(naive.test.size(), split.test.size());
  EXPECT_EQ(naive.test_vs_naive.skill, 0.0);
  EXPECT_EQ(naive.test_vs_naive.dm.p_value, 1.0);
  EXPECT_FALSE(naive.test_vs_naive.beats_naive);
  // A steady upward trend: drift beats naive clearly.
  EXPECT_GT(drift.test_vs_naive.skill, 0.5);
  EXPECT_TRUE(drift.test_vs_naive.beats_naive);
  ASSERT_TRUE(drift.valid_vs_naive.has_value());
  EXPECT_EQ(drift.valid->size(), split.valid.size());
  EXPECT_EQ(drift.parameters, 0);
  EXPECT_FALSE(drift.history.has_value());

  const std::string table = format_comparison_table(c);
  EXPECT_NE(table.find("(yardstick)"), std::string::npos) << table;
  EXPECT_NE(table.find("yes"), std::string::npos) << table;
  EXPECT_NE(table.find("TREND: 200 days"), std::string::npos) << table;
}

TEST(Comparison, WritesTheResultFiles) {
  const PriceSeries series = trending(120);
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});
  auto models = baselines();
  const Comparison c = compare_models(series, split, models, {});
  const auto dir = std::filesystem::temp_directory_path() / "stockcast_comparison_test";
  std::filesystem::remove_all(dir);
  write_comparison(dir, c);
  const auto rows = io::read_metrics_csv(dir / "metrics.csv");
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[3].model, "drift");
  EXPECT_EQ(rows[3].split, "test");
  EXPECT_DOUBLE_EQ(rows[3].skill_vs_naive, c.models[1].test_vs_naive.skill);
  const auto predictions = io::read_predictions_csv(dir / "predictions.csv");
  EXPECT_EQ(predictions.dates.size(), split.valid.size() + split.test.size());
  ASSERT_EQ(predictions.models.size(), 1U);  // naive is the file's own column
  EXPECT_EQ(predictions.models[0].name, "drift");
  EXPECT_TRUE(std::filesystem::exists(dir / "history.csv"));
  std::filesystem::remove_all(dir);
}

TEST(Comparison, RejectsReservedAndRepeatedNames) {
  const PriceSeries series = trending(120);
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});
  std::vector<ComparedModel> models;
  models.push_back({"actual", models::make_naive({})});
  EXPECT_THROW((void)compare_models(series, split, models, {}), InvalidInput);
  models.clear();
  models.push_back({"a", models::make_naive({})});
  models.push_back({"a", models::make_drift({})});
  EXPECT_THROW((void)compare_models(series, split, models, {}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
