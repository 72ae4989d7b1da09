// stockcast info end to end: output, --json, directories, and every bad input's message and exit code.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "test_paths.hpp"

namespace stockcast::test {
namespace {

constexpr int kOk = 0;
constexpr int kUsage = 2;
constexpr int kInvalidInput = 3;
constexpr int kIo = 4;

std::string data(const std::string& name) { return data_file(name).string(); }
std::string fix(const std::string& name) { return fixture(name).string(); }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs `info args...`, expects `code` and every part in stderr (errors) or stdout (success).
CliResult expect_info(std::vector<std::string> args, int code, const std::vector<std::string>& parts) {
  args.insert(args.begin(), "info");
  auto result = run_cli(args);
  EXPECT_EQ(result.exit_code, code) << "stdout: " << result.out << "\nstderr: " << result.err;
  const std::string& text = code == kOk ? result.out : result.err;
  for (const auto& part : parts) EXPECT_TRUE(contains(text, part)) << "'" << part << "' not in: " << text;
  return result;
}

TEST(CliInfo, TextReportOfARealFile) {
  const auto r = expect_info({data("kaggle_stock_market_data/GOOG.csv")}, kOk,
                             {"GOOG", "kaggle-stock-market", "dd-mm-yyyy", "4481", "2004-08-19 .. 2022-06-06",
                              "open, high, low, close, adj_close, volume", "duplicates", "missing", "gaps",
                              "log return %", "ex.kurt"});
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliInfo, JsonOfARealFile) {
  const auto r = expect_info({data("yahoo_finance/AAPL.csv"), "--json"}, kOk, {});
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("format"), "yahoo");
  EXPECT_EQ(j.at("rows"), 10087);
  EXPECT_EQ(j.at("first_date"), "1980-12-12");
  EXPECT_EQ(j.at("last_date"), "2020-12-11");
  EXPECT_EQ(j.at("columns"), nlohmann::json({"open", "high", "low", "close", "adj_close", "volume"}));
  const auto& c = j.at("cleaning");
  EXPECT_EQ(c.at("fill"), "ffill");
  EXPECT_EQ(c.at("on_duplicate"), "error");
  EXPECT_EQ(c.at("missing_cells"), 6);
  EXPECT_EQ(c.at("filled_cells"), 6);
  EXPECT_EQ(c.at("columns")[0].at("first_missing"), "1981-08-10");
  bool saw_missing_step = false;
  for (const auto& step : c.at("steps")) {
    if (step.at("step") == "missing") {
      saw_missing_step = true;
      EXPECT_EQ(step.at("count"), 6);
    }
  }
  EXPECT_TRUE(saw_missing_step);
  const auto& stats = j.at("statistics");
  EXPECT_EQ(stats.at("close").at("n"), 10087);
  EXPECT_EQ(stats.at("log_return_pct").at("n"), 10086);
  for (const auto* key : {"mean", "std", "skew", "excess_kurtosis", "min", "max"}) {
    EXPECT_TRUE(stats.at("log_return_pct").at(key).is_number()) << key;
  }
  EXPECT_FALSE(j.contains("split"));
}

TEST(CliInfo, JsonStatisticsMatchTheReference) {
  // tests/reference/goog_kaggle.json: mean and sd of 100 * diff(log(Close)).
  const auto r = expect_info({data("kaggle_stock_market_data/GOOG.csv"), "--json"}, kOk, {});
  const auto j = nlohmann::json::parse(r.out);
  const double mean = j.at("statistics").at("log_return_pct").at("mean");
  const double sd = j.at("statistics").at("log_return_pct").at("std");
  EXPECT_NEAR(mean, 0.0862074793644933, 1e-12 * 0.0862074793644933);
  EXPECT_NEAR(sd, 1.9045540792526, 1e-12 * 1.9045540792526);
}

TEST(CliInfo, SplitAndWindowSummary) {
  const auto r = expect_info({data("kaggle_stock_market_data/GOOG.csv"), "--json", "--split", "0.7,0.15,0.15",
                              "--window", "30", "--horizon", "1"},
                             kOk, {});
  const auto j = nlohmann::json::parse(r.out);
  const auto& split = j.at("split");
  EXPECT_EQ(split.at("window"), 30);
  EXPECT_EQ(split.at("horizon"), 1);
  const auto& parts = split.at("parts");
  // floor(4481 * 0.7) = 3136, floor(4481 * 0.15) = 672, the rest 673.
  EXPECT_EQ(parts.at("train").at("rows"), 3136);
  EXPECT_EQ(parts.at("valid").at("rows"), 672);
  EXPECT_EQ(parts.at("test").at("rows"), 673);
  EXPECT_EQ(parts.at("train").at("windows"), 3136 - 30);
  EXPECT_EQ(parts.at("valid").at("windows"), 672);  // lookback may reach into train
  EXPECT_EQ(parts.at("test").at("windows"), 673);
  EXPECT_EQ(parts.at("train").at("first_date"), "2004-08-19");
  EXPECT_EQ(parts.at("test").at("last_date"), "2022-06-06");

  expect_info({data("kaggle_stock_market_data/GOOG.csv"), "--window", "30"}, kOk,
              {"split", "0.7,0.15,0.15", "train", "valid", "test", "windows"});
}

TEST(CliInfo, FileTooShortForTheSplitNamesTheMinimum) {
  expect_info({fix("short.csv"), "--split", "0.7,0.15,0.15", "--window", "30"}, kInvalidInput,
              {"short", "20 rows", "at least 45 rows"});
  expect_info({fix("short.csv"), "--split", "0.7,0.15,0.15", "--window", "5"}, kOk, {"windows"});
}

TEST(CliInfo, BadSplitArgument) {
  expect_info({fix("short.csv"), "--split", "0.7,0.2,0.2"}, kInvalidInput, {"--split", "sum to 1"});
  expect_info({fix("short.csv"), "--window", "0"}, kUsage, {"--window"});
}

TEST(CliInfo, DataCleaningFlags) {
  expect_info({fix("duplicates.csv"), "--on-duplicate", "keep-last"}, kOk, {"1 rows removed (keep-last)"});
  expect_info({fix("missing_cells.csv"), "--fill", "drop"}, kOk,
              {"4 rows with a missing cell dropped (drop)"});
  expect_info({fix("missing_cells.csv"), "--fill", "mean"}, kOk, {"filled with the column mean"});
  expect_info({fix("missing_cells.csv"), "--fill", "zero"}, kUsage, {"--fill"});
  expect_info({fix("duplicates.csv"), "--on-duplicate", "newest"}, kUsage, {"--on-duplicate"});
}

TEST(CliInfo, CleaningReportShowsEveryStep) {
  expect_info({fix("ohlc_bad.csv")}, kOk,
              {"1 rows with high < low (first 2024-07-23)", "close outside [low, high]"});
  expect_info({fix("gaps.csv")}, kOk, {"2024-07-02 .. 2024-07-12 (10 days)"});
  expect_info({fix("unsorted.csv")}, kOk, {"sorted by date"});
  expect_info({data("alpha_vantage/daily_IBM.csv")}, kOk, {"newest first: reversed"});
  expect_info({fix("non_positive.csv")}, kOk, {"treated as missing", "close 1 (first 2024-07-24)"});
  expect_info({fix("ambiguous_no_evidence.csv")}, kOk, {"ambiguous", "dd-mm-yyyy"});
}

TEST(CliInfo, Directory) {
  const auto r = expect_info({fix("dir_ok"), "--json"}, kOk, {});
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("tickers").size(), 2U);
  EXPECT_EQ(j.at("tickers")[0].at("ticker"), "AAA");
  EXPECT_EQ(j.at("tickers")[1].at("ticker"), "BBB");
  EXPECT_TRUE(j.at("errors").empty());
  ASSERT_EQ(j.at("skipped").size(), 1U);
  expect_info({fix("dir_ok")}, kOk, {"2 price files read", "AAA", "BBB", "skipped", "README.md"});
}

