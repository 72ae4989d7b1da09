// train / forecast / evaluate / compare end to end on bundled real data, with tiny networks and one
// or two epochs so the whole file stays quick; plus every model-file error and its exit code.
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

constexpr int kOk = 0;
constexpr int kInvalidInput = 3;
constexpr int kFormat = 5;
constexpr int kNumerical = 6;

const std::string kGoog = data_file("kaggle_stock_market_data/GOOG.csv").string();

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void spit(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class CliNn : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("stockcast_cli_nn_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  CliResult run(const std::vector<std::string>& args, int code) const {
    auto result = run_cli(args);
    EXPECT_EQ(result.exit_code, code) << "stdout: " << result.out << "\nstderr: " << result.err;
    return result;
  }

  // A small GRU on GOOG: a couple of seconds.
  std::string train_small(const std::string& name, const std::string& seed = "5") const {
    const std::vector<std::string> args = {"train", "--data",   kGoog,      "--model",  "gru", "--units",
                                           "4",     "--window", "10",       "--epochs", "1",   "--seed",
                                           seed,    "--out",    path(name), "-q"};
    const auto result = run(args, kOk);
    EXPECT_TRUE(contains(result.out, "saved gru model to")) << result.out;
    return path(name);
  }

  // The first `rows` rows of GOOG with only Date and Close.
  std::string close_only(std::size_t rows) const {
    std::ifstream in(kGoog);
    std::string line;
    std::string text = "Date,Close\n";
    std::getline(in, line);
    for (std::size_t i = 0; i < rows && std::getline(in, line); ++i) {
      std::vector<std::string> cells;
      std::stringstream fields(line);
      for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
      text += cells.at(0) + "," + cells.at(5) + "\n";  // Date,Low,Open,Volume,High,Close,...
    }
    spit(dir_ / "close.csv", text);
    return path("close.csv");
  }

  std::filesystem::path dir_;
};

TEST_F(CliNn, TrainForecastEvaluateEndToEnd) {
  const std::string model = train_small("m.scm");
  const auto forecast = run({"forecast", "--model", model, "--data", kGoog, "--json"}, kOk);
  const auto json = nlohmann::json::parse(forecast.out);
  EXPECT_EQ(json.at("model"), "gru");
  EXPECT_EQ(json.at("last_date"), "2022-06-06");
  ASSERT_EQ(json.at("forecasts").size(), 1U);
  EXPECT_EQ(json.at("forecasts")[0].at("date"), "2022-06-07");  // a Tuesday after Monday's last row
  EXPECT_GT(json.at("forecasts")[0].at("value").get<double>(), 0.0);

  const auto text = run({"forecast", "--model", model, "--data", kGoog}, kOk);
  EXPECT_TRUE(contains(text.out, "2022-06-07")) << text.out;

  const auto evaluation = run({"evaluate", "--model", model, "--data", kGoog, "--json"}, kOk);
  const auto metrics = nlohmann::json::parse(evaluation.out);
  EXPECT_EQ(metrics.at("part"), "test");
  EXPECT_EQ(metrics.at("metrics").at("n"), 673);  // 15% of 4481 rows
  EXPECT_EQ(metrics.at("naive").at("n"), 673);
  EXPECT_TRUE(metrics.at("beats_naive").is_boolean());
  EXPECT_TRUE(evaluation.err.empty()) << evaluation.err;  // same data: no fingerprint warning

  const auto table = run({"evaluate", "--model", model, "--data", kGoog}, kOk);
  for (const char* part : {"MSE", "directional accuracy", "naive", "Diebold-Mariano"}) {
    EXPECT_TRUE(contains(table.out, part)) << part << " not in " << table.out;
  }
}

TEST_F(CliNn, SameSeedSameModelSameForecast) {
  const std::string a = train_small("a.scm");
  const std::string b = train_small("b.scm");
  const auto fa = run({"forecast", "--model", a, "--data", kGoog, "--json"}, kOk);
  const auto fb = run({"forecast", "--model", b, "--data", kGoog, "--json"}, kOk);
  EXPECT_EQ(fa.out, fb.out);
  const std::string c = train_small("c.scm", "6");
  const auto fc = run({"forecast", "--model", c, "--data", kGoog, "--json"}, kOk);
  EXPECT_NE(fa.out, fc.out);
}

