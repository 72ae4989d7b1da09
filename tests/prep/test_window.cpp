#include <gtest/gtest.h>

#include <cmath>

#include "series_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/prep/window.hpp"

namespace stockcast::prep {
namespace {

FeatureFrame close_volume_frame(const std::vector<double>& close) {
  FeatureOptions options;
  options.features = parse_features("close,volume");
  return compute_features(test::ohlcv(close), options);
}

TEST(Window, OriginsOfAPartKeepTargetsInsideIt) {
  const WindowOptions options{.window = 5, .horizon = 3};
  // Train part [0, 20): first origin 4 (needs 5 rows), last origin 16 (targets 17..19).
  const auto train = window_origins({0, 20}, options);
  ASSERT_EQ(train.size(), 13U);
  EXPECT_EQ(train.front(), 4U);
  EXPECT_EQ(train.back(), 16U);
  // Valid part [20, 30): the first window ends at row 19 (targets 20..22); the last targets end at 29.
  const auto valid = window_origins({20, 30}, options);
  EXPECT_EQ(valid.front(), 19U);
  EXPECT_EQ(valid.back(), 26U);
  // Without crossing, the lookback must start inside the part too.
  const auto strict = window_origins({20, 30}, options, /*lookback_may_cross=*/false);
  EXPECT_EQ(strict.front(), 24U);
  EXPECT_EQ(strict.back(), 26U);
  EXPECT_TRUE(window_origins({20, 22}, options).empty());  // shorter than the horizon
}

TEST(Window, TargetsNeverCrossIntoTheNextPart) {
  const FeatureFrame frame = close_volume_frame(test::wavy_prices(200));
  const Split split = split_by_fractions(frame.series.size(), SplitFractions{});
  for (const int horizon : {1, 2, 5}) {
    const WindowOptions options{.window = 30, .horizon = horizon};
    for (const RowRange part : {split.train, split.valid, split.test}) {
      const auto data = make_windows<double>(frame, Scaler{}, options, part);
      ASSERT_FALSE(data.empty());
      for (std::size_t i = 0; i < data.size(); ++i) {
        const std::size_t o = data.origin(i);
        // Every target row lies in the part ...
        EXPECT_GE(o + 1, part.begin);
        EXPECT_LE(o + static_cast<std::size_t>(horizon), part.end - 1);
        EXPECT_EQ(data.target_date(i, 0), frame.series.date(o + 1));
        // ... and equals the close of that row (identity scaler).
        for (int k = 0; k < horizon; ++k) {
          EXPECT_EQ(data.target(i)[static_cast<std::size_t>(k)],
                    frame.series.close()[o + 1 + static_cast<std::size_t>(k)]);
        }
      }
      // The last window's last target is exactly the part's last row: every target row is used.
      EXPECT_EQ(data.origin(data.size() - 1) + static_cast<std::size_t>(horizon), part.end - 1);
      // The first window of a later part reaches back into the previous one.
      if (part.begin > 0) {
        EXPECT_EQ(data.origin(0), part.begin - 1);
        EXPECT_LT(data.origin(0) + 1 - 30, part.begin);
      }
    }
  }
}

TEST(Window, ContiguousRowMajorLayout) {
  const std::vector<double> close = test::wavy_prices(40);
  const FeatureFrame frame = close_volume_frame(close);
  const WindowOptions options{.window = 4, .horizon = 2};
  const auto data = make_windows<float>(frame, Scaler{}, options, {0, 40});
  EXPECT_EQ(data.window(), 4U);
  EXPECT_EQ(data.n_features(), 2U);
  EXPECT_EQ(data.horizon(), 2U);
  ASSERT_EQ(data.size(), 40U - 4U - 2U + 1U);
  EXPECT_EQ(data.inputs().size(), data.size() * 4 * 2);
  EXPECT_EQ(data.targets().size(), data.size() * 2);
  const auto volume = frame.series.column("volume");
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::size_t first = data.origin(i) - 3;
    for (std::size_t t = 0; t < 4; ++t) {
      // [window, time, feature] flattened: index (i * 4 + t) * 2 + f
      EXPECT_EQ(data.inputs()[(i * 4 + t) * 2 + 0], static_cast<float>(close[first + t]));
      EXPECT_EQ(data.inputs()[(i * 4 + t) * 2 + 1], static_cast<float>(volume[first + t]));
    }
    EXPECT_EQ(data.input(i).data(), data.inputs().data() + i * 8);  // views into the one array
    EXPECT_EQ(data.origin_date(i), frame.series.date(data.origin(i)));
  }
}

TEST(Window, GlobalScalerAndExactInverse) {
  const FeatureFrame frame = close_volume_frame(test::wavy_prices(200));
  const Split split = split_by_fractions(frame.series.size(), SplitFractions{});
  const Scaler scaler = fit_scaler(ScalerKind::kMinMax, frame, split.train);
  const auto close = frame.series.close();
  const auto data = make_windows<double>(frame, scaler, {.window = 10, .horizon = 1}, split.test);
  for (std::size_t i = 0; i < data.size(); ++i) {
    const double price = close[data.origin(i) + 1];
    EXPECT_NEAR(data.to_price(i, data.target(i)[0]), price, 1e-12 * price);
    EXPECT_EQ(data.target_scale(i), scaler.column("close").scale);
    EXPECT_EQ(data.input(i)[9 * 2 + 1],
              scaler.transform("volume", frame.series.column("volume")[data.origin(i)]));
  }
  // The float dataset holds the same values rounded to float.
  const auto single = make_windows<float>(frame, scaler, {.window = 10, .horizon = 1}, split.test);
  ASSERT_EQ(single.size(), data.size());
  for (std::size_t j = 0; j < data.inputs().size(); ++j) {
    EXPECT_EQ(single.inputs()[j], static_cast<float>(data.inputs()[j]));
  }
}

TEST(Window, PerWindowNormalisationLastAndFirst) {
  const std::vector<double> close = test::wavy_prices(60);
  FeatureOptions feature_options;
  feature_options.features = parse_features("open,close,volume,log_return");
  const FeatureFrame frame = compute_features(test::ohlcv(close), feature_options);
  const Scaler scaler = fit_scaler(ScalerKind::kZScore, frame, {0, 40});
  const auto fc = frame.series.close();
  const auto fo = frame.series.column("open");
  const auto fr = frame.series.column("log_return");
  for (const auto norm : {WindowNormalization::kLastValue, WindowNormalization::kFirstValue}) {
    const WindowOptions options{.window = 5, .horizon = 2, .normalization = norm};
    const auto data = make_windows<double>(frame, scaler, options, {0, 59});
    for (std::size_t i = 0; i < data.size(); ++i) {
      const std::size_t o = data.origin(i);
      const double ref = norm == WindowNormalization::kLastValue ? fc[o] : fc[o - 4];
      const auto in = data.input(i);
      EXPECT_NEAR(in[0 * 4 + 0], fo[o - 4] / ref - 1.0, 1e-15);  // open: relative to the reference close
      EXPECT_NEAR(in[4 * 4 + 1], fc[o] / ref - 1.0, 1e-15);      // close
      EXPECT_EQ(in[2 * 4 + 3], scaler.transform("log_return", fr[o - 2]));  // returns: global scaler
      if (norm == WindowNormalization::kLastValue) {
        EXPECT_EQ(in[4 * 4 + 1], 0.0);
      }
      if (norm == WindowNormalization::kFirstValue) {
        EXPECT_EQ(in[0 * 4 + 1], 0.0);  // paper B: (p - p0) / p0
      }
      for (std::size_t k = 0; k < 2; ++k) {
        const double price = fc[o + 1 + k];
        EXPECT_NEAR(data.target(i)[k], price / ref - 1.0, 1e-15);
        EXPECT_NEAR(data.to_price(i, data.target(i)[k]), price, 1e-12 * price);
        EXPECT_NEAR(data.from_price(i, price), data.target(i)[k], 1e-15);
      }
    }
  }
}

TEST(Window, InferenceWindowsWithoutTargets) {
  const FeatureFrame frame = close_volume_frame(test::wavy_prices(50));
  const std::size_t last = frame.series.size() - 1;
  const std::vector<std::size_t> origins = {last};
  const auto data = build_windows<float>(frame, Scaler{}, {.window = 30, .horizon = 5}, origins, false);
  ASSERT_EQ(data.size(), 1U);
  EXPECT_FALSE(data.has_targets());
  EXPECT_TRUE(data.targets().empty());
  EXPECT_THROW((void)data.target(0), InvalidInput);
  EXPECT_EQ(data.input(0)[29 * 2], static_cast<float>(frame.series.close()[last]));
}

TEST(Window, ErrorsNameTheOrigin) {
  const FeatureFrame frame = close_volume_frame(test::wavy_prices(50));
  const std::vector<std::size_t> early = {10};
  try {
    (void)build_windows<float>(frame, Scaler{}, {.window = 30}, early, true);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("row 10"), std::string::npos) << e.what();
  }
  const std::vector<std::size_t> late = {49};
  EXPECT_THROW((void)build_windows<float>(frame, Scaler{}, {.window = 30}, late, true), InvalidInput);
  EXPECT_THROW((void)make_windows<float>(frame, Scaler{}, {.window = 0}, {0, 50}), InvalidInput);
  const Scaler only_close = Scaler::fit(ScalerKind::kMinMax, frame.series, {"close"});
  EXPECT_THROW((void)make_windows<float>(frame, only_close, {.window = 3}, {0, 50}), InvalidInput);
  EXPECT_EQ(parse_window_normalization("first"), WindowNormalization::kFirstValue);
  EXPECT_THROW((void)parse_window_normalization("median"), InvalidInput);
}

}  // namespace
}  // namespace stockcast::prep
