// eval/statistics additions (acf, pacf, Ljung-Box, KPSS, ndiffs, chi-squared tail) against R 4.2.2:
// stats::acf/pacf/Box.test/pchisq, urca::ur.kpss and forecast::ndiffs (values printed by R on this
// machine with options(digits = 17)).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"

namespace stockcast::eval {
namespace {

const std::vector<double> kX{1.2, 0.7, 2.5, 3.1, 2.2, 1.9, 3.3, 4.0, 3.6, 4.4,
                             5.1, 4.7, 5.9, 6.3, 5.5, 6.8, 7.2, 6.9, 8.1, 7.7};

TEST(StatStatistics, AcfAndPacfMatchR) {
  const auto r = acf(kX, 5);
  const std::vector<double> expected{1.0,
                                     0.81061833609249478,
                                     0.60755087592289947,
                                     0.55196636839331614,
                                     0.43398932177856792,
                                     0.28075711038598095};
  for (std::size_t k = 0; k < expected.size(); ++k) EXPECT_NEAR(r[k], expected[k], 1e-14);
  const auto p = pacf(kX, 5);
  const std::vector<double> expected_p{0.810618336092494784, -0.144507181234775128, 0.314072973016280788,
                                       -0.307055160523354687, 0.027696665835442221};
  for (std::size_t k = 0; k < expected_p.size(); ++k) EXPECT_NEAR(p[k], expected_p[k], 1e-14);
}

TEST(StatStatistics, LjungBoxMatchesBoxTest) {
  const auto lb = ljung_box(kX, 5, 1);
  EXPECT_NEAR(lb.statistic, 39.617204603852819, 1e-11);
  // R computes the p-value as 1 - pchisq(), which loses the digits below 1e-16 (scipy's chi2.sf
  // gives 5.193692535744411e-08, as stockcast does).
  EXPECT_NEAR(lb.p_value, 5.1936925316020677e-08, 1e-16);
  EXPECT_NEAR(lb.p_value, 5.193692535744411e-08, 1e-21);
  EXPECT_EQ(lb.df, 4);
}

TEST(StatStatistics, ChiSquaredTailMatchesPchisq) {
  EXPECT_NEAR(chi_squared_sf(7.3, 3), 0.062926236459043175, 1e-15);
  EXPECT_NEAR(chi_squared_sf(123.4, 50), 3.8493108424461035e-08, 1e-20);
  EXPECT_NEAR(chi_squared_sf(0.5, 0.7), 0.35097529703158326, 1e-15);
  EXPECT_EQ(chi_squared_sf(-1, 3), 1.0);
  EXPECT_THROW(chi_squared_sf(1, 0), InvalidInput);
}

TEST(StatStatistics, KpssMatchesUrca) {
  const auto k = kpss(kX);
  EXPECT_EQ(k.lags, 1);
  EXPECT_NEAR(k.statistic, 1.0532547610042244, 1e-13);
  EXPECT_DOUBLE_EQ(k.p_value, 0.01);
  const auto dk = kpss(difference(kX));
  EXPECT_NEAR(dk.statistic, 0.037815096613280655, 1e-14);
  EXPECT_DOUBLE_EQ(dk.p_value, 0.10);
}

std::vector<double> deterministic_noise() {
  std::vector<double> e(400);
  for (std::size_t i = 0; i < e.size(); ++i) {
    const double t = static_cast<double>(i + 1);
    e[i] = std::sin(t * 1.7) + 0.5 * std::cos(t * 0.3) + 0.3 * std::sin(t * t * 0.01);
  }
  return e;
}

TEST(StatStatistics, NdiffsMatchesForecast) {
  const auto e = deterministic_noise();
  std::vector<double> rw(e.size());
  double s = 0;
  for (std::size_t i = 0; i < e.size(); ++i) rw[i] = (s += e[i]);
  std::vector<double> rw2(e.size());
  s = 0;
  for (std::size_t i = 0; i < e.size(); ++i) rw2[i] = (s += rw[i]);
  EXPECT_NEAR(kpss(rw).statistic, 1.2692910602621592, 1e-12);
  EXPECT_NEAR(kpss(e).statistic, 0.010790256762028595, 1e-13);
  EXPECT_EQ(ndiffs(e), 0);
  EXPECT_EQ(ndiffs(rw), 1);
  EXPECT_EQ(ndiffs(rw2), 2);
  EXPECT_EQ(ndiffs(kX), 1);
  EXPECT_EQ(ndiffs(std::vector<double>(50, 2.0)), 0);
  EXPECT_THROW(ndiffs(kX, 0.5), InvalidInput);
}

TEST(StatStatistics, IsConstantUsesRelativeTolerance) {
  EXPECT_TRUE(is_constant(std::vector<double>{5, 5, 5}));
  EXPECT_TRUE(is_constant(std::vector<double>{5, 5 + 1e-9, 5}));
  EXPECT_FALSE(is_constant(std::vector<double>{5, 5.001, 5}));
}

TEST(StatStatistics, RejectsBadArguments) {
  EXPECT_THROW(acf(kX, 20), InvalidInput);
  EXPECT_THROW(acf(std::vector<double>(10, 1.0), 2), InvalidInput);
  EXPECT_THROW(ljung_box(kX, 0), InvalidInput);
  EXPECT_THROW(ljung_box(kX, 2, 2), InvalidInput);
  EXPECT_THROW(kpss(std::vector<double>{1, 2}), InvalidInput);
  EXPECT_THROW(difference(kX, 20), InvalidInput);
  EXPECT_THROW(pacf(kX, 0), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
