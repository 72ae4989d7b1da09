#include <gtest/gtest.h>

#include "series_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::prep {
namespace {

TEST(Split, DefaultFractionsAre70_15_15) {
  const Split split = split_by_fractions(100, SplitFractions{});
  EXPECT_EQ(split.train, (RowRange{0, 70}));
  EXPECT_EQ(split.valid, (RowRange{70, 85}));
  EXPECT_EQ(split.test, (RowRange{85, 100}));
}

TEST(Split, PartsAreConsecutiveAndCoverEveryRow) {
  for (std::size_t n = 20; n < 400; n += 7) {
    const Split split = split_by_fractions(n, {0.6, 0.25, 0.15});
    EXPECT_EQ(split.train.begin, 0U);
    EXPECT_EQ(split.train.end, split.valid.begin);
    EXPECT_EQ(split.valid.end, split.test.begin);
    EXPECT_EQ(split.test.end, n);
    EXPECT_FALSE(split.test.empty());
  }
}

TEST(Split, ParsesThreeOrTwoFractions) {
  const auto three = parse_split_fractions("0.7, 0.15,0.15");
  EXPECT_DOUBLE_EQ(three.train, 0.7);
  EXPECT_DOUBLE_EQ(three.valid, 0.15);
  EXPECT_DOUBLE_EQ(three.test, 0.15);
  const auto two = parse_split_fractions("0.8,0.2");
  EXPECT_DOUBLE_EQ(two.valid, 0.0);
  const Split split = split_by_fractions(10, two);
  EXPECT_EQ(split.train, (RowRange{0, 8}));
  EXPECT_TRUE(split.valid.empty());
  EXPECT_EQ(split.test, (RowRange{8, 10}));
}

TEST(Split, RejectsBadFractionsNamingTheOption) {
  for (const char* text : {"0.7,0.2", "0.7,0.2,0.2", "a,0.5,0.5", "0.5,0.5,0", "-0.1,0.6,0.5", "1", "",
                           "0.5,,0.5", "0.7,0.15,0.15,0"}) {
    try {
      (void)parse_split_fractions(text, "--split");
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find("--split"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW((void)split_by_fractions(100, {0.5, 0.5, 0.5}), InvalidInput);
}

TEST(Split, ByDates) {
  const auto series = test::ohlcv(test::wavy_prices(30));
  const Split split = split_by_dates(series, series.date(20), series.date(25));
  EXPECT_EQ(split.train, (RowRange{0, 20}));
  EXPECT_EQ(split.valid, (RowRange{20, 25}));
  EXPECT_EQ(split.test, (RowRange{25, 30}));
  // A date on a weekend starts the part at the next trading day.
  const Date saturday = *parse_iso_date("2024-01-06");
  EXPECT_EQ(split_by_dates(series, saturday, series.date(25)).valid.begin, 4U);  // Mon 2024-01-08
  EXPECT_THROW((void)split_by_dates(series, series.date(25), series.date(20)), InvalidInput);
  EXPECT_THROW((void)split_by_dates(series, series.date(0), series.date(20)), InvalidInput);
  EXPECT_THROW((void)split_by_dates(series, series.date(20), add_days(series.last_date(), 1)), InvalidInput);
}

TEST(Split, MinimumRowsForDefaultWindow) {
  // Train needs window + horizon = 31 rows: floor(0.7 n) >= 31 first holds at n = 45.
  EXPECT_EQ(minimum_rows(SplitFractions{}, 30, 1), 45U);
  const SplitFractions fractions;
  EXPECT_NO_THROW(check_split_fits(split_by_fractions(45, fractions), fractions, 30, 1, 0, "info"));
  try {
    check_split_fits(split_by_fractions(44, fractions), fractions, 30, 1, 0, "info");
    FAIL() << "44 rows accepted";
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("at least 45 rows"), std::string::npos) << message;
    EXPECT_NE(message.find("info"), std::string::npos) << message;
  }
}

TEST(Split, MinimumRowsIsReallyMinimal) {
  for (const int window : {1, 5, 30, 60}) {
    for (const int horizon : {1, 5}) {
      const SplitFractions fractions{0.7, 0.15, 0.15};
      const std::size_t n = minimum_rows(fractions, window, horizon);
      EXPECT_NO_THROW(check_split_fits(split_by_fractions(n, fractions), fractions, window, horizon, 0, "t"));
      for (std::size_t smaller = 3; smaller < n; ++smaller) {
        bool fits = true;
        try {
          check_split_fits(split_by_fractions(smaller, fractions), fractions, window, horizon, 0, "t");
        } catch (const InvalidInput&) {
          fits = false;
        }
        EXPECT_FALSE(fits) << smaller << " rows fit window " << window << " horizon " << horizon;
      }
    }
  }
}

TEST(Split, MinimumIncludesFeatureWarmup) {
  const SplitFractions fractions;
  try {
    check_split_fits(split_by_fractions(44, fractions), fractions, 30, 1, 20, "train");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("at least 65 rows"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("warm-up"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace stockcast::prep
