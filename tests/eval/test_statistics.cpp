#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"

namespace stockcast::eval {
namespace {

TEST(Statistics, MomentsMatchHandComputedValues) {
  // Values 1, 2, 3, 10: mean 4, deviations -3 -2 -1 6.
  const std::vector<double> v{1, 2, 3, 10};
  const auto m = moments(v);
  EXPECT_DOUBLE_EQ(m.mean, 4.0);
  EXPECT_DOUBLE_EQ(m.sd, std::sqrt(50.0 / 3.0));
  const double m2 = 50.0 / 4;
  const double m3 = (-27.0 - 8.0 - 1.0 + 216.0) / 4;
  const double m4 = (81.0 + 16.0 + 1.0 + 1296.0) / 4;
  EXPECT_DOUBLE_EQ(m.skew, m3 / std::pow(m2, 1.5));
  EXPECT_DOUBLE_EQ(m.excess_kurtosis, m4 / (m2 * m2) - 3.0);
  EXPECT_EQ(m.min, 1.0);
  EXPECT_EQ(m.max, 10.0);
}

TEST(Statistics, MomentsRejectEmptyAndNaN) {
  EXPECT_THROW(moments(std::vector<double>{}), InvalidInput);
  EXPECT_THROW(moments(std::vector<double>{1.0, std::nan("")}), InvalidInput);
}

TEST(Statistics, LogReturnsInPercent) {
  const std::vector<double> p{100, 110, 99};
  const auto r = log_returns(p, 100.0);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_DOUBLE_EQ(r[0], 100.0 * std::log(1.1));
  EXPECT_DOUBLE_EQ(r[1], 100.0 * std::log(0.9));
  EXPECT_THROW(log_returns(std::vector<double>{1, 0, 2}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
