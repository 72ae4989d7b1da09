// GARCH(1,1) fits and fBm simulation (Google Benchmark). bench/peers/garch.R times R's fGarch and
// tseries on the same series on the same machine; docs/simulation.md quotes both side by side.
//
//   build/bench/bench_garch [--benchmark_filter=Fit] [--benchmark_repetitions=5]
//
// The fits are the ones the reference checks test: fGarch's conventions (constant mean, normal or
// Student-t, every residual in the likelihood) and tseries' (no mean, first residual left out), on
// percent log returns of the bundled GOOG (4,480 returns), AAPL (1,004) and IBM (14,058) series,
// each including standard errors.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/fbm.hpp"
#include "stockcast/models/stat/garch.hpp"
#include "stockcast/models/stat/hurst.hpp"

namespace {

using namespace stockcast;
using models::stat::GarchOptions;

const std::vector<double>& returns_of(int series) {
  static const std::vector<std::vector<double>> all = [] {
    const std::string root = std::string(STOCKCAST_SOURCE_DIR) + "/data/";
    std::vector<std::vector<double>> out;
    for (const char* file : {"kaggle_stock_market_data/GOOG.csv",
                             "investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv",
                             "kaggle_huge_stock_market/ibm.us.txt"}) {
      const PriceSeries series = data::read_prices(root + file).series;
      out.push_back(eval::log_returns(series.close(), 100.0));
    }
    return out;
  }();
  return all[static_cast<std::size_t>(series)];
}

const char* kSeriesNames[] = {"GOOG", "AAPL", "IBM"};

GarchOptions convention(int which) {
  switch (which) {
    case 0:
      return {};  // fGarch normal
    case 1:
      return {.distribution = models::stat::GarchDistribution::kStudentT};  // fGarch std
    default:
      return {.mean = models::stat::GarchMean::kZero,
              .initialisation = models::stat::GarchInitialisation::kTseries,
              .covariance = models::stat::GarchCovariance::kOuterProduct};  // tseries
  }
}

const char* kConventionNames[] = {"fGarch_norm", "fGarch_std", "tseries"};

// args: series (0 GOOG, 1 AAPL, 2 IBM), convention (0 fGarch normal, 1 fGarch std, 2 tseries)
void BM_GarchFit(benchmark::State& state) {
  const auto& r = returns_of(static_cast<int>(state.range(0)));
  const GarchOptions options = convention(static_cast<int>(state.range(1)));
  for (auto _ : state) {
    auto fit = models::stat::fit_garch(r, options);
    benchmark::DoNotOptimize(fit.loglik);
  }
  state.SetLabel(std::string(kSeriesNames[state.range(0)]) + " " + kConventionNames[state.range(1)]);
}
BENCHMARK(BM_GarchFit)->ArgsProduct({{0, 1, 2}, {0, 1, 2}})->Unit(benchmark::kMillisecond)->MinTime(0.5);

// One log-likelihood evaluation (the unit of work of every optimiser step).
void BM_GarchLoglik(benchmark::State& state) {
  const auto& r = returns_of(static_cast<int>(state.range(0)));
  const models::stat::GarchModel model({}, {0.1, 0.12, 0.084, 0.88});
  for (auto _ : state) benchmark::DoNotOptimize(model.loglik(r));
  state.SetLabel(kSeriesNames[state.range(0)]);
}
BENCHMARK(BM_GarchLoglik)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// args: paths, length; Davies-Harte (1) or Cholesky (0).
void BM_FbmPaths(benchmark::State& state) {
  const models::stat::FbmOptions options{.hurst = 0.7,
                                         .length = static_cast<int>(state.range(1)),
                                         .method = state.range(2) == 1 ? models::stat::FbmMethod::kDaviesHarte
                                                                       : models::stat::FbmMethod::kCholesky};
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto paths = models::stat::simulate_fbm(options, static_cast<int>(state.range(0)), seed++);
    benchmark::DoNotOptimize(paths.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FbmPaths)
    ->Args({1000, 1024, 1})
    ->Args({1000, 1024, 0})
    ->Args({100, 16384, 1})
    ->Unit(benchmark::kMillisecond);

void BM_HurstDfa(benchmark::State& state) {
  const auto& r = returns_of(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(models::stat::hurst_dfa(r).hurst);
  state.SetLabel(kSeriesNames[state.range(0)]);
}
BENCHMARK(BM_HurstDfa)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
