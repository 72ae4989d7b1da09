// The whole preprocessing chain on a bundled real series (GOOG, Kaggle "Stock Market Data").
#include <gtest/gtest.h>

#include <algorithm>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/prep/features.hpp"
#include "stockcast/prep/scaler.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/prep/window.hpp"
#include "test_paths.hpp"

namespace stockcast::prep {
namespace {

TEST(PipelineOnRealData, WindowCountsAndTrainOnlyScaling) {
  const PriceSeries prices = data::read_prices(test::data_file("kaggle_stock_market_data/GOOG.csv")).series;
  const FeatureFrame frame = compute_features(prices, FeatureOptions{});
  ASSERT_EQ(frame.series.size(), prices.size());
  const Split split = split_by_fractions(frame.series.size(), SplitFractions{});
  const Scaler scaler = fit_scaler(ScalerKind::kMinMax, frame, split.train);

  // The scaler's range is the training part's, and GOOG's test period lies above all of it: with a
  // scaler fitted on the whole series this would have been hidden from the model's scale.
  const auto close = frame.series.close();
  const auto train_max =
      *std::max_element(close.begin(), close.begin() + static_cast<std::ptrdiff_t>(split.train.end));
  const auto test_min =
      *std::min_element(close.begin() + static_cast<std::ptrdiff_t>(split.test.begin), close.end());
  EXPECT_EQ(scaler.column("close").max, train_max);
  EXPECT_GT(test_min, train_max);
  EXPECT_GT(scaler.transform("close", test_min), 1.0);

  const WindowOptions options;  // window 30, horizon 1
  const auto train = make_windows<float>(frame, scaler, options, split.train);
  const auto valid = make_windows<float>(frame, scaler, options, split.valid);
  const auto test = make_windows<float>(frame, scaler, options, split.test);
  EXPECT_EQ(train.size(), split.train.size() - 30);  // first origin 29, last train.end - 2
  EXPECT_EQ(valid.size(), split.valid.size());       // every validation day is a target once
  EXPECT_EQ(test.size(), split.test.size());
  EXPECT_EQ(test.target_date(test.size() - 1, 0), prices.last_date());
  EXPECT_EQ(train.inputs().size(), train.size() * 30 * 5);

  // Per-window normalisation keeps test inputs in the range seen in training.
  const WindowOptions relative{.normalization = WindowNormalization::kLastValue};
  const auto rel_train = make_windows<float>(frame, scaler, relative, split.train);
  const auto rel_test = make_windows<float>(frame, scaler, relative, split.test);
  const auto close_input_extent = [](const WindowDataset<float>& d) {
    float lo = 0;
    float hi = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      for (std::size_t t = 0; t < d.window(); ++t) {
        lo = std::min(lo, d.input(i)[t * d.n_features() + 3]);
        hi = std::max(hi, d.input(i)[t * d.n_features() + 3]);
      }
    }
    return std::pair{lo, hi};
  };
  const auto [train_lo, train_hi] = close_input_extent(rel_train);
  const auto [test_lo, test_hi] = close_input_extent(rel_test);
  EXPECT_GE(test_lo, 2 * train_lo);
  EXPECT_LE(test_hi, 2 * train_hi);
}

}  // namespace
}  // namespace stockcast::prep
