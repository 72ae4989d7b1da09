#pragma once
// Small synthetic price series for the prep tests.
#include <cmath>
#include <string>
#include <vector>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast::test {

/// `n` consecutive business days from 2024-01-02.
inline std::vector<Date> business_days(std::size_t n) {
  std::vector<Date> dates;
  Date day = *parse_iso_date("2024-01-02");
  for (std::size_t i = 0; i < n; ++i) {
    dates.push_back(day);
    day = next_business_day(day);
  }
  return dates;
}

/// OHLCV series whose close follows `close`; open/high/low/volume derived deterministically.
inline PriceSeries ohlcv(const std::vector<double>& close) {
  std::vector<double> open(close.size()), high(close.size()), low(close.size()), volume(close.size());
  for (std::size_t i = 0; i < close.size(); ++i) {
    open[i] = close[i] * 0.99;
    high[i] = close[i] * 1.02;
    low[i] = close[i] * 0.97;
    volume[i] = 1000.0 + 10.0 * static_cast<double>(i % 7);
  }
  return PriceSeries("SYN", business_days(close.size()),
                     {Column{"open", open}, Column{"high", high}, Column{"low", low}, Column{"close", close},
                      Column{"volume", volume}});
}

/// A wavy upward price path of `n` days, all positive.
inline std::vector<double> wavy_prices(std::size_t n, double start = 100.0) {
  std::vector<double> p(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i);
    p[i] = start + 0.1 * t + 5.0 * std::sin(t / 5.0) + 0.7 * std::cos(t * 1.3);
  }
  return p;
}

}  // namespace stockcast::test
