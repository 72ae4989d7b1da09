#include <gtest/gtest.h>

#include "stockcast/core/date.hpp"

namespace stockcast {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

TEST(Date, IsoRoundTrip) {
  const auto date = parse_iso_date("2024-07-26");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(*date, (Date{year{2024}, month{7}, day{26}}));
  EXPECT_EQ(to_string(*date), "2024-07-26");
}

TEST(Date, RejectsInvalidIso) {
  EXPECT_FALSE(parse_iso_date("2024-02-30").has_value());
  EXPECT_FALSE(parse_iso_date("2024-7-26").has_value());
  EXPECT_FALSE(parse_iso_date("26-07-2024").has_value());
  EXPECT_FALSE(parse_iso_date("").has_value());
}

TEST(Date, BusinessDaysSkipWeekends) {
  const Date friday{year{2024}, month{7}, day{26}};
  EXPECT_EQ(to_string(next_business_day(friday)), "2024-07-29");
  EXPECT_EQ(days_between(friday, next_business_day(friday)), 3);
  EXPECT_TRUE(is_weekend(add_days(friday, 1)));
  EXPECT_FALSE(is_weekend(friday));
}

}  // namespace
}  // namespace stockcast
