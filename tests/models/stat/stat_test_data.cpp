#include "stat_test_data.hpp"

#include <map>
#include <mutex>
#include <random>

#include "stockcast/data/read_prices.hpp"
#include "test_paths.hpp"

namespace stockcast::test {

const std::vector<double>& close_of(const std::string& relative) {
  static std::mutex mutex;
  static std::map<std::string, std::vector<double>> cache;
  const std::lock_guard lock(mutex);
  auto it = cache.find(relative);
  if (it == cache.end()) {
    const auto series = data::read_prices(data_file(relative)).series;
    const auto close = series.close();
    it = cache.emplace(relative, std::vector<double>(close.begin(), close.end())).first;
  }
  return it->second;
}

std::vector<double> simulate_arma(const std::vector<double>& phi, const std::vector<double>& theta,
                                  std::size_t n, std::uint64_t seed, double mean, double sd) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, sd);
  constexpr std::size_t kBurn = 500;
  std::vector<double> x(n + kBurn, 0.0);
  std::vector<double> e(n + kBurn, 0.0);
  for (std::size_t t = 0; t < x.size(); ++t) {
    e[t] = normal(rng);
    double v = e[t];
    for (std::size_t i = 0; i < phi.size(); ++i) {
      if (t > i) v += phi[i] * x[t - i - 1];
    }
    for (std::size_t j = 0; j < theta.size(); ++j) {
      if (t > j) v += theta[j] * e[t - j - 1];
    }
    x[t] = v;
  }
  std::vector<double> out(x.begin() + kBurn, x.end());
  for (double& v : out) v += mean;
  return out;
}

}  // namespace stockcast::test
