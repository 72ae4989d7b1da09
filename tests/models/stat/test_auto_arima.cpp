// auto-ARIMA against R 4.2.2 forecast 8.20 auto.arima(trace = TRUE) (printed on this machine). The
// reference-file selection checks (GOOG, AAPL, IBM) run in test_reference_checks.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "stat_test_data.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/models/stat/auto_arima.hpp"

namespace stockcast::models::stat {
namespace {

using test::aapl_close;

struct Traced {
  ArimaOrder order;
  bool constant;
  double ic;
};

void expect_path(const AutoArimaResult& result, const std::vector<Traced>& r_trace, double offset,
                 double tol) {
  ASSERT_EQ(result.searched.size(), r_trace.size());
  for (std::size_t i = 0; i < r_trace.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(result.searched[i].order, r_trace[i].order);
    EXPECT_EQ(result.searched[i].constant, r_trace[i].constant);
    if (std::isinf(r_trace[i].ic)) {
      EXPECT_TRUE(std::isinf(result.searched[i].ic));
    } else {
      EXPECT_NEAR(result.searched[i].ic - offset, r_trace[i].ic, tol);
    }
  }
}

TEST(AutoArima, ShortSeriesFollowsAutoArimaExactly) {
  // auto.arima(AAPL[1:120], trace = TRUE): d = 0 by KPSS, no approximation (n <= 150).
  const std::vector<double> y(aapl_close().begin(), aapl_close().begin() + 120);
  const auto result = auto_arima(y);
  EXPECT_FALSE(result.approximation);
  EXPECT_EQ(result.order, (ArimaOrder{1, 0, 0}));
  EXPECT_TRUE(result.constant);
  const double inf = std::numeric_limits<double>::infinity();
  expect_path(result,
              {{{2, 0, 2}, true, 537.7961},
               {{0, 0, 0}, true, 750.79},
               {{1, 0, 0}, true, 536.161},
               {{0, 0, 1}, true, 656.8277},
               {{0, 0, 0}, false, 1508.705},
               {{2, 0, 0}, true, 538.2531},
               {{1, 0, 1}, true, 538.2539},
               {{2, 0, 1}, true, 536.3564},
               {{1, 0, 0}, false, inf}},
              0.0, 1e-3);
  // R: ar1 0.9111 (s.e. 0.0353), mean 129.1435 (s.e. 2.0780), AICc 536.16.
  EXPECT_NEAR(result.fit.aicc, 536.161, 1e-3);
  EXPECT_NEAR(result.fit.params[1], 0.9111, 0.1 * 0.0353);
  EXPECT_NEAR(result.fit.params[0], 129.1435, 0.1 * 2.078);
}

TEST(AutoArima, ApproximatedSearchFollowsAutoArima) {
  // auto.arima(AAPL, trace = TRUE): CSS approximations, then ML refit of ARIMA(0,1,0). R's
  // approximate criteria carry an offset of its own; differences between models agree.
  const auto result = auto_arima(aapl_close());
  EXPECT_TRUE(result.approximation);
  EXPECT_EQ(result.order, (ArimaOrder{0, 1, 0}));
  EXPECT_FALSE(result.constant);
  const double offset = result.searched[0].ic - 4862.999;
  expect_path(result,
              {{{2, 1, 2}, true, 4862.999},
               {{0, 1, 0}, true, 4862.249},
               {{1, 1, 0}, true, 4864.519},
               {{0, 1, 1}, true, 4863.764},
               {{0, 1, 0}, false, 4862.207},
               {{1, 1, 1}, true, 4864.279}},
              offset, 2e-3);
  EXPECT_NEAR(result.fit.aicc, 4864.21230617937, 1e-6);
  EXPECT_NEAR(result.fit.loglik, -2431.1041570817, 1e-7);
}

TEST(AutoArima, ParallelSearchEqualsSequentialSearch) {
  const std::vector<double> y(aapl_close().begin(), aapl_close().begin() + 400);
  AutoArimaOptions one;
  one.threads = 1;
  AutoArimaOptions many;
  many.threads = 4;
  for (const bool stepwise : {true, false}) {
    one.stepwise = many.stepwise = stepwise;
    const auto a = auto_arima(y, one);
    const auto b = auto_arima(y, many);
    EXPECT_EQ(a.order, b.order);
    EXPECT_EQ(a.constant, b.constant);
    ASSERT_EQ(a.searched.size(), b.searched.size());
    for (std::size_t i = 0; i < a.searched.size(); ++i) {
      EXPECT_EQ(a.searched[i].order, b.searched[i].order);
      EXPECT_EQ(a.searched[i].ic, b.searched[i].ic);
    }
    EXPECT_EQ(a.fit.loglik, b.fit.loglik);
  }
}

TEST(AutoArima, ExhaustiveSearchCoversEveryOrder) {
  const auto x = test::simulate_arma({0.7}, {}, 300, 5, 10.0);
  AutoArimaOptions options;
  options.stepwise = false;
  options.max_order = 3;
  options.approximation = false;
  const auto result = auto_arima(x, options);
  EXPECT_EQ(result.order.d, 0);
  // p + q <= 3: 10 (p, q) pairs, each with and without a mean.
  EXPECT_EQ(result.searched.size(), 20u);
  EXPECT_TRUE(result.constant);
  double best = std::numeric_limits<double>::infinity();
  for (const auto& c : result.searched) best = std::min(best, c.ic);
  EXPECT_DOUBLE_EQ(result.fit.aicc, best);
  EXPECT_GE(result.order.p, 1);
}

TEST(AutoArima, FixedDifferencing) {
  AutoArimaOptions options;
  options.d = 1;
  options.approximation = false;
  const std::vector<double> y(aapl_close().begin(), aapl_close().begin() + 300);
  const auto result = auto_arima(y, options);
  EXPECT_EQ(result.order.d, 1);
}

TEST(AutoArima, RejectsBadInput) {
  EXPECT_THROW(auto_arima(std::vector<double>(50, 3.0)), InvalidInput);
  EXPECT_THROW(auto_arima(std::vector<double>{1, 2, 3}), InvalidInput);
  std::vector<double> line(60);
  for (std::size_t i = 0; i < line.size(); ++i) line[i] = 2.0 * static_cast<double>(i);
  AutoArimaOptions one_difference;
  one_difference.d = 1;
  EXPECT_THROW(auto_arima(line, one_difference), InvalidInput);
  std::vector<double> bad(aapl_close().begin(), aapl_close().begin() + 100);
  bad[3] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(auto_arima(bad), InvalidInput);
  AutoArimaOptions wrong;
  wrong.max_p = -1;
  EXPECT_THROW(auto_arima(aapl_close(), wrong), InvalidInput);
  wrong = {};
  wrong.kpss_alpha = 0.5;
  EXPECT_THROW(auto_arima(aapl_close(), wrong), InvalidInput);
  wrong = {};
  wrong.d = 3;
  EXPECT_THROW(auto_arima(aapl_close(), wrong), InvalidInput);
}

}  // namespace
}  // namespace stockcast::models::stat