TEST_F(CliNn, ModelFileErrorsAreExitCode5) {
  const std::string model = train_small("m.scm");
  const std::string bytes = slurp(model);

  spit(dir_ / "truncated.scm", bytes.substr(0, bytes.size() - 100));
  auto r = run({"forecast", "--model", path("truncated.scm"), "--data", kGoog}, kFormat);
  EXPECT_TRUE(contains(r.err, "truncated")) << r.err;

  std::string flipped = bytes;
  flipped[flipped.size() - 50] = static_cast<char>(flipped[flipped.size() - 50] ^ 1);
  spit(dir_ / "corrupt.scm", flipped);
  r = run({"evaluate", "--model", path("corrupt.scm"), "--data", kGoog}, kFormat);
  EXPECT_TRUE(contains(r.err, "checksum")) << r.err;

  std::string version = bytes;
  version.replace(0, std::string("stockcast-model 1").size(), "stockcast-model 9");
  spit(dir_ / "version.scm", version);
  r = run({"forecast", "--model", path("version.scm"), "--data", kGoog}, kFormat);
  EXPECT_TRUE(contains(r.err, "version '9' is not supported")) << r.err;

  r = run({"forecast", "--model", kGoog, "--data", kGoog}, kFormat);
  EXPECT_TRUE(contains(r.err, "not a stockcast model file")) << r.err;
}

TEST_F(CliNn, DataMissingAFeatureIsInvalidInput) {
  const std::string model = train_small("m.scm");  // OHLCV features
  const auto r = run({"forecast", "--model", model, "--data", close_only(200)}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "open")) << r.err;
  EXPECT_TRUE(contains(r.err, "gru")) << r.err;
}

TEST_F(CliNn, CloseOnlyFileTrainsWithFeaturesClose) {
  const std::string data = close_only(600);
  const auto r = run({"train", "--data", data, "--model", "rnn", "--features", "close", "--units", "4",
                      "--window", "10", "--epochs", "1", "--out", path("m.scm"), "-q"},
                     kOk);
  EXPECT_TRUE(contains(r.out, "RNN(4 units, 1 layer, dropout 0, window 10, 1 feature")) << r.out;
  run({"forecast", "--model", path("m.scm"), "--data", data}, kOk);
}

TEST_F(CliNn, DivergingTrainingIsExitCode6WithAdvice) {
  const auto r = run({"train", "--data", kGoog, "--model", "lstm", "--units", "8", "--window", "10",
                      "--epochs", "2", "--optimizer", "sgd", "--lr", "1e6", "--out", path("m.scm"), "-q"},
                     kNumerical);
  EXPECT_TRUE(contains(r.err, "at epoch 1, batch")) << r.err;
  EXPECT_TRUE(contains(r.err, "lower learning rate")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("m.scm")));  // no model file from a failed run
}

TEST_F(CliNn, BadOptionsNameTheOption) {
  auto r = run({"train", "--data", kGoog, "--model", "lstm", "--units", "0", "--out", path("m.scm")},
               kInvalidInput);
  EXPECT_TRUE(contains(r.err, "'units'")) << r.err;
  r = run({"train", "--data", kGoog, "--model", "lstmm", "--out", path("m.scm")}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "valid models: ")) << r.err;
  r = run({"train", "--data", kGoog, "--model", "gru", "--normalize", "local", "--out", path("m.scm")},
          kInvalidInput);
  EXPECT_TRUE(contains(r.err, "global, window")) << r.err;
  r = run({"train", "--data", kGoog, "--model", "drift", "--epochs", "3", "--out", path("m.scm")},
          kInvalidInput);
  EXPECT_TRUE(contains(r.err, "epochs")) << r.err;
}

TEST_F(CliNn, TrainReadsEveryFlagFromAConfig) {
  spit(dir_ / "train.toml",
       "[data]\ndata = \"" + kGoog +
           "\"\nwindow = 10\n[train]\nepochs = 1\nseed = 5\n[[model]]\nkind = \"gru\"\nunits = 4\n");
  const auto r = run({"train", "--config", path("train.toml"), "--out", path("c.scm"), "-q"}, kOk);
  EXPECT_TRUE(contains(r.out, "GRU(4 units")) << r.out;
  // The same run from flags gives the same model.
  const std::string flags = train_small("f.scm");
  EXPECT_EQ(run({"forecast", "--model", path("c.scm"), "--data", kGoog}, kOk).out,
            run({"forecast", "--model", flags, "--data", kGoog}, kOk).out);
}

