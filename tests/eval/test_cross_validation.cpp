#include <gtest/gtest.h>

#include "eval_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/cross_validation.hpp"
#include "stockcast/models/baseline/drift.hpp"

namespace stockcast::eval {
namespace {

TEST(CrossValidation, RollingFoldsFitEachFoldOnItsOwnWindow) {
  const PriceSeries series = test::trend_series(260, 1.0, 0.3);
  const auto folds = prep::rolling_folds({0, 260}, {.train_length = 200, .valid_length = 10});
  ASSERT_EQ(folds.size(), 6U);
  std::vector<std::shared_ptr<test::RecordingForecaster::Log>> made;
  const auto result = cross_validate(
      [&made] {
        auto model = std::make_unique<test::RecordingForecaster>(1.0);
        made.push_back(model->log);
        return model;
      },
      series, folds, {});
  ASSERT_EQ(result.folds.size(), 6U);
  ASSERT_EQ(made.size(), 6U);
  std::size_t total = 0;
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const auto& fold = result.folds[k];
    ASSERT_EQ(made[k]->fits.size(), 1U);
    EXPECT_EQ(made[k]->fits[0].first, series.date(folds[k].train.begin));
    EXPECT_EQ(made[k]->fits[0].last, series.date(folds[k].train.end - 1));
    EXPECT_EQ(made[k]->fits[0].train_rows, 200U);
    // Forecasts cover exactly the fold's validation rows (full-series row numbers).
    ASSERT_EQ(fold.forecasts.size(), 10U);
    EXPECT_EQ(fold.forecasts.target_row.front(), folds[k].valid.begin);
    EXPECT_EQ(fold.forecasts.target_row.back(), folds[k].valid.end - 1);
    EXPECT_EQ(fold.forecasts.actual.front(), series.close()[folds[k].valid.begin]);
    // The model saw nothing before its training window.
    EXPECT_EQ(made[k]->first_seen, series.date(folds[k].train.begin));
    total += fold.forecasts.size();
  }
  EXPECT_EQ(result.pooled_forecasts.size(), total);
  EXPECT_EQ(result.pooled.model.n, total);
}

TEST(CrossValidation, ExpandingFoldsWithDrift) {
  const PriceSeries series = test::trend_series(240, 1.0, 0.3);
  const auto folds = prep::expanding_folds({0, 240}, {.initial_train_length = 150, .valid_length = 30});
  ASSERT_EQ(folds.size(), 3U);
  const auto result = cross_validate([] { return std::make_unique<models::DriftForecaster>(); }, series,
                                     folds, {.horizon = 2});
  ASSERT_EQ(result.folds.size(), 3U);
  for (const auto& fold : result.folds) {
    EXPECT_EQ(fold.forecasts.size(), 29U * 2U);  // origins valid.begin-1 .. valid.end-3, 2 steps each
    EXPECT_GT(fold.comparison.skill, 0.0);
  }
  EXPECT_TRUE(result.pooled.beats_naive);
  EXPECT_NEAR(result.mean_skill,
              (result.folds[0].comparison.skill + result.folds[1].comparison.skill +
               result.folds[2].comparison.skill) /
                  3,
              1e-15);
  EXPECT_NE(result.model.find("drift"), std::string::npos);
}

TEST(CrossValidation, InnerValidationForModelsThatNeedIt) {
  const PriceSeries series = test::trend_series(120, 0.0, 1.0);
  const auto folds = prep::rolling_folds({0, 120}, {.train_length = 100, .valid_length = 10});
  std::shared_ptr<test::RecordingForecaster::Log> made;
  (void)cross_validate(
      [&made] {
        auto model = std::make_unique<test::RecordingForecaster>(0.0, /*needs_validation=*/true);
        made = model->log;
        return model;
      },
      series, folds, {});
  ASSERT_NE(made, nullptr);
  EXPECT_EQ(made->fits[0].train_rows, 85U);
  EXPECT_EQ(made->fits[0].valid_rows, 15U);
}

TEST(CrossValidation, Errors) {
  const PriceSeries series = test::trend_series(50, 0.0, 1.0);
  const auto maker = [] { return std::make_unique<models::DriftForecaster>(); };
  EXPECT_THROW((void)cross_validate(maker, series, {}, {}), InvalidInput);
  const std::vector<prep::Fold> outside = {{{0, 40}, {40, 60}}};
  EXPECT_THROW((void)cross_validate(maker, series, outside, {}), InvalidInput);
  const std::vector<prep::Fold> short_valid = {{{0, 40}, {40, 42}}};
  EXPECT_THROW((void)cross_validate(maker, series, short_valid, {.horizon = 3}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
