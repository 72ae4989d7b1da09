#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "series_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/prep/scaler.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::prep {
namespace {

TEST(Scaler, MinMaxIsFittedOnTheTrainingPartOnly) {
  std::vector<double> close = test::wavy_prices(200);
  const auto series = test::ohlcv(close);
  const Split split = split_by_fractions(series.size(), SplitFractions{});
  const auto train = series.slice(split.train.begin, split.train.end);
  const Scaler scaler = Scaler::fit(ScalerKind::kMinMax, train, {"close", "volume"});
  const auto train_close = train.column("close");
  const ColumnScaling c = scaler.column("close");
  EXPECT_EQ(c.min, *std::min_element(train_close.begin(), train_close.end()));
  EXPECT_EQ(c.max, *std::max_element(train_close.begin(), train_close.end()));
  EXPECT_EQ(c.n, split.train.size());
  EXPECT_EQ(scaler.transform("close", c.min), 0.0);
  EXPECT_EQ(scaler.transform("close", c.max), 1.0);

  // Changing every value after the training part (even wildly) does not move the scaler.
  for (std::size_t i = split.train.end; i < close.size(); ++i) close[i] = 1e6 + static_cast<double>(i);
  const auto changed = test::ohlcv(close);
  const Scaler refit = Scaler::fit(ScalerKind::kMinMax, changed.slice(split.train.begin, split.train.end),
                                   {"close", "volume"});
  EXPECT_EQ(refit.to_json(), scaler.to_json());
  // Test-period values above the training range map above 1 (no clipping, no leakage).
  EXPECT_GT(refit.transform("close", close.back()), 1.0);
}

TEST(Scaler, SymmetricMinMaxAndZScore) {
  const auto series = test::ohlcv({2, 4, 6, 8, 10});
  const Scaler sym = Scaler::fit(ScalerKind::kMinMaxSymmetric, series, {"close"});
  EXPECT_EQ(sym.transform("close", 2), -1.0);
  EXPECT_EQ(sym.transform("close", 6), 0.0);
  EXPECT_EQ(sym.transform("close", 10), 1.0);
  const Scaler z = Scaler::fit(ScalerKind::kZScore, series, {"close"});
  // mean 6, sample sd sqrt(40 / 4) = sqrt(10)
  EXPECT_DOUBLE_EQ(z.column("close").mean, 6.0);
  EXPECT_DOUBLE_EQ(z.column("close").sd, std::sqrt(10.0));
  EXPECT_DOUBLE_EQ(z.transform("close", 10), 4.0 / std::sqrt(10.0));
  const Scaler none = Scaler::fit(ScalerKind::kNone, series, {"close"});
  EXPECT_EQ(none.transform("close", 123.25), 123.25);
  const Scaler identity;
  EXPECT_EQ(identity.transform("anything", 7.5), 7.5);
}

TEST(Scaler, InverseIsExactBackToPrices) {
  const auto series = test::ohlcv(test::wavy_prices(300, 250.0));
  for (const ScalerKind kind :
       {ScalerKind::kNone, ScalerKind::kMinMax, ScalerKind::kMinMaxSymmetric, ScalerKind::kZScore}) {
    const Scaler scaler = Scaler::fit(kind, series.slice(0, 200), {"close", "volume"});
    const auto close = series.column("close");
    std::vector<double> scaled(close.size());
    std::vector<double> back(close.size());
    scaler.transform("close", close, scaled);
    scaler.inverse("close", scaled, back);
    for (std::size_t i = 0; i < close.size(); ++i) {
      EXPECT_NEAR(back[i], close[i], 1e-12 * close[i]) << to_string(kind) << " row " << i;
    }
  }
}

TEST(Scaler, ConstantColumnDoesNotDivideByZero) {
  const PriceSeries series("C", test::business_days(4), {Column{"close", {5, 5, 5, 5}}});
  for (const ScalerKind kind : {ScalerKind::kMinMax, ScalerKind::kMinMaxSymmetric, ScalerKind::kZScore}) {
    const Scaler scaler = Scaler::fit(kind, series, {"close"});
    EXPECT_EQ(scaler.column("close").scale, 1.0) << to_string(kind);
    EXPECT_EQ(scaler.transform("close", 5.0), 0.0) << to_string(kind);
    EXPECT_EQ(scaler.inverse("close", scaler.transform("close", 6.5)), 6.5) << to_string(kind);
  }
}

TEST(Scaler, JsonRoundTripIsExact) {
  const auto series = test::ohlcv(test::wavy_prices(50));
  const Scaler scaler = Scaler::fit(ScalerKind::kZScore, series, {"close", "volume", "open"});
  const Scaler back = Scaler::from_json(nlohmann::json::parse(scaler.to_json().dump()));
  EXPECT_EQ(back.kind(), ScalerKind::kZScore);
  ASSERT_EQ(back.columns().size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(back.columns()[i].name, scaler.columns()[i].name);
    EXPECT_EQ(back.columns()[i].offset, scaler.columns()[i].offset);
    EXPECT_EQ(back.columns()[i].scale, scaler.columns()[i].scale);
    EXPECT_EQ(back.columns()[i].sd, scaler.columns()[i].sd);
  }
  EXPECT_EQ(back.transform("close", 101.3), scaler.transform("close", 101.3));
}

TEST(Scaler, FromJsonRejectsBrokenState) {
  auto good = Scaler::fit(ScalerKind::kMinMax, test::ohlcv({1, 2, 3}), {"close"}).to_json();
  auto missing = good;
  missing["columns"][0].erase("scale");
  EXPECT_THROW((void)Scaler::from_json(missing), FormatError);
  auto zero = good;
  zero["columns"][0]["scale"] = 0.0;
  EXPECT_THROW((void)Scaler::from_json(zero), FormatError);
  auto kind = good;
  kind["kind"] = "robust";
  EXPECT_THROW((void)Scaler::from_json(kind), FormatError);
  EXPECT_THROW((void)Scaler::from_json(nlohmann::json::array()), FormatError);
  auto wrong_type = good;
  wrong_type["columns"][0]["offset"] = "x";
  try {
    (void)Scaler::from_json(wrong_type);
    FAIL();
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("offset"), std::string::npos) << e.what();
  }
}

