#include <gtest/gtest.h>

#include "stockcast/core/error.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast {
namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

PriceSeries sample() {
  return PriceSeries("TEST", {d("2024-01-02"), d("2024-01-03"), d("2024-01-04"), d("2024-01-05")},
                     {Column{"close", {10, 11, 12, 13}}, Column{"volume", {100, 200, 300, 400}}});
}

TEST(PriceSeries, HoldsColumnsByName) {
  const auto series = sample();
  EXPECT_EQ(series.size(), 4U);
  EXPECT_EQ(series.close()[2], 12.0);
  EXPECT_EQ(series.column("volume")[0], 100.0);
  EXPECT_TRUE(series.has_column("close"));
  EXPECT_FALSE(series.has_column("open"));
}

TEST(PriceSeries, MissingColumnListsColumnsPresent) {
  const auto series = sample();
  try {
    (void)series.column("open");
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("close, volume"), std::string::npos) << e.what();
  }
}

TEST(PriceSeries, RejectsUnsortedOrDuplicateDates) {
  EXPECT_THROW(PriceSeries("X", {d("2024-01-03"), d("2024-01-02")}, {Column{"close", {1, 2}}}), InvalidInput);
  EXPECT_THROW(PriceSeries("X", {d("2024-01-02"), d("2024-01-02")}, {Column{"close", {1, 2}}}), InvalidInput);
  EXPECT_THROW(PriceSeries("X", {d("2024-01-02")}, {Column{"close", {1, 2}}}), InvalidInput);
}

TEST(PriceSeries, SlicesShareStorage) {
  const auto series = sample();
  const auto middle = series.slice(1, 3);
  EXPECT_EQ(middle.size(), 2U);
  EXPECT_EQ(middle.first_date(), d("2024-01-03"));
  EXPECT_EQ(middle.close().data(), series.close().data() + 1);
  const auto nested = middle.slice(1, 2);
  EXPECT_EQ(nested.close()[0], 12.0);
  EXPECT_THROW((void)series.slice(2, 5), InvalidInput);
}

TEST(PriceSeries, SliceByDatesIsInclusive) {
  const auto series = sample();
  const auto part = series.slice_dates(d("2024-01-03"), d("2024-01-04"));
  ASSERT_EQ(part.size(), 2U);
  EXPECT_EQ(part.last_date(), d("2024-01-04"));
  EXPECT_TRUE(series.slice_dates(d("2025-01-01"), d("2025-02-01")).empty());
}

TEST(PriceSeries, WithColumnAndSelect) {
  const auto series = sample().slice(1, 4);
  const auto extended = series.with_column(Column{"x", {1, 2, 3}});
  EXPECT_EQ(extended.column("x")[2], 3.0);
  EXPECT_EQ(extended.close()[0], 11.0);
  const auto only_close = extended.select({"close"});
  EXPECT_EQ(only_close.column_names().size(), 1U);
  EXPECT_THROW((void)series.with_column(Column{"x", {1}}), InvalidInput);
}

}  // namespace
}  // namespace stockcast
