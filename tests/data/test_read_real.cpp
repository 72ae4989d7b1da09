// The real downloads shipped in data/ (facts from data/PROVENANCE.md and tests/reference/).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "test_paths.hpp"

namespace stockcast::data {
namespace {

using test::data_file;

Date iso(std::string_view text) { return *parse_iso_date(text); }

double value_on(const PriceSeries& series, std::string_view column, std::string_view date) {
  const std::size_t row = series.lower_bound(iso(date));
  EXPECT_LT(row, series.size());
  EXPECT_EQ(series.date(row), iso(date));
  return series.column(column)[row];
}

void expect_shape(const ReadResult& r, std::string_view format, std::size_t rows, std::string_view first,
                  std::string_view last) {
  EXPECT_EQ(r.format, format);
  EXPECT_EQ(r.series.size(), rows);
  EXPECT_EQ(to_string(r.series.first_date()), first);
  EXPECT_EQ(to_string(r.series.last_date()), last);
  EXPECT_EQ(r.cleaning.rows_read, rows);
  EXPECT_EQ(r.cleaning.rows_kept, rows);
}

// The "data" checks of a tests/reference/*.json file, compared as its README states: counts and dates
// exactly, sums and moments within rtol 1e-12.
void check_reference(const std::string& reference, const PriceSeries& series) {
  std::ifstream in(test::reference_file(reference));
  ASSERT_TRUE(in) << reference;
  const auto doc = nlohmann::json::parse(in);
  const auto close = series.close();
  const auto returns = eval::log_returns(close, 100.0);
  const auto m = eval::moments(returns);
  const double close_sum = std::accumulate(close.begin(), close.end(), 0.0);
  const double sum_sq = std::inner_product(returns.begin(), returns.end(), returns.begin(), 0.0);
  int checked = 0;
  for (const auto& check : doc.at("checks")) {
    if (check.at("kind") != "data") continue;
    const std::string id = check.at("id");
    const double rtol = check.at("rtol");
    const auto close_to = [&](double actual) {
      const double expected = check.at("value");
      EXPECT_LE(std::abs(actual - expected), rtol * std::abs(expected))
          << reference << " " << id << ": " << actual;
    };
    ++checked;
    if (id == "data.n_rows") {
      EXPECT_EQ(series.size(), check.at("value").get<std::size_t>()) << reference;
    } else if (id == "data.first_last_date") {
      EXPECT_EQ(to_string(series.first_date()), check.at("value")[0].get<std::string>()) << reference;
      EXPECT_EQ(to_string(series.last_date()), check.at("value")[1].get<std::string>()) << reference;
    } else if (id == "data.close_sum") {
      close_to(close_sum);
    } else if (id == "data.returns.n") {
      EXPECT_EQ(returns.size(), check.at("value").get<std::size_t>()) << reference;
    } else if (id == "data.returns.mean") {
      close_to(m.mean);
    } else if (id == "data.returns.sd") {
      close_to(m.sd);
    } else if (id == "data.returns.sum_sq") {
      close_to(sum_sq);
    } else {
      ADD_FAILURE() << reference << ": unknown data check " << id;
    }
  }
  EXPECT_EQ(checked, 7) << reference;
}

TEST(ReadReal, KaggleStockMarketGoog) {
  const auto r = read_prices(data_file("kaggle_stock_market_data/GOOG.csv"));
  expect_shape(r, kFormatKaggleStockMarket, 4481, "2004-08-19", "2022-06-06");
  EXPECT_EQ(r.date_format, "dd-mm-yyyy");
  EXPECT_EQ(r.series.ticker(), "GOOG");
  EXPECT_EQ(r.series.column_names(),
            (std::vector<std::string>{"open", "high", "low", "close", "adj_close", "volume"}));
  EXPECT_EQ(value_on(r.series, "close", "2004-08-19"), 49.9826545715332);
  EXPECT_EQ(value_on(r.series, "low", "2004-08-19"), 47.80083084106445);
  EXPECT_EQ(value_on(r.series, "volume", "2004-08-19"), 44871361.0);
  EXPECT_EQ(value_on(r.series, "close", "2022-06-06"), 2377.419921875);
  EXPECT_EQ(r.cleaning.order, RowOrder::kAscending);
  EXPECT_EQ(r.cleaning.missing_cells(), 0U);
  EXPECT_TRUE(r.warnings.empty());
  check_reference("goog_kaggle.json", r.series);
}

TEST(ReadReal, InvestingComChineseAapl) {
  const auto r = read_prices(data_file("investing_com_cn/AAPL历史数据.csv"));
  expect_shape(r, kFormatInvestingComCn, 1005, "2021-01-04", "2024-12-31");
  EXPECT_EQ(r.cleaning.order, RowOrder::kDescending);
  EXPECT_EQ(r.series.column_names(),
            (std::vector<std::string>{"open", "high", "low", "close", "volume", "change_pct"}));
  EXPECT_EQ(value_on(r.series, "close", "2024-12-31"), 250.42);
  EXPECT_EQ(value_on(r.series, "volume", "2024-12-31"), 39480000.0);
  EXPECT_EQ(value_on(r.series, "change_pct", "2024-12-31"), -0.71);
  EXPECT_EQ(value_on(r.series, "open", "2021-01-04"), 133.52);
  EXPECT_EQ(value_on(r.series, "volume", "2021-01-04"), 143300000.0);
  check_reference("aapl_cn.json", r.series);
}

TEST(ReadReal, KaggleHugeIbmAndAapl) {
  const auto ibm = read_prices(data_file("kaggle_huge_stock_market/ibm.us.txt"));
  expect_shape(ibm, kFormatKaggleHuge, 14059, "1962-01-02", "2017-11-10");
  EXPECT_EQ(ibm.series.ticker(), "ibm.us");
  EXPECT_EQ(ibm.series.column_names(),
            (std::vector<std::string>{"open", "high", "low", "close", "volume", "OpenInt"}));
  EXPECT_EQ(value_on(ibm.series, "open", "1962-01-02"), 6.413);
  EXPECT_EQ(value_on(ibm.series, "close", "2017-11-10"), 149.16);
  check_reference("ibm_huge.json", ibm.series);

  const auto aapl = read_prices(data_file("kaggle_huge_stock_market/aapl.us.txt"));
  expect_shape(aapl, kFormatKaggleHuge, 8364, "1984-09-07", "2017-11-10");
  EXPECT_EQ(value_on(aapl.series, "close", "1984-09-07"), 0.42388);
}

TEST(ReadReal, YahooNullRowIsForwardFilledAndCounted) {
  const auto r = read_prices(data_file("yahoo_finance/AAPL.csv"));
  expect_shape(r, kFormatYahoo, 10087, "1980-12-12", "2020-12-11");
  EXPECT_EQ(value_on(r.series, "close", "1980-12-12"), 0.128348);
  EXPECT_EQ(value_on(r.series, "adj_close", "1980-12-12"), 0.100266);
  EXPECT_EQ(value_on(r.series, "close", "2020-12-11"), 122.410004);
  // 1981-08-10 is all null in the file: each of the 6 columns carries 1981-08-07's value forward.
  EXPECT_EQ(value_on(r.series, "close", "1981-08-10"), 0.112723);
  EXPECT_EQ(value_on(r.series, "volume", "1981-08-10"), 9206400.0);
  EXPECT_EQ(r.cleaning.missing_cells(), 6U);
  EXPECT_EQ(r.cleaning.filled_cells(), 6U);
  ASSERT_EQ(r.cleaning.columns.size(), 6U);
  for (const auto& c : r.cleaning.columns) {
    EXPECT_EQ(c.missing, 1U) << c.column;
    EXPECT_EQ(c.first_missing, iso("1981-08-10")) << c.column;
  }
}

TEST(ReadReal, YahooNullRowDroppedOnRequest) {
  ReadOptions options;
  options.fill = FillPolicy::kDrop;
  const auto r = read_prices(data_file("yahoo_finance/AAPL.csv"), options);
  EXPECT_EQ(r.series.size(), 10086U);
  EXPECT_EQ(r.cleaning.rows_read, 10087U);
  EXPECT_EQ(r.cleaning.rows_dropped_missing, 1U);
  const std::size_t row = r.series.lower_bound(iso("1981-08-10"));
  EXPECT_EQ(r.series.date(row), iso("1981-08-11"));
}

TEST(ReadReal, AlphaVantageJson) {
  const auto ibm = read_prices(data_file("alpha_vantage/IBM.json"));
  expect_shape(ibm, kFormatAlphaVantageJson, 100, "2024-04-15", "2024-09-05");
  EXPECT_EQ(ibm.cleaning.order, RowOrder::kDescending);
  EXPECT_EQ(ibm.series.column_names(), (std::vector<std::string>{"open", "high", "low", "close", "volume"}));
  EXPECT_EQ(value_on(ibm.series, "open", "2024-09-05"), 204.08);
  EXPECT_EQ(value_on(ibm.series, "close", "2024-09-05"), 202.59);
  EXPECT_EQ(value_on(ibm.series, "volume", "2024-09-05"), 3205828.0);

  const auto intc = read_prices(data_file("alpha_vantage/INTC.json"));
  expect_shape(intc, kFormatAlphaVantageJson, 6155, "1999-11-01", "2024-04-18");
  EXPECT_EQ(value_on(intc.series, "close", "1999-11-01"), 76.0);
}

TEST(ReadReal, AlphaVantageCsv) {
  const auto ibm = read_prices(data_file("alpha_vantage/daily_IBM.csv"));
  expect_shape(ibm, kFormatAlphaVantageCsv, 100, "2021-08-30", "2022-01-20");
  EXPECT_EQ(value_on(ibm.series, "close", "2022-01-20"), 130.82);
  EXPECT_EQ(value_on(ibm.series, "low", "2022-01-20"), 130.5705);
  const auto nvda = read_prices(data_file("alpha_vantage/daily_NVDA.csv"));
  expect_shape(nvda, kFormatAlphaVantageCsv, 5613, "1999-11-01", "2022-02-18");
  EXPECT_EQ(value_on(nvda.series, "close", "1999-11-01"), 23.5);
  EXPECT_EQ(value_on(nvda.series, "volume", "1999-11-01"), 1630300.0);
}

TEST(ReadReal, RTimeSeriesMsftIsGenericCsv) {
  const auto r = read_prices(data_file("r_timeSeries/MSFT.csv"));
  expect_shape(r, kFormatGenericCsv, 249, "2000-09-27", "2001-09-27");
  EXPECT_EQ(value_on(r.series, "open", "2000-09-27"), 63.4375);
  EXPECT_EQ(value_on(r.series, "close", "2001-09-27"), 49.96);
}

TEST(ReadReal, DirectoryOfTickers) {
  const auto dir = read_directory(data_file("alpha_vantage"));
  EXPECT_TRUE(dir.ok());
  ASSERT_EQ(dir.series.size(), 4U);
  EXPECT_EQ(dir.series[0].series.ticker(), "IBM");
  EXPECT_EQ(dir.series[1].series.ticker(), "INTC");
  EXPECT_EQ(dir.series[2].series.ticker(), "daily_IBM");
  EXPECT_EQ(dir.series[3].series.ticker(), "daily_NVDA");
  EXPECT_TRUE(dir.skipped.empty());
}

TEST(ReadReal, DirectoryWithoutPriceFilesIsAnError) {
  // data/ itself holds only PROVENANCE.md and sub-directories.
  try {
    (void)read_directory(test::source_dir() / "data");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("no price file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stockcast::data
