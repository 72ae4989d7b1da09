#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <string>

#include "stockcast/core/progress.hpp"

namespace stockcast {
namespace {

TEST(Progress, LinesModePrintsOneLinePerRoundWithEta) {
  std::ostringstream out;
  ProgressReporter progress({.mode = ProgressMode::kLines, .stream = &out});
  progress.start("lstm", 2, 3);
  for (std::size_t round = 1; round <= 2; ++round) {
    for (std::size_t step = 1; step <= 3; ++step) progress.step(round, step, {{"loss", 0.5}});
    progress.end_round(round, {{"loss", 0.25}, {"val_loss", 0.125}});
  }
  progress.finish("lstm: done");
  const std::string text = out.str();
  EXPECT_NE(text.find("lstm: epoch 1/2  loss 0.25  val_loss 0.125"), std::string::npos) << text;
  EXPECT_NE(text.find("lstm: epoch 2/2"), std::string::npos) << text;
  EXPECT_NE(text.find("ETA 0s"), std::string::npos) << text;
  EXPECT_NE(text.find("lstm: done\n"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(Progress, BarModeRedrawsInPlaceAndClearsBeforeLines) {
  std::ostringstream out;
  ProgressReporter progress(
      {.mode = ProgressMode::kBar, .stream = &out, .redraw_interval = std::chrono::milliseconds(0)});
  progress.start("gru", 1, 4);
  for (std::size_t step = 1; step <= 4; ++step) progress.step(1, step, {{"loss", 1.0}, {"lr", 1e-3}});
  progress.end_round(1, {{"loss", 1.0}});
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 4 + 2);  // 4 redraws, then clear (\r...\r)
  EXPECT_NE(text.find("[" + std::string(24, '=') + "] 4/4"), std::string::npos) << text;
  EXPECT_NE(text.find("lr 0.001"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, QuietPrintsNothingAndNanPrintsAsNan) {
  std::ostringstream quiet_out;
  ProgressReporter quiet({.mode = ProgressMode::kQuiet, .stream = &quiet_out});
  quiet.start("x", 1, 1);
  quiet.step(1, 1, {{"loss", 1}});
  quiet.end_round(1, {{"loss", 1}});
  quiet.note("hello");
  quiet.finish("done");
  EXPECT_TRUE(quiet_out.str().empty());

  std::ostringstream out;
  ProgressReporter lines({.mode = ProgressMode::kLines, .stream = &out});
  lines.start("x", 1, 1);
  lines.end_round(1, {{"val_loss", std::nan("")}});
  EXPECT_NE(out.str().find("val_loss nan"), std::string::npos) << out.str();
}

TEST(Progress, AutoModeIsLinesWhenNotATerminal) {
  std::ostringstream out;
  EXPECT_EQ(ProgressReporter({.stream = &out}).mode(), ProgressMode::kLines);
}

TEST(Progress, FormatsDurations) {
  EXPECT_EQ(format_duration(42.4), "42s");
  EXPECT_EQ(format_duration(185), "3m05s");
  EXPECT_EQ(format_duration(3720), "1h02m");
  EXPECT_EQ(format_duration(-1), "?");
}

}  // namespace
}  // namespace stockcast
