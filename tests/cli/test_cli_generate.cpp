// stockcast generate and stockcast hurst end to end: output files in the documented format, seeded
// reproducibility, result directories with a report, --json, and every bad input's exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "test_paths.hpp"

namespace stockcast::test {
namespace {

namespace fs = std::filesystem;

constexpr int kOk = 0;
constexpr int kUsage = 2;
constexpr int kInvalidInput = 3;
constexpr int kIo = 4;
constexpr int kNumerical = 6;

std::string goog() { return data_file("kaggle_stock_market_data/GOOG.csv").string(); }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh directory under the system temp directory for one test.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("stockcast_test_generate_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

CliResult expect_run(const std::vector<std::string>& args, int code,
                     const std::vector<std::string>& parts = {}) {
  auto result = run_cli(args);
  EXPECT_EQ(result.exit_code, code) << "stdout: " << result.out << "\nstderr: " << result.err;
  const std::string& text = code == kOk ? result.out : result.err;
  for (const auto& part : parts) EXPECT_TRUE(contains(text, part)) << "'" << part << "' not in: " << text;
  return result;
}

TEST(CliGenerate, FbmWritesLongFormatPathsReproducibly) {
  const auto dir = scratch("fbm");
  const auto a = dir / "a.csv";
  const auto b = dir / "b.csv";
  const auto c = dir / "c.csv";
  const std::vector<std::string> base{"generate", "--model", "fbm",     "--hurst", "0.7",
                                      "--length", "30",      "--paths", "4"};
  auto args = base;
  args.insert(args.end(), {"--seed", "5", "--out", a.string()});
  expect_run(args, kOk, {"fbm", "H = 0.7", "wrote 4 paths of 30 days"});
  args = base;
  args.insert(args.end(), {"--seed", "5", "--out", b.string()});
  expect_run(args, kOk);
  args = base;
  args.insert(args.end(), {"--seed", "6", "--out", c.string()});
  expect_run(args, kOk);
  const std::string text = slurp(a);
  EXPECT_EQ(text, slurp(b));  // same seed, same bytes
  EXPECT_NE(text, slurp(c));
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line, "path,day,close");
  int rows = 0;
  int last_path = 0;
  int last_day = 0;
  while (std::getline(lines, line)) {
    ++rows;
    std::istringstream cells(line);
    std::string path;
    std::string day;
    std::string close;
    std::getline(cells, path, ',');
    std::getline(cells, day, ',');
    std::getline(cells, close, ',');
    last_path = std::stoi(path);
    last_day = std::stoi(day);
    EXPECT_GT(std::stod(close), 0.0);
  }
  EXPECT_EQ(rows, 4 * 30);
  EXPECT_EQ(last_path, 4);
  EXPECT_EQ(last_day, 30);
}

TEST(CliGenerate, FittedGeneratorsWriteAResultDirectoryWithAReport) {
  for (const std::string model : {"garch", "ar", "arima", "fbm", "gjr-garch"}) {
    const auto dir = scratch("dir_" + model);
    expect_run({"generate", "--model", model, "--data", goog(), "--length", "20", "--paths", "3", "--seed",
                "1", "--out-dir", dir.string()},
               kOk, {"wrote 3 paths of 20 days", "report: "});
    for (const char* file : {"run.json", "data.csv", "paths.csv", "report.html"}) {
      EXPECT_TRUE(fs::exists(dir / file)) << model << " " << file;
    }
    const auto run = nlohmann::json::parse(slurp(dir / "run.json"));
    EXPECT_EQ(run["command"], "generate");
    EXPECT_EQ(run["settings"]["model"], model);
    EXPECT_EQ(run["settings"]["seed"], 1);
  }
}

TEST(CliGenerate, JsonReportsTheFittedParameters) {
  const auto dir = scratch("json");
  const auto out = dir / "p.csv";
  const auto r =
      expect_run({"generate", "--model", "garch", "--data", goog(), "--length", "10", "--paths", "2",
                  "--seed", "9", "--options", R"({"dist": "t"})", "--out", out.string(), "--json"},
                 kOk);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["model"], "garch");
  for (const char* name : {"mu", "omega", "alpha[1]", "beta[1]", "nu"}) {
    EXPECT_TRUE(j["parameters"]["params"].contains(name)) << name;
    EXPECT_TRUE(j["parameters"]["std_errors"].contains(name)) << name;
  }
  EXPECT_EQ(j["out"], out.string());
  EXPECT_TRUE(j["report"].is_null());
}

TEST(CliGenerate, BadInputHasClearErrorsAndExitCodes) {
  const auto dir = scratch("bad");
  const std::string out = (dir / "p.csv").string();
  const auto gen = [&](std::vector<std::string> extra) {
    std::vector<std::string> args{"generate"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  expect_run(gen({"--model", "fbm", "--hurst", "1.5", "--length", "10", "--paths", "1", "--seed", "1",
                  "--out", out}),
             kInvalidInput, {"hurst", "between 0 and 1"});
  expect_run(
      gen({"--model", "fbm", "--hurst", "0", "--length", "10", "--paths", "1", "--seed", "1", "--out", out}),
      kInvalidInput, {"hurst"});
  expect_run(gen({"--model", "fbm", "--length", "0", "--paths", "1", "--seed", "1", "--out", out}),
             kInvalidInput, {"--length"});
  expect_run(gen({"--model", "fbm", "--length", "10", "--paths", "-2", "--seed", "1", "--out", out}),
             kInvalidInput, {"--paths"});
  expect_run(gen({"--model", "timegan", "--length", "10", "--paths", "1", "--seed", "1", "--out", out}),
             kInvalidInput, {"unknown generator 'timegan'", "fbm, ar, arima, garch"});
  expect_run(gen({"--model", "garch", "--length", "10", "--paths", "1", "--seed", "1", "--out", out}),
             kInvalidInput, {"--data"});
  expect_run(gen({"--model", "garch", "--data", goog(), "--hurst", "0.6", "--length", "10", "--paths", "1",
                  "--seed", "1", "--out", out}),
             kInvalidInput, {"--hurst applies to --model fbm only"});
  expect_run(gen({"--model", "fbm", "--length", "10", "--paths", "1", "--seed", "1"}), kInvalidInput,
             {"--out", "--out-dir"});
  expect_run(gen({"--model", "fbm", "--length", "10", "--paths", "1", "--seed", "1", "--out", out,
                  "--out-dir", dir.string()}),
             kInvalidInput, {"exactly one"});
  expect_run(gen({"--model", "fbm", "--length", "10", "--paths", "1", "--seed", "1", "--options", "{bad",
                  "--out", out}),
             kInvalidInput, {"--options"});
  expect_run(gen({"--model", "ar", "--options", R"({"lags": "five"})", "--data", goog(), "--length", "10",
                  "--paths", "1", "--seed", "1", "--out", out}),
             kInvalidInput, {"lags"});
  expect_run(gen({"--model", "fbm", "--length", "10", "--paths", "1", "--out", out}),
             kUsage);  // --seed missing
  expect_run(gen({"--model", "garch", "--data", "no/such/file.csv", "--length", "10", "--paths", "1",
                  "--seed", "1", "--out", out}),
             kIo);
  // A constant price series cannot be fitted; a capped optimiser is a numerical failure with its status.
  const auto flat = dir / "flat.csv";
  {
    std::ofstream f(flat);
    f << "Date,Close\n";
    for (int d = 1; d <= 28; ++d) f << "2024-02-" << (d < 10 ? "0" : "") << d << ",100\n";
  }
  expect_run(gen({"--model", "garch", "--data", flat.string(), "--length", "10", "--paths", "1", "--seed",
                  "1", "--out", out}),
             kInvalidInput, {"constant"});
  expect_run(gen({"--model", "garch", "--data", goog(), "--options", R"({"max_evaluations": 10})", "--length",
                  "10", "--paths", "1", "--seed", "1", "--out", out}),
             kNumerical, {"did not converge", "MAXEVAL_REACHED"});
  EXPECT_FALSE(fs::exists(out));  // nothing half-written
}

TEST(CliHurst, EstimatesOnLogReturns) {
  const auto text =
      expect_run({"hurst", goog()}, kOk, {"GOOG", "R/S", "R/S-AL", "DFA", "4480 daily log returns"});
  const auto r = expect_run({"hurst", goog(), "--json", "--min-window", "16", "--windows", "10"}, kOk);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["n"], 4480);
  ASSERT_EQ(j["estimates"].size(), 3u);
  EXPECT_EQ(j["estimates"][2]["method"], "dfa");
  EXPECT_EQ(j["estimates"][2]["windows"][0], 16.0);
  for (const auto& e : j["estimates"]) {
    EXPECT_GT(e["hurst"].get<double>(), 0.35);  // daily returns of a large stock are close to white
    EXPECT_LT(e["hurst"].get<double>(), 0.65);
  }
}

TEST(CliHurst, BadInput) {
  expect_run({"hurst", fixture("short.csv").string()}, kInvalidInput, {"too few"});
  expect_run({"hurst", goog(), "--min-window", "2"}, kInvalidInput, {"min_window"});
  expect_run({"hurst", "no/such/file.csv"}, kIo);
  expect_run({"hurst"}, kUsage);
}

}  // namespace
}  // namespace stockcast::test
