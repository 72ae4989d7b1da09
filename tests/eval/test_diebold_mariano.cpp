#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/diebold_mariano.hpp"
#include "stockcast/eval/distributions.hpp"

namespace stockcast::eval {
namespace {

// Reference values computed once with R 4.2.2 and forecast 8.20 (the machine's Debian packages):
//   dm.test(a - f1, a - f2, h = h, power = 2, varestimator = "acf" | "bartlett")
//   pt(), qnorm(), pbeta() for the distribution functions.
// Only the numbers were taken; stockcast's code is its own.
const std::vector<double> kA = {10.0, 10.4, 10.1, 10.8, 11.2, 11.0, 11.5, 11.9, 11.6, 12.3,
                                12.1, 12.8, 13.0, 12.7, 13.4, 13.9, 13.5, 14.2, 14.0, 14.6};
const std::vector<double> kF1 = {10.1, 10.2, 10.3, 10.6, 11.0, 11.3, 11.2, 11.7, 11.9, 12.0,
                                 12.4, 12.5, 12.9, 13.0, 13.1, 13.6, 13.8, 13.9, 14.3, 14.2};
const std::vector<double> kF2 = {9.8,  10.0, 10.4, 10.1, 10.8, 11.2, 11.0, 11.5, 11.9, 11.6,
                                 12.3, 12.1, 12.8, 13.0, 12.7, 13.4, 13.9, 13.5, 14.2, 14.0};
const std::vector<double> kF3 = {10.3, 10.1, 10.5, 10.4, 11.6, 10.8, 11.9, 11.6, 11.2, 12.6,
                                 11.8, 13.1, 12.6, 13.1, 13.0, 14.3, 13.1, 14.6, 13.7, 14.9};

constexpr double kTol = 1e-10;

TEST(DieboldMariano, OneStepMatchesR) {
  for (const auto variance : {DmVariance::kBartlett, DmVariance::kUniform}) {
    const auto r = diebold_mariano(kA, kF1, kF2, 1, variance);
    EXPECT_NEAR(r.statistic, -3.8708261302822033, kTol);
    EXPECT_NEAR(r.p_value, 0.0010291455109346956, kTol);
    EXPECT_EQ(r.n, 20U);
    EXPECT_LT(r.mean_differential, 0);  // f1 has the lower squared error
  }
  const auto r = diebold_mariano(kA, kF3, kF2, 1);
  EXPECT_NEAR(r.statistic, -2.3874011451828925, kTol);
  EXPECT_NEAR(r.p_value, 0.027516107225214064, kTol);
}

TEST(DieboldMariano, MultiStepMatchesR) {
  auto r = diebold_mariano(kA, kF1, kF2, 3, DmVariance::kBartlett);
  EXPECT_NEAR(r.statistic, -6.2655597712060702, kTol);
  EXPECT_NEAR(r.p_value, 5.1329377920898959e-06, 1e-15);
  r = diebold_mariano(kA, kF3, kF2, 2, DmVariance::kBartlett);
  EXPECT_NEAR(r.statistic, -3.3687762420314815, kTol);
  EXPECT_NEAR(r.p_value, 0.0032241913127834215, kTol);
  r = diebold_mariano(kA, kF3, kF2, 3, DmVariance::kBartlett);
  EXPECT_NEAR(r.statistic, -3.5427465151739388, kTol);
  EXPECT_NEAR(r.p_value, 0.002173771666617484, kTol);
  r = diebold_mariano(kA, kF3, kF2, 3, DmVariance::kUniform);
  EXPECT_NEAR(r.statistic, -4.8761236659898817, kTol);
  EXPECT_NEAR(r.p_value, 0.00010490158731183185, kTol);
}

TEST(DieboldMariano, SymmetricInTheTwoForecasts) {
  const auto ab = diebold_mariano(kA, kF1, kF2, 2);
  const auto ba = diebold_mariano(kA, kF2, kF1, 2);
  EXPECT_NEAR(ab.statistic, -ba.statistic, 1e-12);
  EXPECT_NEAR(ab.p_value, ba.p_value, 1e-12);
}

TEST(DieboldMariano, UniformWeightsWithNegativeVarianceIsAnError) {
  // R's dm.test warns "Variance is negative" here and falls back to h = 1; stockcast says so instead.
  EXPECT_THROW((void)diebold_mariano(kA, kF1, kF2, 3, DmVariance::kUniform), NumericalError);
  EXPECT_NO_THROW((void)diebold_mariano(kA, kF1, kF2, 3, DmVariance::kBartlett));
}

TEST(DieboldMariano, IdenticalForecastsGiveNoEvidence) {
  const auto r = diebold_mariano(kA, kF1, kF1, 1);
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_EQ(r.p_value, 1.0);
}

TEST(DieboldMariano, BadInput) {
  EXPECT_THROW((void)diebold_mariano(kA, kF1, std::vector<double>{1, 2}, 1), InvalidInput);
  EXPECT_THROW((void)diebold_mariano(std::vector<double>{1.0}, 1), InvalidInput);
  EXPECT_THROW((void)diebold_mariano(kA, kF1, kF2, 0), InvalidInput);
  EXPECT_THROW((void)diebold_mariano(kA, kF1, kF2, 20), InvalidInput);
  const std::vector<double> constant = {0.5, 0.5, 0.5, 0.5};
  EXPECT_THROW((void)diebold_mariano(constant, 1), NumericalError);
}

TEST(Distributions, MatchR) {
  EXPECT_NEAR(student_t_cdf(2.228138851986, 10), 0.97499999999998832, 1e-13);
  EXPECT_NEAR(student_t_cdf(-0.7, 3.5), 0.26381707117283959, 1e-14);
  EXPECT_NEAR(student_t_cdf(1.3, 27), 0.89770498090701234, 1e-14);
  EXPECT_NEAR(student_t_cdf(-4.2, 200), 2.0087757452116036e-05, 1e-17);
  EXPECT_NEAR(normal_quantile(0.975), 1.9599639845400536, 1e-14);
  EXPECT_NEAR(normal_quantile(1e-10), -6.3613409024040557, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(regularized_incomplete_beta(0.3, 2.5, 0.5), 0.018927124071945644, 1e-15);
}

TEST(Distributions, ClosedForms) {
  // df = 1 is the Cauchy distribution, df = 2 has a closed form too.
  for (const double t : {-30.0, -2.5, -0.3, 0.0, 0.7, 4.0, 100.0}) {
    EXPECT_NEAR(student_t_cdf(t, 1), 0.5 + std::atan(t) / M_PI, 1e-14) << t;
    EXPECT_NEAR(student_t_cdf(t, 2), 0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-14) << t;
  }
  for (const double p : {1e-12, 0.001, 0.2, 0.5, 0.8, 0.999})
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-14 * std::max(p, 1e-3));
  EXPECT_THROW((void)normal_quantile(0.0), InvalidInput);
  EXPECT_THROW((void)normal_quantile(1.0), InvalidInput);
  EXPECT_THROW((void)student_t_cdf(1.0, 0.0), InvalidInput);
}

}  // namespace
}  // namespace stockcast::eval
