#include <gtest/gtest.h>

#include "stockcast/core/error.hpp"
#include "stockcast/prep/folds.hpp"

namespace stockcast::prep {
namespace {

TEST(Folds, RollingFixedTrainLengthStepsByValidationLength) {
  const auto folds = rolling_folds({0, 240}, {.train_length = 200, .valid_length = 10});
  ASSERT_EQ(folds.size(), 4U);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(folds[k].train, (RowRange{10 * k, 200 + 10 * k}));
    EXPECT_EQ(folds[k].valid, (RowRange{200 + 10 * k, 210 + 10 * k}));
  }
}

TEST(Folds, RollingWithStrideAndOffsetRange) {
  const auto folds = rolling_folds({5, 40}, {.train_length = 10, .valid_length = 5, .stride = 3});
  // starts 5, 8, ..., last start s with s + 15 <= 40 -> s <= 25: 5, 8, 11, 14, 17, 20, 23
  ASSERT_EQ(folds.size(), 7U);
  EXPECT_EQ(folds.front().train, (RowRange{5, 15}));
  EXPECT_EQ(folds.back().valid, (RowRange{33, 38}));
  for (const auto& fold : folds) {
    EXPECT_EQ(fold.train.size(), 10U);
    EXPECT_EQ(fold.valid.begin, fold.train.end);
    EXPECT_LE(fold.valid.end, 40U);
  }
}

TEST(Folds, ExpandingGrowsFromTheFirstRow) {
  const auto folds = expanding_folds({0, 235}, {.initial_train_length = 200, .valid_length = 10});
  ASSERT_EQ(folds.size(), 3U);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(folds[k].train, (RowRange{0, 200 + 10 * k}));
    EXPECT_EQ(folds[k].valid, (RowRange{200 + 10 * k, 210 + 10 * k}));
  }
}

TEST(Folds, MaxFoldsKeepsTheLatest) {
  const auto all = expanding_folds({0, 100}, {.initial_train_length = 50, .valid_length = 5});
  const auto last =
      expanding_folds({0, 100}, {.initial_train_length = 50, .valid_length = 5, .max_folds = 2});
  ASSERT_EQ(all.size(), 10U);
  ASSERT_EQ(last.size(), 2U);
  EXPECT_EQ(last[1].valid, all.back().valid);
  EXPECT_EQ(last[0].valid, all[8].valid);
}

TEST(Folds, TooShortSeriesNamesTheNeededRows) {
  try {
    (void)rolling_folds({0, 150}, {.train_length = 200, .valid_length = 10});
    FAIL();
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("150 rows"), std::string::npos) << message;
    EXPECT_NE(message.find("at least 210"), std::string::npos) << message;
  }
  EXPECT_THROW((void)expanding_folds({0, 100}, {.initial_train_length = 95, .valid_length = 10}),
               InvalidInput);
  EXPECT_THROW((void)rolling_folds({0, 100}, {.train_length = 0}), InvalidInput);
  EXPECT_THROW((void)expanding_folds({0, 100}, {.initial_train_length = 10, .valid_length = 0}),
               InvalidInput);
}

}  // namespace
}  // namespace stockcast::prep
