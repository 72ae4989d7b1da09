// AR, ARIMA and auto-ARIMA fits (Google Benchmark). bench/peers/arima.py times statsmodels and
// bench/peers/auto_arima.R times R's forecast on the same series on the same machine;
// docs/statistical-models.md quotes them side by side.
//
//   build/bench/bench_stat [--benchmark_filter=Arima] [--benchmark_repetitions=5]
//
// The fits are those of the reference checks: AutoReg(5) on the close; ARIMA(1,1,1) and (2,1,0)
// without trend in statsmodels' likelihood convention, with standard errors, as
// statsmodels.tsa.arima.model.ARIMA(...).fit(); auto-ARIMA as forecast::auto.arima() (stepwise,
// CSS approximations for these long series), on one thread (R's is single-threaded) and on all.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/models/stat/arima.hpp"
#include "stockcast/models/stat/auto_arima.hpp"
#include "stockcast/models/stat/autoreg.hpp"

namespace {

using namespace stockcast;
namespace stat = models::stat;

const std::vector<double>& close_of(int series) {
  static const std::vector<std::vector<double>> all = [] {
    const std::string root = std::string(STOCKCAST_SOURCE_DIR) + "/data/";
    std::vector<std::vector<double>> out;
    for (const char* file : {"kaggle_stock_market_data/GOOG.csv",
                             "investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv",
                             "kaggle_huge_stock_market/ibm.us.txt"}) {
      const auto close = data::read_prices(root + file).series.close();
      out.emplace_back(close.begin(), close.end());
    }
    return out;
  }();
  return all[static_cast<std::size_t>(series)];
}

const char* kSeriesNames[] = {"GOOG", "AAPL", "IBM"};

void BM_AutoRegFit(benchmark::State& state) {
  const auto& y = close_of(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(stat::fit_autoreg(y, {.lags = 5}).loglik);
  state.SetLabel(kSeriesNames[state.range(0)]);
}
BENCHMARK(BM_AutoRegFit)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// args: series, order (0 = (1,1,1), 1 = (2,1,0))
void BM_ArimaFit(benchmark::State& state) {
  const auto& y = close_of(static_cast<int>(state.range(0)));
  stat::ArimaOptions options;
  options.order = state.range(1) == 0 ? stat::ArimaOrder{1, 1, 1} : stat::ArimaOrder{2, 1, 0};
  options.trend = stat::ArimaTrend::kNone;
  for (auto _ : state) benchmark::DoNotOptimize(stat::fit_arima(y, options).loglik);
  state.SetLabel(std::string(kSeriesNames[state.range(0)]) + (state.range(1) == 0 ? " (1,1,1)" : " (2,1,0)"));
}
BENCHMARK(BM_ArimaFit)->ArgsProduct({{0, 1, 2}, {0, 1}})->Unit(benchmark::kMillisecond)->MinTime(0.5);

// One exact log-likelihood evaluation of ARIMA(1,1,1) (the unit of work of the optimiser).
void BM_ArimaLoglik(benchmark::State& state) {
  const auto& y = close_of(static_cast<int>(state.range(0)));
  const stat::ArimaModel model({1, 1, 1}, stat::ArimaTrend::kNone,
                               {.ar = {-0.5}, .ma = {0.43}, .sigma2 = 288.9});
  for (auto _ : state) benchmark::DoNotOptimize(model.loglik(y, stat::ArimaLikelihood::kStatsmodels));
  state.SetLabel(kSeriesNames[state.range(0)]);
}
BENCHMARK(BM_ArimaLoglik)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// args: series, threads (0 = all), stepwise (1) or exhaustive (0)
void BM_AutoArima(benchmark::State& state) {
  const auto& y = close_of(static_cast<int>(state.range(0)));
  stat::AutoArimaOptions options;
  options.threads = static_cast<int>(state.range(1));
  options.stepwise = state.range(2) == 1;
  for (auto _ : state) benchmark::DoNotOptimize(stat::auto_arima(y, options).fit.aicc);
  state.SetLabel(std::string(kSeriesNames[state.range(0)]) +
                 (state.range(2) == 1 ? " stepwise" : " exhaustive") +
                 (state.range(1) == 1 ? ", 1 thread" : ", all threads"));
}
BENCHMARK(BM_AutoArima)
    ->ArgsProduct({{0, 1, 2}, {1, 0}, {1}})
    ->Args({0, 1, 0})
    ->Args({0, 0, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
