#include <gtest/gtest.h>

#include <cmath>

#include "series_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/prep/features.hpp"

namespace stockcast::prep {
namespace {

TEST(Features, ParsesNamesAndRoundTrips) {
  const auto specs = parse_features("close,log_return,ma_10,vol_20,simple_return,ma_5:volume,my column");
  ASSERT_EQ(specs.size(), 7U);
  EXPECT_EQ(specs[0].kind, FeatureKind::kColumn);
  EXPECT_EQ(specs[0].column, "close");
  EXPECT_EQ(specs[1].kind, FeatureKind::kLogReturn);
  EXPECT_EQ(specs[2].kind, FeatureKind::kMovingAverage);
  EXPECT_EQ(specs[2].window, 10);
  EXPECT_EQ(specs[3].kind, FeatureKind::kVolatility);
  EXPECT_EQ(specs[3].window, 20);
  EXPECT_EQ(specs[5].column, "volume");
  EXPECT_EQ(specs[6].column, "my column");
  for (const auto& spec : specs) EXPECT_EQ(parse_feature(spec.name()), spec) << spec.name();
  EXPECT_EQ(parse_feature("return").kind, FeatureKind::kSimpleReturn);
  EXPECT_EQ(feature_names(specs)[5], "ma_5:volume");
}

TEST(Features, WarmupRows) {
  EXPECT_EQ(parse_feature("close").warmup_rows(), 0U);
  EXPECT_EQ(parse_feature("log_return").warmup_rows(), 1U);
  EXPECT_EQ(parse_feature("ma_10").warmup_rows(), 9U);
  EXPECT_EQ(parse_feature("vol_20").warmup_rows(), 20U);
  EXPECT_EQ(warmup_rows(parse_features("close,ma_10,log_return")), 9U);
}

TEST(Features, RejectsBadNames) {
  for (const char* text : {"", "ma_", "ma_x", "ma_0", "vol_1", "ma_10:", "close:open", "ma_-3", "vol_2.5"}) {
    EXPECT_THROW((void)parse_feature(text), InvalidInput) << text;
  }
  try {
    (void)parse_features("close,ma_10,close");
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("twice"), std::string::npos) << e.what();
  }
}

TEST(Features, DefaultIsOhlcvWithCloseTarget) {
  const FeatureOptions options;
  EXPECT_EQ(feature_names(options.features),
            (std::vector<std::string>{"open", "high", "low", "close", "volume"}));
  EXPECT_EQ(options.target, "close");
  const auto series = test::ohlcv(test::wavy_prices(10));
  const FeatureFrame frame = compute_features(series, options);
  EXPECT_EQ(frame.first_row, 0U);
  EXPECT_EQ(frame.series.size(), 10U);
  EXPECT_EQ(frame.series.column_names(), frame.feature_names);  // close is a feature: not added twice
  EXPECT_EQ(frame.series.column("volume")[3], series.column("volume")[3]);
}

TEST(Features, DerivedValuesByHand) {
  const std::vector<double> close = {10, 11, 12, 9, 10, 13};
  const auto series = test::ohlcv(close);
  FeatureOptions options;
  options.features = parse_features("log_return,simple_return,ma_3,vol_3");
  const FeatureFrame frame = compute_features(series, options);
  // vol_3 needs 3 returns -> 3 warm-up rows dropped; rows 3,4,5 remain.
  ASSERT_EQ(frame.first_row, 3U);
  ASSERT_EQ(frame.series.size(), 3U);
  EXPECT_EQ(frame.series.first_date(), series.date(3));
  EXPECT_EQ(frame.series.column_names().back(), "close");  // the target is carried along
  EXPECT_EQ(frame.series.column("close")[0], 9.0);
  EXPECT_NEAR(frame.series.column("log_return")[0], std::log(9.0 / 12.0), 1e-15);
  EXPECT_NEAR(frame.series.column("simple_return")[2], 13.0 / 10.0 - 1.0, 1e-15);
  EXPECT_NEAR(frame.series.column("ma_3")[0], (11.0 + 12.0 + 9.0) / 3.0, 1e-12);
  EXPECT_NEAR(frame.series.column("ma_3")[2], (9.0 + 10.0 + 13.0) / 3.0, 1e-12);
  // vol_3 at input row 5 uses the returns of rows 3, 4 and 5.
  const double r[3] = {std::log(9.0 / 12.0), std::log(10.0 / 9.0), std::log(13.0 / 10.0)};
  const double mean = (r[0] + r[1] + r[2]) / 3.0;
  const double var =
      ((r[0] - mean) * (r[0] - mean) + (r[1] - mean) * (r[1] - mean) + (r[2] - mean) * (r[2] - mean)) / 2.0;
  EXPECT_NEAR(frame.series.column("vol_3")[2], std::sqrt(var), 1e-14);
  for (const auto& name : frame.series.column_names()) {
    for (const double v : frame.series.column(name)) EXPECT_TRUE(std::isfinite(v)) << name;
  }
}

TEST(Features, NoLookAhead_ChangingAFutureValueLeavesEarlierFeaturesUnchanged) {
  const std::vector<double> base = test::wavy_prices(120);
  FeatureOptions options;
  options.features = parse_features("close,log_return,simple_return,ma_10,vol_20,ma_5:volume");
  const FeatureFrame reference = compute_features(test::ohlcv(base), options);
  for (const std::size_t changed : {30U, 64U, 119U}) {
    std::vector<double> modified = base;
    modified[changed] *= 1.5;
    const FeatureFrame frame = compute_features(test::ohlcv(modified), options);
    for (const auto& name : frame.feature_names) {
      const auto a = reference.series.column(name);
      const auto b = frame.series.column(name);
      for (std::size_t r = 0; r + frame.first_row < changed; ++r) {
        EXPECT_EQ(a[r], b[r]) << name << " at input row " << r + frame.first_row << " changed by row "
                              << changed;
      }
    }
    // ...while the feature at the changed row itself does see it.
    const std::size_t row = changed - reference.first_row;
    EXPECT_NE(reference.series.column("ma_10")[row], frame.series.column("ma_10")[row]);
  }
}

TEST(Features, ErrorsNameTheProblem) {
  const auto series = test::ohlcv({10, 11, 0.0, 12});
  FeatureOptions options;
  options.features = parse_features("log_return");
  try {
    (void)compute_features(series, options);
    FAIL();
  } catch (const InvalidInput& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("row 2"), std::string::npos) << message;
    EXPECT_NE(message.find("2024-01-04"), std::string::npos) << message;
  }
  options.features = parse_features("close,adj_close");
  try {
    (void)compute_features(series, options);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("adj_close"), std::string::npos) << e.what();
  }
  options.features = parse_features("ma_10");
  try {
    (void)compute_features(series, options);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("warm-up"), std::string::npos) << e.what();
  }
  options.features.clear();
  EXPECT_THROW((void)compute_features(series, options), InvalidInput);
}

TEST(Features, PriceLikeDecidesPerWindowNormalisation) {
  EXPECT_TRUE(parse_feature("open").is_price_like("close"));
  EXPECT_TRUE(parse_feature("ma_10").is_price_like("close"));
  EXPECT_FALSE(parse_feature("volume").is_price_like("close"));
  EXPECT_FALSE(parse_feature("ma_5:volume").is_price_like("close"));
  EXPECT_FALSE(parse_feature("log_return").is_price_like("close"));
  EXPECT_FALSE(parse_feature("vol_20").is_price_like("close"));
  EXPECT_TRUE(parse_feature("price").is_price_like("price"));
}

}  // namespace
}  // namespace stockcast::prep
