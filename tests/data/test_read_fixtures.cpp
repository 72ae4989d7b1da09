// Hand-written fixtures (tests/fixtures/) for the formats and cleaning cases not covered by data/.
#include <gtest/gtest.h>

#include "stockcast/data/read_prices.hpp"
#include "test_paths.hpp"

namespace stockcast::data {
namespace {

using test::fixture;
using Names = std::vector<std::string>;
using Values = std::vector<double>;

Date iso(std::string_view text) { return *parse_iso_date(text); }

Values values(const ReadResult& r, std::string_view column) {
  const auto span = r.series.column(column);
  return {span.begin(), span.end()};
}

std::vector<std::string> dates(const ReadResult& r) {
  std::vector<std::string> out;
  for (const auto d : r.series.dates()) out.push_back(to_string(d));
  return out;
}

ReadResult read(const std::string& name, DuplicatePolicy duplicates = DuplicatePolicy::kError,
                FillPolicy fill = FillPolicy::kForwardFill) {
  ReadOptions options;
  options.on_duplicate = duplicates;
  options.fill = fill;
  return read_prices(fixture(name), options);
}

TEST(ReadFixtures, InvestingComEnglish) {
  const auto r = read("investing_en.csv");
  EXPECT_EQ(r.format, kFormatInvestingCom);
  EXPECT_EQ(r.date_format, "mm/dd/yyyy");
  EXPECT_EQ(r.series.column_names(), (Names{"open", "high", "low", "close", "volume", "change_pct"}));
  // 07/25 has no volume and nothing earlier to carry forward: dropped, and reported.
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-26", "2024-07-29", "2024-07-30"}));
  EXPECT_EQ(values(r, "close"), (Values{1220.0, 1225.0, 1218.5}));
  EXPECT_EQ(values(r, "volume"), (Values{1230000.0, 850500.0, 2100000000.0}));
  EXPECT_EQ(values(r, "change_pct"), (Values{1.25, 0.41, -0.53}));
  EXPECT_EQ(r.cleaning.rows_read, 4U);
  EXPECT_EQ(r.cleaning.rows_dropped_leading, 1U);
  EXPECT_EQ(r.cleaning.order, RowOrder::kDescending);
}

TEST(ReadFixtures, InvestingComNamedMonths) {
  const auto r = read("investing_en_named.csv");
  EXPECT_EQ(r.format, kFormatInvestingCom);
  EXPECT_EQ(r.date_format, "Mon d, yyyy");
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-26", "2024-07-29", "2024-07-30"}));
  EXPECT_EQ(values(r, "close"), (Values{218.76, 219.66, 218.5}));
}

TEST(ReadFixtures, InvestingComChinesePaddedDates) {
  const auto r = read("investing_cn_padded.csv");
  EXPECT_EQ(r.format, kFormatInvestingComCn);
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-26", "2024-07-29", "2024-07-30"}));
  EXPECT_EQ(values(r, "volume"), (Values{1500000000.0, 850500.0, 39480000.0}));
  EXPECT_EQ(values(r, "open"), (Values{1200.0, 1220.0, 1225.0}));
}

TEST(ReadFixtures, AlphaVantageDailyAdjustedJsonAndCsvAgree) {
  const auto json = read("alpha_vantage_adjusted.json");
  const auto csv = read("alpha_vantage_adjusted.csv");
  EXPECT_EQ(json.format, kFormatAlphaVantageJson);
  EXPECT_EQ(csv.format, kFormatAlphaVantageCsv);
  const Names columns{
      "open", "high", "low", "close", "adj_close", "volume", "dividend_amount", "split_coefficient"};
  EXPECT_EQ(json.series.column_names(), columns);
  EXPECT_EQ(csv.series.column_names(), columns);
  for (const auto& name : columns) EXPECT_EQ(values(json, name), values(csv, name)) << name;
  EXPECT_EQ(values(json, "adj_close"), (Values{182.46, 190.35, 190.12}));
  EXPECT_EQ(values(json, "dividend_amount"), (Values{0.0, 1.67, 0.0}));
  EXPECT_EQ(dates(json), (std::vector<std::string>{"2024-07-24", "2024-07-25", "2024-07-26"}));
  // 2024-07-24 closes below its low in the fixture: warned, not changed.
  EXPECT_EQ(json.cleaning.ohlc.close_outside_range, 1U);
  EXPECT_EQ(json.cleaning.ohlc.first_close_outside, iso("2024-07-24"));
}

TEST(ReadFixtures, SemicolonDecimalCommaAndEuro) {
  const auto r = read("generic_semicolon_eu.csv");
  EXPECT_EQ(r.format, kFormatGenericCsv);
  EXPECT_EQ(r.delimiter, ';');
  EXPECT_EQ(r.date_format, "dd.mm.yyyy");
  EXPECT_EQ(values(r, "open"), (Values{1234.5, 1240.0, 1251.0}));
  EXPECT_EQ(values(r, "close"), (Values{1240.25, 1250.75, 1245.0}));
  EXPECT_EQ(values(r, "volume"), (Values{1.5, 2.0, 1.75}));  // no comma: '.' is the decimal point
}

TEST(ReadFixtures, TabDelimitedAliasesAndRupee) {
  const auto r = read("generic_tab.tsv");
  EXPECT_EQ(r.delimiter, '\t');
  EXPECT_EQ(r.series.column_names(), (Names{"close", "volume", "Note Count"}));
  EXPECT_EQ(values(r, "close"), (Values{2950.1, 2975.4, 2990.0}));
  EXPECT_EQ(values(r, "volume"), (Values{1200.0, 1350.0, 900.0}));
  EXPECT_EQ(values(r, "Note Count"), (Values{3.0, 4.0, 5.0}));
}

TEST(ReadFixtures, BomCrlfQuotesDollarsTimesAndExtraColumns) {
  const auto r = read("generic_bom_crlf.csv");
  EXPECT_EQ(r.format, kFormatGenericCsv);
  EXPECT_EQ(r.source_columns,
            (Names{"Symbol", "Datetime", "Close Price", "Adj. Close", "Vol.", "Dividends"}));
  EXPECT_EQ(r.series.column_names(), (Names{"close", "adj_close", "volume", "Dividends"}));
  EXPECT_EQ(values(r, "close"), (Values{1001.5, 1003.0, 1002.25}));
  EXPECT_EQ(values(r, "adj_close"), (Values{990.1, 991.6, 991.0}));
  EXPECT_EQ(values(r, "volume"), (Values{12000.0, 13500.0, 9000.0}));
  EXPECT_EQ(values(r, "Dividends"), (Values{0.0, 0.25, 0.0}));
  ASSERT_EQ(r.cleaning.dropped_columns.size(), 1U);
  EXPECT_NE(r.cleaning.dropped_columns[0].find("Symbol"), std::string::npos);
  EXPECT_EQ(r.cleaning.blank_lines, 0U);  // trailing blank lines are not counted
}

TEST(ReadFixtures, DateAndCloseOnlyWithUpperCaseHeader) {
  const auto r = read("date_close_only.csv");
  EXPECT_EQ(r.series.column_names(), (Names{"close"}));
  EXPECT_EQ(values(r, "close"), (Values{10.5, 10.75, 11.0}));
}

TEST(ReadFixtures, AmbiguousDatesDecidedByTheWholeColumn) {
  // 13/01/2024 on the last row makes every row day-first, including 10/01/2024 on the first.
  const auto dmy = read("ambiguous_dmy.csv");
  EXPECT_EQ(dmy.date_format, "dd/mm/yyyy");
  EXPECT_EQ(dates(dmy), (std::vector<std::string>{"2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13"}));
  const auto mdy = read("ambiguous_mdy.csv");
  EXPECT_EQ(mdy.date_format, "mm-dd-yyyy");
  EXPECT_EQ(dates(mdy), (std::vector<std::string>{"2024-01-10", "2024-01-11", "2024-01-12", "2024-01-13"}));
  EXPECT_TRUE(dmy.warnings.empty());
}

TEST(ReadFixtures, AmbiguousDatesWithoutEvidenceUseCalendarSpacing) {
  const auto r = read("ambiguous_no_evidence.csv");
  EXPECT_EQ(r.date_format, "dd-mm-yyyy");
  EXPECT_EQ(dates(r).front(), "2024-02-01");
  EXPECT_EQ(dates(r).back(), "2024-02-07");
  ASSERT_EQ(r.warnings.size(), 1U);
  EXPECT_NE(r.warnings[0].find("ambiguous"), std::string::npos) << r.warnings[0];
}

TEST(ReadFixtures, UnsortedRowsAreSortedAndReported) {
  const auto r = read("unsorted.csv");
  EXPECT_EQ(r.cleaning.order, RowOrder::kUnsorted);
  EXPECT_EQ(r.cleaning.rows_out_of_order, 2U);
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-23", "2024-07-24", "2024-07-25", "2024-07-26"}));
  EXPECT_EQ(values(r, "close"), (Values{1.0, 1.5, 2.0, 3.0}));
}

TEST(ReadFixtures, DuplicatesKeepLastOrFirstInFileOrder) {
  const auto last = read("duplicates.csv", DuplicatePolicy::kKeepLast);
  EXPECT_EQ(values(last, "close"), (Values{1.0, 2.5, 3.0}));
  EXPECT_EQ(last.cleaning.duplicates_removed, 1U);
  ASSERT_EQ(last.cleaning.duplicates.size(), 1U);
  EXPECT_EQ(last.cleaning.duplicates[0].date, iso("2024-07-25"));
  EXPECT_EQ(last.cleaning.duplicates[0].first_line, 3U);
  EXPECT_EQ(last.cleaning.duplicates[0].second_line, 5U);
  const auto first = read("duplicates.csv", DuplicatePolicy::kKeepFirst);
  EXPECT_EQ(values(first, "close"), (Values{1.0, 2.0, 3.0}));
  // Newest-first file: "last" still means the later line (line 4, close 2), not the later date order.
  const auto desc_last = read("duplicates_desc.csv", DuplicatePolicy::kKeepLast);
  EXPECT_EQ(values(desc_last, "close"), (Values{1.0, 2.0, 3.0}));
  const auto desc_first = read("duplicates_desc.csv", DuplicatePolicy::kKeepFirst);
  EXPECT_EQ(values(desc_first, "close"), (Values{1.0, 2.5, 3.0}));
  EXPECT_EQ(desc_first.cleaning.duplicates[0].first_line, 3U);
  EXPECT_EQ(desc_first.cleaning.duplicates[0].second_line, 4U);
}

TEST(ReadFixtures, MissingCellsForwardFilled) {
  const auto r = read("missing_cells.csv");
  // Row 2024-07-22 has no open and nothing before it: dropped. close and volume carry forward.
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-23", "2024-07-24", "2024-07-25", "2024-07-26"}));
  EXPECT_EQ(values(r, "close"), (Values{10.0, 10.0, 11.0, 11.25}));
  EXPECT_EQ(values(r, "volume"), (Values{200.0, 200.0, 200.0, 400.0}));
  EXPECT_EQ(values(r, "open"), (Values{10.0, 10.0, 10.5, 11.0}));
  EXPECT_EQ(r.cleaning.rows_dropped_leading, 1U);
  EXPECT_EQ(r.cleaning.missing_cells(), 5U);
  EXPECT_EQ(r.cleaning.filled_cells(), 4U);
  ASSERT_EQ(r.cleaning.columns.size(), 3U);
  EXPECT_EQ(r.cleaning.columns[0].column, "open");
  EXPECT_EQ(r.cleaning.columns[1].column, "close");
  EXPECT_EQ(r.cleaning.columns[1].missing, 2U);
  EXPECT_EQ(r.cleaning.columns[1].filled, 2U);
  EXPECT_EQ(r.cleaning.columns[1].first_missing, iso("2024-07-23"));
  EXPECT_EQ(r.cleaning.columns[2].column, "volume");
  EXPECT_EQ(r.cleaning.columns[2].missing, 2U);
}

TEST(ReadFixtures, MissingCellsDropped) {
  const auto r = read("missing_cells.csv", DuplicatePolicy::kError, FillPolicy::kDrop);
  EXPECT_EQ(dates(r), (std::vector<std::string>{"2024-07-26"}));
  EXPECT_EQ(r.cleaning.rows_dropped_missing, 4U);
  EXPECT_EQ(r.cleaning.filled_cells(), 0U);
}

TEST(ReadFixtures, MissingCellsMeanFilled) {
  const auto r = read("missing_cells.csv", DuplicatePolicy::kError, FillPolicy::kMean);
  EXPECT_EQ(r.series.size(), 5U);
  EXPECT_EQ(values(r, "close"),
            (Values{10.0, (10.0 + 11.0 + 11.25) / 3, (10.0 + 11.0 + 11.25) / 3, 11.0, 11.25}));
  EXPECT_EQ(values(r, "volume"), (Values{100.0, 200.0, 700.0 / 3, 700.0 / 3, 400.0}));
  EXPECT_EQ(r.cleaning.filled_cells(), 5U);
}

TEST(ReadFixtures, NonPositivePricesAreMissingAndCounted) {
  const auto r = read("non_positive.csv");
  EXPECT_EQ(values(r, "open"), (Values{10.0, 10.0, 10.0, 10.5, 11.0}));
  EXPECT_EQ(values(r, "close"), (Values{10.0, 10.25, 10.25, 11.0, 11.25}));
  EXPECT_EQ(values(r, "volume"), (Values{100.0, 200.0, 300.0, 300.0, 0.0}));  // a zero volume is valid
  EXPECT_EQ(r.cleaning.non_positive_cells(), 3U);
  EXPECT_EQ(r.cleaning.missing_cells(), 0U);
  EXPECT_EQ(r.cleaning.filled_cells(), 3U);
  ASSERT_EQ(r.cleaning.columns.size(), 3U);
  EXPECT_EQ(r.cleaning.columns[1].column, "close");
  EXPECT_EQ(r.cleaning.columns[1].first_non_positive, iso("2024-07-24"));
}

TEST(ReadFixtures, ColumnWithoutAnyPositivePriceIsDropped) {
  for (const auto fill : {FillPolicy::kForwardFill, FillPolicy::kDrop, FillPolicy::kMean}) {
    const auto r = read("zero_open_column.csv", DuplicatePolicy::kError, fill);
    EXPECT_EQ(r.series.column_names(), (Names{"close"}));
    EXPECT_EQ(values(r, "close"), (Values{1.0, 2.0}));
    ASSERT_EQ(r.cleaning.dropped_columns.size(), 1U);
    EXPECT_NE(r.cleaning.dropped_columns[0].find("no positive value"), std::string::npos);
    ASSERT_EQ(r.cleaning.columns.size(), 1U);
    EXPECT_EQ(r.cleaning.columns[0].non_positive, 2U);
  }
}

TEST(ReadFixtures, OhlcContradictionsAreWarnedNotChanged) {
  const auto r = read("ohlc_bad.csv");
  EXPECT_EQ(r.cleaning.ohlc.high_below_low, 1U);
  EXPECT_EQ(r.cleaning.ohlc.first_high_below_low, iso("2024-07-23"));
  EXPECT_EQ(r.cleaning.ohlc.close_outside_range, 3U);
  EXPECT_EQ(r.cleaning.ohlc.first_close_outside, iso("2024-07-23"));
  EXPECT_EQ(values(r, "close"), (Values{10.0, 9.2, 11.5, 9.9}));
  EXPECT_EQ(r.warnings.size(), 2U);
}

TEST(ReadFixtures, CalendarGapsReportedWithDates) {
  const auto r = read("gaps.csv");
  ASSERT_EQ(r.cleaning.gaps.size(), 2U);
  EXPECT_EQ(r.cleaning.gaps[0].from, iso("2024-07-02"));
  EXPECT_EQ(r.cleaning.gaps[0].to, iso("2024-07-12"));
  EXPECT_EQ(r.cleaning.gaps[0].days, 10);
  EXPECT_EQ(r.cleaning.gaps[1].days, 31);
  ReadOptions wide;
  wide.max_gap_days = 31;
  EXPECT_TRUE(read_prices(fixture("gaps.csv"), wide).cleaning.gaps.empty());
}

TEST(ReadFixtures, BlankLinesInsideAreSkippedAndCounted) {
  const auto r = read("blank_lines_inside.csv");
  EXPECT_EQ(r.series.size(), 3U);
  EXPECT_EQ(r.cleaning.blank_lines, 2U);
}

TEST(ReadFixtures, ExtraColumnsWithoutNumbersOrValuesAreDroppedAndReported) {
  const auto text = read("non_numeric_extra.csv");
  EXPECT_EQ(text.series.column_names(), (Names{"close", "volume"}));
  ASSERT_EQ(text.cleaning.dropped_columns.size(), 1U);
  EXPECT_NE(text.cleaning.dropped_columns[0].find("Ticker"), std::string::npos);
  const auto empty = read("empty_extra_column.csv");
  EXPECT_EQ(empty.series.column_names(), (Names{"close"}));
  ASSERT_EQ(empty.cleaning.dropped_columns.size(), 1U);
  EXPECT_NE(empty.cleaning.dropped_columns[0].find("no values"), std::string::npos);
}

TEST(ReadFixtures, QuotedFieldsWithEscapedQuotes) {
  const auto r = read("quoted_escaped.csv");
  EXPECT_EQ(values(r, "close"), (Values{10.5, 10.75}));
}

TEST(ReadFixtures, TickerOptionOverridesTheStem) {
  ReadOptions options;
  options.ticker = "XYZ";
  EXPECT_EQ(read_prices(fixture("date_close_only.csv"), options).series.ticker(), "XYZ");
}

TEST(ReadFixtures, DirectoryReadsPriceFilesAndSkipsOthers) {
  const auto dir = read_directory(fixture("dir_ok"));
  EXPECT_TRUE(dir.ok());
  ASSERT_EQ(dir.series.size(), 2U);
  EXPECT_EQ(dir.series[0].series.ticker(), "AAA");
  EXPECT_EQ(dir.series[1].series.ticker(), "BBB");
  ASSERT_EQ(dir.skipped.size(), 1U);
  EXPECT_EQ(dir.skipped[0].filename(), "README.md");
}

TEST(ReadFixtures, IsPriceFileName) {
  EXPECT_TRUE(is_price_file_name("a/GOOG.csv"));
  EXPECT_TRUE(is_price_file_name("ibm.us.txt"));
  EXPECT_TRUE(is_price_file_name("X.TSV"));
  EXPECT_TRUE(is_price_file_name("IBM.json"));
  EXPECT_FALSE(is_price_file_name("PROVENANCE.md"));
  EXPECT_FALSE(is_price_file_name(".hidden.csv"));
  EXPECT_FALSE(is_price_file_name("prices.csv.gz"));
}

}  // namespace
}  // namespace stockcast::data