TEST_F(CliNn, ABaselineKeepsTheOptionsOfItsOwnModelTable) {
  // [data]'s window is the networks' lookback; the moving average's own table gives its window.
  spit(dir_ / "ma.toml",
       "[data]\ndata = \"" + kGoog + "\"\nwindow = 30\n[[model]]\nkind = \"moving_average\"\nwindow = 10\n");
  const auto r = run({"train", "--config", path("ma.toml"), "--out", path("ma.scm"), "-q"}, kOk);
  EXPECT_TRUE(contains(r.out, "moving_average(10)")) << r.out;
  // Without its own table entry the [data] window does not leak into the baseline (default 5).
  spit(dir_ / "ma5.toml",
       "[data]\ndata = \"" + kGoog + "\"\nwindow = 30\n[[model]]\nkind = \"moving_average\"\n");
  const auto r5 = run({"train", "--config", path("ma5.toml"), "--out", path("ma5.scm"), "-q"}, kOk);
  EXPECT_TRUE(contains(r5.out, "moving_average(5)")) << r5.out;
}

TEST_F(CliNn, CompareWritesTheTableAndFiles) {
  const auto r = run({"compare", "--data", kGoog, "--out", path("out"), "--models",
                      "gru-baseline,naive,drift", "--epochs", "1", "--window", "10", "-q"},
                     kOk);
  for (const char* part : {"model", "params", "train s", "val MSE", "test RMSE", "test MAPE%", "test R2",
                           "skill", "DM p", "beats naive?", "gru-baseline", "(yardstick)", "drift"}) {
    EXPECT_TRUE(contains(r.out, part)) << part << " not in\n" << r.out;
  }
  EXPECT_TRUE(contains(r.out, "NO: ") || contains(r.out, "yes")) << r.out;
  std::ifstream metrics(path("out/metrics.csv"));
  std::string header;
  std::getline(metrics, header);
  EXPECT_EQ(header,
            "model,split,mse,rmse,mae,mape,smape,r2,explained_variance,max_error,directional_accuracy,skill_"
            "vs_naive,"
            "dm_pvalue,train_seconds");
  std::size_t rows = 0;
  for (std::string line; std::getline(metrics, line);) ++rows;
  EXPECT_EQ(rows, 6U);  // 3 models x (val, test)
  const auto predictions = slurp(path("out/predictions.csv"));
  EXPECT_EQ(predictions.substr(0, predictions.find('\n')), "date,split,actual,naive,gru-baseline,drift");
  const auto history = slurp(path("out/history.csv"));
  EXPECT_TRUE(contains(history, "gru-baseline,1,")) << history;
  const auto json = nlohmann::json::parse(slurp(path("out/metrics.json")));
  // GRU(10) on 5 features: 3 gates x (10x5 input + 10x10 recurrent + 2x10 biases) + dense 10 + 1.
  EXPECT_EQ(json.at("models").at("gru-baseline").at("params"), 3 * (50 + 100 + 20) + 11);
}

TEST_F(CliNn, CompareDefaultIsPaperAAsTheExampleStatesIt) {
  const auto defaults = run({"compare", "--print-config"}, kOk);
  const auto example = run(
      {"compare", "--config", (source_dir() / "examples" / "paper_a.toml").string(), "--print-config"}, kOk);
  EXPECT_EQ(defaults.out, example.out);
  const auto plan = nlohmann::json::parse(defaults.out);
  ASSERT_EQ(plan.at("models").size(), 8U);
  EXPECT_EQ(plan.at("models")[3].at("name"), "lstm-optimized");
  EXPECT_EQ(plan.at("models")[3].at("options").at("units"), 50);
  EXPECT_EQ(plan.at("models")[3].at("options").at("dropout"), 0.2);
  EXPECT_EQ(plan.at("models")[3].at("options").at("batch"), 32);
  EXPECT_EQ(plan.at("models")[2].at("options").at("batch"), 64);
  // Command-line flags override every neural model, not the baselines.
  const auto overridden = nlohmann::json::parse(run({"compare", "--epochs", "3", "--print-config"}, kOk).out);
  EXPECT_EQ(overridden.at("models")[0].at("options").at("epochs"), 3);
  EXPECT_FALSE(overridden.at("models")[6].at("options").contains("epochs"));
}

TEST_F(CliNn, CompareOnACloseOnlyFile) {
  const auto r = run({"compare", "--data", close_only(700), "--out", path("out"), "--models",
                      "rnn-baseline,naive", "--features", "close", "--epochs", "1", "--window", "10", "-q"},
                     kOk);
  EXPECT_TRUE(contains(r.out, "rnn-baseline")) << r.out;
  const auto missing = run({"compare", "--data", close_only(700), "--out", path("out2"), "--models",
                            "rnn-baseline,naive", "--epochs", "1", "-q"},
                           kInvalidInput);
  EXPECT_TRUE(contains(missing.err, "rnn-baseline")) << missing.err;
}

}  // namespace
}  // namespace stockcast::test