TEST(CliInfo, DirectoryWithABrokenFileReportsItAndFails) {
  const auto r =
      expect_info({fix("dir_mixed"), "--json"}, kInvalidInput, {"BROKEN.csv", "'oops' is not a number"});
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.at("tickers").size(), 1U);
  EXPECT_EQ(j.at("tickers")[0].at("ticker"), "GOOD");
  ASSERT_EQ(j.at("errors").size(), 1U);
  EXPECT_EQ(j.at("errors")[0].at("exit_code"), kInvalidInput);
  const auto text = expect_info({fix("dir_mixed")}, kInvalidInput, {"line 3", "'oops'"});
  EXPECT_TRUE(contains(text.out, "GOOD"));
}

struct BadInput {
  std::string file;
  int code;
  std::vector<std::string> parts;
};

TEST(CliInfo, EveryBadInputHasAMessageAndExitCode) {
  const std::vector<BadInput> cases{
      {"does_not_exist.csv", kIo, {"does_not_exist.csv", "no such file"}},
      {"empty.csv", kInvalidInput, {"empty.csv", "empty (0 bytes)"}},
      {"blank_only.csv", kInvalidInput, {"only blank lines"}},
      {"header_only.csv", kInvalidInput, {"no data rows"}},
      {"no_date_column.csv", kInvalidInput, {"no date column", "'When'", "accepted date column names"}},
      {"no_close_column.csv", kInvalidInput, {"no close column", "'Volume'", "accepted close column names"}},
      {"no_header.csv", kInvalidInput, {"header line is required"}},
      {"bad_date.csv",
       kInvalidInput,
       {"bad_date.csv", "line 3", "column 'Date'", "'2024-13-45' is not a date"}},
      {"bad_number.csv",
       kInvalidInput,
       {"bad_number.csv", "line 3", "column 'Close'", "'abc' is not a number"}},
      {"ragged.csv", kInvalidInput, {"line 3", "2 fields", "header (line 1) has 3"}},
      {"unbalanced_quote.csv", kInvalidInput, {"line 2", "unbalanced quotes"}},
      {"image.png", kInvalidInput, {"PNG image"}},
      {"prices.csv.gz", kInvalidInput, {"gzip"}},
      {"random.bin", kInvalidInput, {"binary data"}},
      {"latin1.csv", kInvalidInput, {"not UTF-8"}},
      {"utf16.csv", kInvalidInput, {"UTF-16"}},
      {"json_not_av.json", kInvalidInput, {"not an Alpha Vantage", "'prices'"}},
      {"json_error_message.json", kInvalidInput, {"Invalid API call"}},
      {"json_array.json", kInvalidInput, {"array"}},
      {"json_truncated.json", kInvalidInput, {"not valid JSON"}},
      {"json_bad_number.json", kInvalidInput, {"entry 1", "'abc' is not a number"}},
      {"duplicates.csv", kInvalidInput, {"duplicate date 2024-07-25", "lines 3 and 5", "--on-duplicate"}},
      {"ambiguous_mixed.csv", kInvalidInput, {"day-first and month-first"}},
      {"all_missing_close.csv", kInvalidInput, {"has no values"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const auto r = expect_info({fix(c.file)}, c.code, c.parts);
    EXPECT_TRUE(contains(r.err, "stockcast: error: ")) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
}

TEST(CliInfo, UsageErrors) {
  EXPECT_EQ(run_cli({"info"}).exit_code, kUsage);
  EXPECT_EQ(run_cli({"info", fix("short.csv"), "--bogus"}).exit_code, kUsage);
}

TEST(CliInfo, HelpExplainsFormatsPoliciesAndExitCodes) {
  const auto top = run_cli({"--help"});
  EXPECT_EQ(top.exit_code, kOk);
  EXPECT_TRUE(contains(top.out, "info")) << top.out;
  const auto help = run_cli({"info", "--help"});
  EXPECT_EQ(help.exit_code, kOk);
  for (const auto* part : {"Kaggle", "Yahoo", "Alpha Vantage", "Investing.com", "--on-duplicate", "keep-last",
                           "keep-first", "--fill", "ffill", "drop", "mean", "--split", "--window",
                           "--horizon", "--json", "Exit codes", "3 invalid input", "4 I/O"}) {
    EXPECT_TRUE(contains(help.out, part)) << "'" << part << "' not in info --help:\n" << help.out;
  }
}

}  // namespace
}  // namespace stockcast::test
