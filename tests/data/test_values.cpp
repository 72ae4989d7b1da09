#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "stockcast/data/values.hpp"
#include "table.hpp"

namespace stockcast::data {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

double number(std::string_view text, NumberStyle style = {}) {
  double value = std::nan("");
  EXPECT_EQ(parse_number(text, value, style), CellStatus::kValue) << text;
  return value;
}

TEST(ParseNumber, PlainAndDecorated) {
  EXPECT_EQ(number("123.45"), 123.45);
  EXPECT_EQ(number("  -0.5 "), -0.5);
  EXPECT_EQ(number("+3"), 3.0);
  EXPECT_EQ(number("1e3"), 1000.0);
  EXPECT_EQ(number("1,234.56"), 1234.56);
  EXPECT_EQ(number("1,234,567"), 1234567.0);
  EXPECT_EQ(number("$1,001.50"), 1001.5);
  EXPECT_EQ(number("12.5 \xE2\x82\xAC"), 12.5);  // €
  EXPECT_EQ(number("\xE2\x82\xB9"
                   "2,950.10"),
            2950.1);  // ₹
  EXPECT_EQ(number("\xC2\xA3"
                   "7"),
            7.0);  // £
  EXPECT_EQ(number("-1.25%"), -1.25);
}

TEST(ParseNumber, AgreesBitForBitWithFromChars) {
  // Plain decimals must come out as std::from_chars's correctly rounded double, bit for bit.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> digits(1, 17);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text = (trial % 3 == 0) ? "-" : "";
    const int before = digits(rng) % 8 + 1;
    const int after = digits(rng) - 1;
    for (int k = 0; k < before; ++k) text.push_back(static_cast<char>('0' + digit(rng)));
    if (after > 0 || trial % 5 == 0) text.push_back('.');
    for (int k = 0; k < after; ++k) text.push_back(static_cast<char>('0' + digit(rng)));
    double expected = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
    ASSERT_EQ(ec, std::errc{}) << text;
    ASSERT_EQ(ptr, text.data() + text.size()) << text;
    double actual = 0;
    ASSERT_EQ(parse_number(text, actual), CellStatus::kValue) << text;
    ASSERT_EQ(std::bit_cast<std::uint64_t>(actual), std::bit_cast<std::uint64_t>(expected)) << text;
  }
}

TEST(ParseNumber, VolumeSuffixesAreExactDecimalScaling) {
  EXPECT_EQ(number("1.23M"), 1230000.0);
  EXPECT_EQ(number("39.48M"), 39480000.0);
  EXPECT_EQ(number("850K"), 850000.0);
  EXPECT_EQ(number("850.50k"), 850500.0);
  EXPECT_EQ(number("2.1B"), 2100000000.0);
}

TEST(ParseNumber, DecimalComma) {
  const NumberStyle eu{.decimal_comma = true};
  EXPECT_EQ(number("1.234,56", eu), 1234.56);
  EXPECT_EQ(number("1,5", eu), 1.5);
  EXPECT_EQ(number("1.5", eu), 1.5);  // no comma: the dot is the decimal point
  double v = 0;
  EXPECT_EQ(parse_number("1.23,5", v, eu), CellStatus::kInvalid);  // dots must group three digits
}

TEST(ParseNumber, MissingMarkers) {
  for (const auto* text : {"", "   ", "null", "NULL", "-", "NaN", "nan", "NA", "N/A", "#N/A", "None", "--"}) {
    double v = 0;
    EXPECT_EQ(parse_number(text, v), CellStatus::kMissing) << "'" << text << "'";
    EXPECT_TRUE(is_missing_marker(text)) << text;
  }
}

TEST(ParseNumber, Invalid) {
  for (const auto* text :
       {"abc", "1.2.3", "12..5", "inf", "-inf", "1,23", "1,5", "0x10", "12 apples", "%", "$"}) {
    double v = 0;
    EXPECT_EQ(parse_number(text, v), CellStatus::kInvalid) << "'" << text << "'";
  }
}

std::optional<Date> date(std::string_view text, DayMonthOrder order = DayMonthOrder::kDayFirst) {
  return parse_date(text, order);
}

TEST(ParseDate, YearFirstLayouts) {
  EXPECT_EQ(date("2024-07-26"), ymd(2024, 7, 26));
  EXPECT_EQ(date("2021-1-4"), ymd(2021, 1, 4));
  EXPECT_EQ(date("2024/07/26"), ymd(2024, 7, 26));
  EXPECT_EQ(date("2024.07.26"), ymd(2024, 7, 26));
  EXPECT_EQ(date("20240726"), ymd(2024, 7, 26));
  EXPECT_EQ(date(" 2024-07-26 "), ymd(2024, 7, 26));
  EXPECT_EQ(date("2024-07-26 16:00:00"), ymd(2024, 7, 26));
  EXPECT_EQ(date("2024-07-26T00:00:00Z"), ymd(2024, 7, 26));
  EXPECT_EQ(date("2024-07-26 00:00:00-04:00"), ymd(2024, 7, 26));
  EXPECT_EQ(date("12024-01-01"), ymd(12024, 1, 1));  // five-digit years (synthetic benchmark files)
}

