#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/metrics.hpp"

namespace stockcast::eval {
namespace {

// A small example worked by hand (and the classic scikit-learn documentation example for R^2,
// explained variance and max error: actual {3, -0.5, 2, 7}, forecast {2.5, 0, 2, 8}).
const std::vector<double> kActual = {3, -0.5, 2, 7};
const std::vector<double> kForecast = {2.5, 0, 2, 8};
const std::vector<double> kOrigin = {2, 0, 2.5, 6};

TEST(Metrics, HandComputedValues) {
  // errors a - f: 0.5, -0.5, 0, -1
  EXPECT_DOUBLE_EQ(mse(kActual, kForecast), (0.25 + 0.25 + 0 + 1) / 4);  // 0.375
  EXPECT_DOUBLE_EQ(rmse(kActual, kForecast), std::sqrt(0.375));
  EXPECT_DOUBLE_EQ(mae(kActual, kForecast), 0.5);
  EXPECT_DOUBLE_EQ(max_error(kActual, kForecast), 1.0);
  // |e| / |a|: 1/6, 1, 0, 1/7
  EXPECT_NEAR(mape(kActual, kForecast), 100.0 / 4 * (1.0 / 6 + 1.0 + 0 + 1.0 / 7), 1e-12);
  // 2|e| / (|a| + |f|): 1/5.5, 1/0.5, 0, 2/15
  EXPECT_NEAR(smape(kActual, kForecast), 100.0 / 4 * (1.0 / 5.5 + 2.0 + 0 + 2.0 / 15), 1e-12);
  // mean(a) = 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5
  EXPECT_NEAR(r2_score(kActual, kForecast), 1 - 1.5 / 29.1875, 1e-15);
  EXPECT_NEAR(r2_score(kActual, kForecast), 0.9486081370449679, 1e-15);  // scikit-learn's documented value
  // Var(e): mean e = -0.25; sum (e - mean)^2 = 0.5625 + 0.0625 + 0.0625 + 0.5625 = 1.25 -> 0.3125
  EXPECT_NEAR(explained_variance(kActual, kForecast), 1 - 0.3125 / (29.1875 / 4), 1e-15);
  EXPECT_NEAR(explained_variance(kActual, kForecast), 0.9571734475374732, 1e-15);
  // changes from origin, forecast vs actual: (+0.5,+1) hit, (0,-0.5) miss, (-0.5,-0.5) hit, (+2,+1) hit
  EXPECT_DOUBLE_EQ(directional_accuracy(kActual, kForecast, kOrigin), 0.75);
}

TEST(Metrics, AllAtOnceMatchesTheSingleFunctions) {
  const Metrics m = compute_metrics(kActual, kForecast, kOrigin);
  EXPECT_EQ(m.n, 4U);
  EXPECT_EQ(m.mse, mse(kActual, kForecast));
  EXPECT_EQ(m.rmse, rmse(kActual, kForecast));
  EXPECT_EQ(m.mae, mae(kActual, kForecast));
  EXPECT_EQ(m.mape, mape(kActual, kForecast));
  EXPECT_EQ(m.smape, smape(kActual, kForecast));
  EXPECT_EQ(m.r2, r2_score(kActual, kForecast));
  EXPECT_EQ(m.explained_variance, explained_variance(kActual, kForecast));
  EXPECT_EQ(m.max_error, max_error(kActual, kForecast));
  EXPECT_EQ(m.directional_accuracy, 0.75);
}

TEST(Metrics, PerfectAndConstantCases) {
  const std::vector<double> a = {5, 5, 5};
  EXPECT_EQ(r2_score(a, a), 1.0);  // constant actuals, perfect forecast
  EXPECT_EQ(r2_score(a, std::vector<double>{5, 6, 5}), 0.0);
  EXPECT_EQ(explained_variance(a, a), 1.0);
  EXPECT_EQ(smape(std::vector<double>{0, 1}, std::vector<double>{0, 1}), 0.0);  // 0/0 term counts as 0
  // The naive forecast predicts no change: it only "hits" the two days when the price did not move.
  EXPECT_DOUBLE_EQ(directional_accuracy(std::vector<double>{11, 10, 10}, std::vector<double>{10, 10, 10},
                                        std::vector<double>{10, 10, 10}),
                   2.0 / 3.0);
}

TEST(Metrics, SkillScore) {
  EXPECT_DOUBLE_EQ(skill_score(0.5, 2.0), 0.75);
  EXPECT_DOUBLE_EQ(skill_score(2.0, 2.0), 0.0);
  EXPECT_DOUBLE_EQ(skill_score(3.0, 2.0), -0.5);
  EXPECT_EQ(skill_score(0.0, 0.0), 0.0);
  EXPECT_THROW((void)skill_score(1.0, 0.0), InvalidInput);
  EXPECT_THROW((void)skill_score(-1.0, 1.0), InvalidInput);
}

TEST(Metrics, BadInputIsRejected) {
  const std::vector<double> empty;
  EXPECT_THROW((void)mse(empty, empty), InvalidInput);
  EXPECT_THROW((void)mae(kActual, std::vector<double>{1, 2}), InvalidInput);
  try {
    (void)mse(kActual, std::vector<double>{1, NAN, 2, 3});
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("index 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)mape(std::vector<double>{1, 0}, std::vector<double>{1, 1}), InvalidInput);
  EXPECT_THROW((void)directional_accuracy(kActual, kForecast, std::vector<double>{1}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
