#pragma once
// Series shared by the statistical-model tests: the bundled reference series, read with
// stockcast's own reader, and seeded synthetic ARMA/GARCH series.
#include <cstdint>
#include <string>
#include <vector>

namespace stockcast::test {

/// Close prices of data/<relative> read with data::read_prices (cached).
const std::vector<double>& close_of(const std::string& relative);

/// AAPL (Investing.com, Chinese export, 1,005 days) as paper C uses it.
inline const std::vector<double>& aapl_close() {
  return close_of("investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv");
}
/// GOOG (Kaggle stock-market data, 4,481 days).
inline const std::vector<double>& goog_close() { return close_of("kaggle_stock_market_data/GOOG.csv"); }
/// IBM (Kaggle huge stock market dataset, 14,059 days).
inline const std::vector<double>& ibm_close() { return close_of("kaggle_huge_stock_market/ibm.us.txt"); }

/// n values of an ARMA(p, q) process with the given coefficients, unit-variance Gaussian noise
/// (seeded), after a burn-in of 500 values.
std::vector<double> simulate_arma(const std::vector<double>& phi, const std::vector<double>& theta,
                                  std::size_t n, std::uint64_t seed, double mean = 0.0, double sd = 1.0);

}  // namespace stockcast::test