TEST(ParseDate, AmbiguousLayoutsFollowTheOrder) {
  const auto fields = parse_date_fields("07/08/2024");
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->layout, DateLayout::kAmbiguous);
  EXPECT_EQ(fields->first, 7U);
  EXPECT_EQ(fields->second, 8U);
  EXPECT_EQ(fields->separator, '/');
  EXPECT_EQ(to_date(*fields, DayMonthOrder::kDayFirst), ymd(2024, 8, 7));
  EXPECT_EQ(to_date(*fields, DayMonthOrder::kMonthFirst), ymd(2024, 7, 8));
  EXPECT_EQ(date("26-07-2024", DayMonthOrder::kDayFirst), ymd(2024, 7, 26));
  EXPECT_EQ(date("07/26/2024", DayMonthOrder::kMonthFirst), ymd(2024, 7, 26));
  EXPECT_EQ(date("26.07.2024"), ymd(2024, 7, 26));
  // Valid in one order only: the other order gives no date.
  EXPECT_EQ(date("26-07-2024", DayMonthOrder::kMonthFirst), std::nullopt);
  EXPECT_EQ(describe_layout(*fields, DayMonthOrder::kMonthFirst), "mm/dd/yyyy");
  EXPECT_EQ(describe_layout(*fields, DayMonthOrder::kDayFirst), "dd/mm/yyyy");
}

TEST(ParseDate, NamedMonthsAndChinese) {
  EXPECT_EQ(date("Jul 26, 2024"), ymd(2024, 7, 26));
  EXPECT_EQ(date("July 26 2024"), ymd(2024, 7, 26));
  EXPECT_EQ(date("Sept 3, 2024"), ymd(2024, 9, 3));
  EXPECT_EQ(date("26 Jul 2024"), ymd(2024, 7, 26));
  EXPECT_EQ(date("26-Jul-2024"), ymd(2024, 7, 26));
  EXPECT_EQ(date("Fri, Jul 26, 2024"), ymd(2024, 7, 26));
  EXPECT_EQ(date("2024\xE5\xB9\xB4"
                 "07\xE6\x9C\x88"
                 "26\xE6\x97\xA5"),
            ymd(2024, 7, 26));
  EXPECT_EQ(date("2024\xE5\xB9\xB4"
                 "7\xE6\x9C\x88"
                 "6\xE6\x97\xA5"),
            ymd(2024, 7, 6));
  EXPECT_EQ(describe_layout(*parse_date_fields("Jul 26, 2024"), DayMonthOrder::kDayFirst), "Mon d, yyyy");
  EXPECT_EQ(describe_layout(*parse_date_fields("26 Jul 2024"), DayMonthOrder::kDayFirst), "d Mon yyyy");
}

TEST(ParseDate, RejectsNonDates) {
  for (const auto* text : {"", "2024-13-01", "2024-02-30", "2023-02-29", "32/01/2024", "13/13/2024",
                           "26/07/24", "2024-07", "Foo 26, 2024", "Jul 32, 2024", "2024-07-26x", "1234567",
                           "abc", "0000-01-01", "2024-07-26 late", "2024年13月01日"}) {
    EXPECT_EQ(parse_date_fields(text), std::nullopt) << "'" << text << "'";
  }
  EXPECT_EQ(date("2024-02-29"), ymd(2024, 2, 29));
}

TEST(PackedDates, RoundTrip) {
  for (const auto* text :
       {"2024-07-26", "26/07/2024", "07.08.2024", "Jul 26, 2024", "26 Jul 2024", "20240726", "32767-12-31"}) {
    const auto fields = parse_date_fields(text);
    ASSERT_TRUE(fields) << text;
    const auto back = detail::unpack(detail::pack(*fields));
    EXPECT_EQ(back.year, fields->year) << text;
    EXPECT_EQ(back.first, fields->first) << text;
    EXPECT_EQ(back.second, fields->second) << text;
    EXPECT_EQ(back.layout, fields->layout) << text;
    if (fields->layout == DateLayout::kYearFirst || fields->layout == DateLayout::kAmbiguous) {
      EXPECT_EQ(back.separator, fields->separator) << text;  // kept only for numeric layouts
    }
    EXPECT_EQ(back.name_first, fields->name_first) << text;
  }
}

TEST(LineMap, MapsRowsAcrossJumps) {
  detail::LineMap lines(2);
  lines.note(0, 2);
  lines.note(1, 3);
  lines.note(2, 6);  // two blank lines before row 2
  lines.note(3, 7);
  EXPECT_EQ(lines.line_of(0), 2U);
  EXPECT_EQ(lines.line_of(1), 3U);
  EXPECT_EQ(lines.line_of(2), 6U);
  EXPECT_EQ(lines.line_of(3), 7U);
}

}  // namespace
}  // namespace stockcast::data
