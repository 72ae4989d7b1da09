// Reading speed and memory of data::read_prices (docs/data-formats.md, "Limits and performance").
//   build/bench/stockcast_make_prices /tmp/10m.csv 10000000   # once: the 10-million-row file (~700 MB)
//   build/bench/bench_read                                   # STOCKCAST_BENCH_PRICES overrides the path
// BM_ReadLargeFile reports rows/s and the process's peak resident memory (peak_rss_mib) after reading.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/data/values.hpp"

namespace {

std::filesystem::path large_file() {
  const char* env = std::getenv("STOCKCAST_BENCH_PRICES");
  return env != nullptr ? std::filesystem::path(env) : std::filesystem::path("/tmp/10m.csv");
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  constexpr double kKibPerMib = 1024.0;
  return static_cast<double>(usage.ru_maxrss) / kKibPerMib;  // ru_maxrss is in KiB on Linux
}

void BM_ReadLargeFile(benchmark::State& state) {
  const auto path = large_file();
  if (!std::filesystem::exists(path)) {
    state.SkipWithError(("no " + path.string() + "; create it with stockcast_make_prices").c_str());
    return;
  }
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto result = stockcast::data::read_prices(path);
    rows = result.series.size();
    benchmark::DoNotOptimize(result.series.close().data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.counters["rows_per_s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_s"] = benchmark::Counter(static_cast<double>(std::filesystem::file_size(path)),
                                                     benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}
BENCHMARK(BM_ReadLargeFile)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_ReadRealFile(benchmark::State& state) {
  const std::filesystem::path path =
      std::filesystem::path(STOCKCAST_SOURCE_DIR) / "data" / "kaggle_huge_stock_market" / "ibm.us.txt";
  for (auto _ : state) benchmark::DoNotOptimize(stockcast::data::read_prices(path).series.size());
  state.SetItemsProcessed(state.iterations() * 14059);
}
BENCHMARK(BM_ReadRealFile)->Unit(benchmark::kMicrosecond);

void BM_ParseNumber(benchmark::State& state) {
  const std::string text = state.range(0) == 0 ? "123.4567" : "\"1,234.56\"";
  double value = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(stockcast::data::parse_number(text, value));
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_ParseNumber)->Arg(0)->Arg(1);

void BM_ParseDate(benchmark::State& state) {
  const std::string text = state.range(0) == 0 ? "2024-07-26" : "Jul 26, 2024";
  for (auto _ : state) benchmark::DoNotOptimize(stockcast::data::parse_date_fields(text));
}
BENCHMARK(BM_ParseDate)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
