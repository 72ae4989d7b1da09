// Generators: the registry table, and for each generator fit/sample on real data, reproducibility,
// the statistics of the simulated paths and bad input. Statistical checks use a fixed seed and a
// tolerance of 5 standard errors (estimated from independent paths).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/gen/ar_generator.hpp"
#include "stockcast/gen/arima_generator.hpp"
#include "stockcast/gen/fbm_generator.hpp"
#include "stockcast/gen/garch_generator.hpp"
#include "stockcast/gen/registry.hpp"
#include "stockcast/models/stat/fbm.hpp"
#include "stockcast/models/stat/forecasters.hpp"
#include "test_paths.hpp"

namespace stockcast::gen {
namespace {

const PriceSeries& aapl() {
  static const PriceSeries series =
      data::read_prices(
          test::data_file("investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv"))
          .series;
  return series;
}

struct MeanAndError {
  double mean = 0;
  double se = 0;
};

MeanAndError mean_and_error(const std::vector<double>& values) {
  const auto n = static_cast<double>(values.size());
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double ss = 0;
  for (const double v : values) ss += (v - mean) * (v - mean);
  return {mean, std::sqrt(ss / (n - 1) / n)};
}

// Daily log returns of a path that starts after `start`.
std::vector<double> path_log_returns(double start, const std::vector<double>& path) {
  std::vector<double> r;
  double previous = start;
  for (const double p : path) {
    r.push_back(std::log(p / previous));
    previous = p;
  }
  return r;
}

// ---------------------------------------------------------------- registry

TEST(GeneratorRegistry, TableNamesMatchKinds) {
  ASSERT_GE(generator_names().size(), 5u);
  for (const auto& entry : generator_registry()) {
    EXPECT_FALSE(entry.description.empty());
    EXPECT_EQ(make_generator(entry.name)->kind(), entry.name);
  }
  EXPECT_EQ(find_generator("no-such"), nullptr);
}

TEST(GeneratorRegistry, UnknownNamesAndOptionsAreClearErrors) {
  try {
    (void)make_generator("timegan-v9");
    ADD_FAILURE() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("valid generators: fbm, ar, arima, garch"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW((void)make_generator("fbm", {{"hurts", 0.7}}), InvalidInput);     // unknown option
  EXPECT_THROW((void)make_generator("fbm", {{"hurst", "high"}}), InvalidInput);  // wrong type
  EXPECT_THROW((void)make_generator("fbm", {{"hurst", 1.0}}), InvalidInput);     // out of range
  EXPECT_THROW((void)make_generator("fbm", {{"sigma", -0.1}}), InvalidInput);
  EXPECT_THROW((void)make_generator("ar", {{"lags", -1}}), InvalidInput);
  EXPECT_THROW((void)make_generator("ar", {{"transform", "sqrt"}}), InvalidInput);
  EXPECT_THROW((void)make_generator("garch", {{"dist", "cauchy"}}), InvalidInput);
  EXPECT_THROW((void)make_generator("garch", {{"p", 0}}), InvalidInput);
}

// Every generator: paths of the asked shape, positive, reproducible bit for bit, independent of
// the number of paths asked for, different for another seed; bad requests are InvalidInput.
class EveryGenerator : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryGenerator, SamplesWholeReproduciblePaths) {
  auto generator = make_generator(GetParam());
  generator->fit(aapl());
  const auto a = generator->sample(60, 3, 11);
  const auto b = generator->sample(60, 7, 11);
  const auto c = generator->sample(60, 3, 12);
  ASSERT_EQ(a.size(), 3u);
  for (std::size_t k = 0; k < a.size(); ++k) {
    ASSERT_EQ(a[k].size(), 60u);
    EXPECT_EQ(a[k], b[k]);
    for (const double v : a[k]) EXPECT_TRUE(std::isfinite(v) && v > 0) << v;
  }
  EXPECT_NE(a[0], c[0]);
  EXPECT_NE(a[0], a[1]);
  // Paths continue from the last close: the first day is within a few daily moves of it.
  const double last = aapl().close().back();
  EXPECT_LT(std::abs(std::log(a[0][0] / last)), 0.2);
  EXPECT_THROW((void)generator->sample(0, 3, 1), InvalidInput);
  EXPECT_THROW((void)generator->sample(10, 0, 1), InvalidInput);
  EXPECT_THROW((void)generator->sample(-5, 3, 1), InvalidInput);
  EXPECT_FALSE(generator->parameters().empty());
  EXPECT_FALSE(generator->describe().empty());
}

TEST_P(EveryGenerator, FitRejectsUnusableSeries) {
  auto generator = make_generator(GetParam());
  EXPECT_THROW(generator->fit(aapl().slice(0, 2)), InvalidInput);
  if (generator->needs_fit()) {
    auto unfitted = make_generator(GetParam());
    EXPECT_THROW((void)unfitted->sample(10, 1, 1), NotFitted);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryGenerator,
                         ::testing::Values("fbm", "ar", "arima", "garch", "gjr-garch"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// ---------------------------------------------------------------- fbm

// Without data: P_t = start exp(drift t + sigma B_H(t)), exactly the fBm of the same seed.
TEST(FbmGenerator, WithoutDataIsExpOfScaledFbm) {
  const FbmGenerator generator({.hurst = 0.7, .sigma = 0.02, .drift = 0.001, .start = 50});
  EXPECT_FALSE(generator.needs_fit());
  const auto prices = generator.sample(100, 2, 5);
  const auto fbm = models::stat::simulate_fbm({.hurst = 0.7, .length = 100}, 2, 5);
  for (std::size_t t = 0; t < 100; ++t) {
    const double expected = 50 * std::exp(0.001 * static_cast<double>(t + 1) + 0.02 * fbm[1][t]);
    EXPECT_NEAR(prices[1][t], expected, 1e-12 * expected);
  }
}

// The simulated daily log returns are fGn: sd sigma and lag-1 autocorrelation 2^{2H-1} - 1.
TEST(FbmGenerator, LogReturnsHaveTheFgnStatistics) {
  const double h = 0.75;
  const double sigma = 0.015;
  const FbmGenerator generator({.hurst = h, .sigma = sigma, .drift = 0.0});
  const auto paths = generator.sample(200, 400, 3);
  std::vector<double> second_moment;
  std::vector<double> lag1;
  for (const auto& path : paths) {
    const auto r = path_log_returns(100.0, path);
    double s0 = 0;
    double s1 = 0;
    for (std::size_t t = 0; t < r.size(); ++t) {
      s0 += r[t] * r[t];
      if (t + 1 < r.size()) s1 += r[t] * r[t + 1];
    }
    second_moment.push_back(s0 / static_cast<double>(r.size()));
    lag1.push_back(s1 / static_cast<double>(r.size() - 1));
  }
  const auto m2 = mean_and_error(second_moment);
  const auto c1 = mean_and_error(lag1);
  EXPECT_NEAR(m2.mean, sigma * sigma, 5 * m2.se);
  EXPECT_NEAR(c1.mean, sigma * sigma * (std::pow(2.0, 2 * h - 1) - 1), 5 * c1.se);
}

TEST(FbmGenerator, FitTakesWhatIsNotGivenFromTheData) {
  FbmGenerator estimated({});
  estimated.fit(aapl());
  const auto r = eval::log_returns(aapl().close());
  const auto m = eval::moments(r);
  EXPECT_DOUBLE_EQ(estimated.sigma(), m.sd);
  EXPECT_DOUBLE_EQ(estimated.drift(), m.mean);
  EXPECT_DOUBLE_EQ(estimated.start(), aapl().close().back());
  EXPECT_GT(estimated.hurst(), 0.3);  // daily returns of a large stock: close to 0.5
  EXPECT_LT(estimated.hurst(), 0.7);
  EXPECT_EQ(estimated.parameters()["hurst_from"], "dfa");
  FbmGenerator fixed({.hurst = 0.8});
  fixed.fit(aapl());
  EXPECT_EQ(fixed.hurst(), 0.8);
  EXPECT_EQ(fixed.parameters()["hurst_from"], "option");
}

// ---------------------------------------------------------------- ar

// AR(p) on log returns: the simulated returns have the model's mean c / (1 - sum phi) and variance
// sigma2 sum psi_j^2 (psi the MA(infinity) weights).
TEST(ArGenerator, SimulatedReturnsHaveTheModelsMoments) {
  ArGenerator generator({.lags = 3});
  generator.fit(aapl());
  const auto params = generator.parameters()["params"];
  const double c = params["const"];
  const std::vector<double> phi{params["y.L1"], params["y.L2"], params["y.L3"]};
  const double sigma2 = generator.parameters()["sigma2"];
  std::vector<double> psi{1.0};
  for (int j = 1; j < 300; ++j) {
    double v = 0;
    for (int i = 1; i <= 3 && i <= j; ++i)
      v += phi[static_cast<std::size_t>(i - 1)] * psi[static_cast<std::size_t>(j - i)];
    psi.push_back(v);
  }
  double var = 0;
  for (const double v : psi) var += sigma2 * v * v;
  const double mean = c / (1 - phi[0] - phi[1] - phi[2]);

  const double start = aapl().close().back();
  const auto paths = generator.sample(300, 300, 8);
  std::vector<double> means;
  std::vector<double> squares;
  for (const auto& path : paths) {
    const auto r = path_log_returns(start, path);
    // Skip the first 50 days (they still remember the real data's last returns).
    double s = 0;
    double s2 = 0;
    for (std::size_t t = 50; t < r.size(); ++t) {
      s += r[t];
      s2 += (r[t] - mean) * (r[t] - mean);
    }
    means.push_back(s / 250);
    squares.push_back(s2 / 250);
  }
  const auto m = mean_and_error(means);
  const auto v = mean_and_error(squares);
  EXPECT_NEAR(m.mean, mean, 5 * m.se);
  EXPECT_NEAR(v.mean, var, 5 * v.se);
}

TEST(ArGenerator, PriceAndLogTransforms) {
  for (const auto transform : {models::stat::Transform::kLog, models::stat::Transform::kNone}) {
    ArGenerator generator({.lags = 5, .transform = transform});
    generator.fit(aapl());
    const auto paths = generator.sample(20, 2, 1);
    EXPECT_LT(std::abs(std::log(paths[0][0] / aapl().close().back())), 0.2);
  }
}

// ---------------------------------------------------------------- garch

// The prices compound the fitted model's simulated percent returns from the last close.
TEST(GarchGenerator, PricesCompoundTheSimulatedReturns) {
  GarchGenerator generator("garch", {.distribution = models::stat::GarchDistribution::kStudentT});
  generator.fit(aapl());
  const auto prices = generator.sample(50, 2, 4);
  const auto returns = generator.fitted().simulate(50, 2, 4);
  double previous = aapl().close().back();
  for (std::size_t t = 0; t < 50; ++t) {
    EXPECT_NEAR(100 * std::log(prices[1][t] / previous), returns[1][t], 1e-9);
    previous = prices[1][t];
  }
  EXPECT_EQ(generator.parameters()["params"].size(), 5u);  // mu, omega, alpha[1], beta[1], nu
  EXPECT_THROW((void)GarchGenerator("garch", {}).fitted(), NotFitted);
}

// ---------------------------------------------------------------- arima

// The simulated paths have the fitted model's predictive distribution: at each step the mean and
// the mean squared deviation of the simulated series (log prices, or log returns for "return")
// match the state-space forecast's mean and squared standard error within 5 standard errors of the
// Monte Carlo estimates. ARIMA(1,1,1) on log prices (d = 1) and AR(1) with a mean on log returns
// (d = 0, deterministic term).
struct ArimaCase {
  std::string name;
  nlohmann::json options;
  models::stat::Transform transform;
};

class ArimaSimulation : public ::testing::TestWithParam<ArimaCase> {};

TEST_P(ArimaSimulation, PathsFollowTheModelsForecastDistribution) {
  auto generator = make_generator("arima", GetParam().options);
  generator->fit(aapl());
  const auto& model = dynamic_cast<const ArimaGenerator&>(*generator).model();
  const bool returns = GetParam().transform == models::stat::Transform::kReturn;
  const auto close = aapl().close();
  const auto y = models::stat::transform_series(close, GetParam().transform, "test");
  constexpr int kHorizon = 5;
  const auto forecast = model.forecast(y, kHorizon, models::stat::ArimaLikelihood::kStatsmodels);
  constexpr int kPaths = 4000;
  const auto paths = generator->sample(kHorizon, kPaths, 21);
  for (int h = 0; h < kHorizon; ++h) {
    std::vector<double> values;
    std::vector<double> squares;
    const auto hs = static_cast<std::size_t>(h);
    for (const auto& path : paths) {
      const double previous = h == 0 ? close.back() : path[hs - 1];
      const double v = returns ? std::log(path[hs] / previous) : std::log(path[hs]);
      values.push_back(v);
      squares.push_back((v - forecast.mean[hs]) * (v - forecast.mean[hs]));
    }
    const auto m = mean_and_error(values);
    const auto v = mean_and_error(squares);
    EXPECT_NEAR(m.mean, forecast.mean[hs], 5 * m.se) << "h " << h + 1;
    EXPECT_NEAR(v.mean, forecast.se[hs] * forecast.se[hs], 5 * v.se) << "h " << h + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Orders, ArimaSimulation,
    ::testing::Values(ArimaCase{"arima111_log", {{"order", {1, 1, 1}}}, models::stat::Transform::kLog},
                      ArimaCase{"ar1_mean_returns",
                                {{"order", {1, 0, 0}}, {"trend", "c"}, {"transform", "return"}},
                                models::stat::Transform::kReturn}),
    [](const ::testing::TestParamInfo<ArimaCase>& param_info) { return param_info.param.name; });

TEST(ArimaGenerator, AutoOrderAndBadOptions) {
  auto generator = make_generator("arima");
  generator->fit(aapl());
  EXPECT_TRUE(generator->parameters().contains("fitted_order"));
  EXPECT_EQ(generator->parameters()["transform"], "log");
  EXPECT_THROW((void)make_generator("arima", {{"order", {1, 1}}}), InvalidInput);
  EXPECT_THROW((void)make_generator("arima", {{"transform", "sqrt"}}), InvalidInput);
  EXPECT_THROW((void)make_generator("arima", {{"orders", {1, 1, 1}}}), InvalidInput);
}

}  // namespace
}  // namespace stockcast::gen