TEST(Scaler, UserErrors) {
  const auto series = test::ohlcv({1, 2, 3});
  EXPECT_THROW((void)Scaler::fit(ScalerKind::kMinMax, series.slice(0, 0), {"close"}), InvalidInput);
  EXPECT_THROW((void)Scaler::fit(ScalerKind::kMinMax, series, {"close", "close"}), InvalidInput);
  EXPECT_THROW((void)Scaler::fit(ScalerKind::kMinMax, series, {"adj_close"}), InvalidInput);
  const Scaler scaler = Scaler::fit(ScalerKind::kMinMax, series, {"close"});
  try {
    (void)scaler.transform("volume", 1.0);
    FAIL();
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("fitted columns: close"), std::string::npos) << e.what();
  }
  EXPECT_EQ(parse_scaler_kind("minmax-symmetric"), ScalerKind::kMinMaxSymmetric);
  EXPECT_THROW((void)parse_scaler_kind("robust"), InvalidInput);
  const PriceSeries with_nan("N", test::business_days(2), {Column{"close", {1.0, std::nan("")}}});
  EXPECT_THROW((void)Scaler::fit(ScalerKind::kZScore, with_nan, {"close"}), InvalidInput);
}

TEST(Scaler, TransformSeriesScalesFittedColumnsOnly) {
  const auto series = test::ohlcv({2, 4, 6});
  const Scaler scaler = Scaler::fit(ScalerKind::kMinMax, series, {"close"});
  const PriceSeries scaled = scaler.transform(series);
  EXPECT_EQ(scaled.column("close")[1], 0.5);
  EXPECT_EQ(scaled.column("open")[1], series.column("open")[1]);
}

}  // namespace
}  // namespace stockcast::prep
