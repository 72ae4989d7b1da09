// report_fixture --data CSV --out DIR [--models N] [--days N] [--all-test] [--expect FILE]
// Writes a complete result directory derived from a price file (see result_fixture.hpp) for the
// browser test and the open-time benchmark, and the chart inventory the report must show.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <exception>
#include <fstream>

#include "result_fixture.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/io/atomic_file.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write a test result directory from a price file"};
  std::string data;
  std::string out;
  std::string expect;
  std::size_t days = 0;
  stockcast::test::FixtureOptions options;
  app.add_option("--data", data, "Price file")->required();
  app.add_option("--out", out, "Result directory")->required();
  app.add_option("--models", options.models, "Models besides naive");
  app.add_option("--days", days, "Use the last N days of the file (0 = all)");
  app.add_flag("--all-test", options.all_test, "Predict every day as the test split");
  app.add_option("--expect", expect, "Write the expected chart inventory (JSON) here");
  CLI11_PARSE(app, argc, argv);
  try {
    auto series = stockcast::data::read_prices(data).series;
    if (days > 0 && days < series.size()) series = series.slice(series.size() - days, series.size());
    const auto charts = stockcast::test::write_result_fixture(out, series, options);
    if (!expect.empty())
      stockcast::io::write_file_atomically(expect, stockcast::test::expected_charts_json(charts));
    fmt::print("{} days, {} charts expected\n", series.size(), charts.size());
  } catch (const std::exception& e) {
    fmt::print(stderr, "report_fixture: {}\n", e.what());
    return 1;
  }
  return 0;
}
