#pragma once
// Test fixture: a complete result directory (every file of docs/result-files.md) derived from a price
// series, plus the chart inventory a report of it must show. The numbers are computed honestly from
// simple rules (naive, drift, trailing means, EWMA volatility, bootstrap paths) so the charts look
// like real ones; the "training histories" are smooth decaying curves, labelled as fixture data.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "stockcast/core/price_series.hpp"

namespace stockcast::test {

struct FixtureOptions {
  std::size_t models = 3;    // forecasting models besides naive (trailing means of 2, 3, ... days)
  std::size_t epochs = 15;   // rows per model in history.csv
  std::size_t folds = 6;     // rolling folds in folds.csv
  std::size_t horizon = 10;  // forecast days in forecast.csv / volatility.csv
  std::size_t paths = 8;     // bootstrap paths in paths.csv
  std::size_t path_length = 250;
  bool all_test = false;  // predictions: every day after the first `window` as split "test"
  std::uint32_t seed = 7;
  std::string currency = "USD";
};

// What a chart of the report must hold.
struct ExpectedChart {
  std::string id;
  std::size_t series = 0;
  std::size_t points = 0;
};

// Writes every result file into `dir` and returns the charts report.html must contain, in page order.
std::vector<ExpectedChart> write_result_fixture(const std::filesystem::path& dir, const PriceSeries& series,
                                                const FixtureOptions& options = {});

// The expectations as JSON text: [{"id": ..., "series": n, "points": n}, ...].
std::string expected_charts_json(const std::vector<ExpectedChart>& charts);

}  // namespace stockcast::test
