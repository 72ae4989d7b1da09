#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "stockcast/core/error.hpp"
#include "stockcast/io/csv_table.hpp"

namespace stockcast::io {
namespace {

TEST(CsvTable, ParsesHeaderRowsQuotesAndBlankLines) {
  const auto table =
      parse_csv_table("model,mse\r\n\"lstm, big\",0.5\n\n\"say \"\"hi\"\"\",\nnaive,1e-3\n", "t.csv");
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table.header(), (std::vector<std::string>{"model", "mse"}));
  EXPECT_EQ(table.cell(0, 0), "lstm, big");
  EXPECT_EQ(table.cell(1, 0), "say \"hi\"");
  EXPECT_EQ(table.line(2), 5u);
  const auto mse = table.numbers("mse");
  EXPECT_DOUBLE_EQ(mse[0], 0.5);
  EXPECT_TRUE(std::isnan(mse[1]));
  EXPECT_DOUBLE_EQ(mse[2], 1e-3);
}

TEST(CsvTable, QuotedNewlineKeepsLineNumbers) {
  const auto table = parse_csv_table("a,b\n\"x\ny\",1\nz,oops\n", "q.csv");
  EXPECT_EQ(table.cell(0, 0), "x\ny");
  try {
    (void)table.numbers("b");
    FAIL() << "expected FormatError";
  } catch (const FormatError& e) {
    EXPECT_STREQ(e.what(), "q.csv: line 4, column 'b': 'oops' is not a number");
  }
}

TEST(CsvTable, ErrorsNameThePlace) {
  EXPECT_THROW((void)parse_csv_table("", "e.csv"), FormatError);
  EXPECT_THROW((void)parse_csv_table("a,b\n1,2,3\n", "w.csv"), FormatError);
  EXPECT_THROW((void)parse_csv_table("a,a\n1,2\n", "d.csv"), FormatError);
  EXPECT_THROW((void)parse_csv_table("a,b\n\"1,2\n", "u.csv"), FormatError);
  const auto table = parse_csv_table("date,n\n2024-02-30,-1\n", "x.csv");
  EXPECT_THROW((void)table.dates("date"), FormatError);
  EXPECT_THROW((void)table.integer(0, 1), FormatError);
  try {
    (void)table.column_index("close");
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("columns present: date, n"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)read_csv_table("/nonexistent/stockcast/x.csv"), IoError);
}

TEST(CsvWriter, RoundTripsNumbersExactlyAndQuotes) {
  std::ostringstream out;
  CsvWriter csv(out);
  const double third = 1.0 / 3.0;
  csv.row({"name", "value", "date", "n"});
  csv.cell("a,\"b\"")
      .cell(third)
      .cell(Date{std::chrono::year{2024}, std::chrono::July, std::chrono::day{5}})
      .cell(7);
  csv.end_row();
  csv.cell("missing").cell(std::nan("")).cell("x").cell(std::size_t{0}).end_row();
  EXPECT_EQ(out.str().substr(0, 22), "name,value,date,n\n\"a,\"");
  const auto table = parse_csv_table(out.str(), "rt.csv");
  EXPECT_EQ(table.cell(0, 0), "a,\"b\"");
  EXPECT_EQ(table.number(0, 1), third);
  EXPECT_EQ(table.cell(0, 2), "2024-07-05");
  EXPECT_EQ(table.integer(0, 3), 7);
  EXPECT_EQ(table.cell(1, 1), "");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-INFINITY), "-inf");
}

}  // namespace
}  // namespace stockcast::io
