// Writes a large synthetic daily price file for bench_read and `stockcast info` timings:
//   stockcast_make_prices [PATH=/tmp/10m.csv] [ROWS=10000000] [SEED=1]
// Yahoo layout (Date,Open,High,Low,Close,Adj Close,Volume) with a seeded log-normal random walk and
// consecutive calendar days from 0001-01-01 (10 million days reach year 27381, written with five digits:
// no real calendar holds 10 million distinct trading days).
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/10m.csv";
  const long long rows = argc > 2 ? std::atoll(argv[2]) : 10'000'000LL;
  const unsigned seed = argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1U;
  if (rows <= 0) {
    fmt::print(stderr, "make_prices: ROWS must be positive\n");
    return 2;
  }
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    fmt::print(stderr, "make_prices: cannot write {}\n", path);
    return 4;
  }
  constexpr double kDailyVolatility = 0.01;
  constexpr double kStartPrice = 100.0;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(0.0, kDailyVolatility);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<long> volume(100'000, 50'000'000);
  std::string buffer;
  buffer.reserve(std::size_t{1} << 20);
  buffer += "Date,Open,High,Low,Close,Adj Close,Volume\n";
  double log_price = std::log(kStartPrice);
  std::chrono::sys_days day = std::chrono::sys_days{std::chrono::year{1} / 1 / 1};
  for (long long i = 0; i < rows; ++i, day += std::chrono::days{1}) {
    // Keep the walk in a realistic band so that prices stay positive and printable.
    log_price = std::clamp(log_price + step(rng), std::log(1.0), std::log(10'000.0));
    const double open = std::exp(log_price + step(rng) / 2);
    const double close = std::exp(log_price);
    const double high = std::max(open, close) * (1.0 + kDailyVolatility * unit(rng));
    const double low = std::min(open, close) * (1.0 - kDailyVolatility * unit(rng));
    const std::chrono::year_month_day ymd{day};
    fmt::format_to(std::back_inserter(buffer), "{:04d}-{:02d}-{:02d},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{}\n",
                   static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day()), open, high, low, close, close * 0.98, volume(rng));
    if (buffer.size() > (std::size_t{1} << 20) - 256) {
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      buffer.clear();
    }
  }
  std::fwrite(buffer.data(), 1, buffer.size(), out);
  if (std::fclose(out) != 0) {
    fmt::print(stderr, "make_prices: error writing {}\n", path);
    return 4;
  }
  fmt::print("wrote {} rows to {}\n", rows, path);
  return 0;
}
