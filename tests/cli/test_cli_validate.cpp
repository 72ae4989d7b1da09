// stockcast validate and stockcast tune end to end. Built twice: test_cli_validate (label quick)
// runs the baseline models on tiny generated files; test_cli_validate_nn (label slow, compiled with
// STOCKCAST_VALIDATE_NEURAL) runs tiny neural models.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "stockcast/core/date.hpp"
#include "stockcast/io/result_files.hpp"

namespace stockcast::test {
namespace {

constexpr int kOk = 0;
constexpr int kUsage = 2;
constexpr int kInvalidInput = 3;
constexpr int kIo = 4;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class CliValidate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("stockcast_cli_validate_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
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

  // Business days from 2001-01-02, one per close.
  static std::vector<Date> days(std::size_t n) {
    std::vector<Date> out;
    Date day = *parse_iso_date("2001-01-02");
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(day);
      day = next_business_day(day);
    }
    return out;
  }

  // Writes Date,Close (plus Volume when asked) and returns the path.
  std::string write_prices(const std::string& name, const std::vector<double>& close) const {
    const auto dates = days(close.size());
    std::ostringstream text;
    text.precision(17);
    text << "Date,Open,High,Low,Close,Volume\n";
    for (std::size_t i = 0; i < close.size(); ++i) {
      text << to_string(dates[i]) << ',' << close[i] << ',' << close[i] * 1.01 << ',' << close[i] * 0.99
           << ',' << close[i] << ',' << 1000 + 10 * (i % 7) << '\n';
    }
    std::ofstream(dir_ / name, std::ios::binary) << text.str();
    return path(name);
  }

  // 100 + t * slope plus a fixed wiggle in [-0.3, 0.3].
  static std::vector<double> trend(std::size_t n, double slope) {
    std::vector<double> close;
    unsigned state = 4242U;
    for (std::size_t i = 0; i < n; ++i) {
      state = state * 1103515245U + 12345U;
      const double u = static_cast<double>((state >> 8) & 0xFFFFU) / 65535.0;
      close.push_back(100.0 + slope * static_cast<double>(i) + 0.3 * (2 * u - 1));
    }
    return close;
  }

  std::filesystem::path dir_;
};

#if !STOCKCAST_VALIDATE_NEURAL

// ------------------------------------------------------------------------------------------ validate

TEST_F(CliValidate, RollingFoldsHaveTheRightDaysAndNeverOverlapTraining) {
  const std::string data = write_prices("p.csv", trend(260, 0.5));
  const auto dates = days(260);
  const auto r = run({"validate", "--data", data, "--model", "drift", "--train-days", "200", "--valid-days",
                      "10", "--out", path("out"), "--json", "-q"},
                     kOk);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("folds"), 6);  // (260 - 200) / 10
  EXPECT_EQ(json.at("settings").at("folds_available"), 6);
  const auto& folds = json.at("per_fold");
  ASSERT_EQ(folds.size(), 6U);
  for (std::size_t k = 0; k < 6; ++k) {
    const auto& f = folds[k];
    EXPECT_EQ(f.at("train")[0], to_string(dates[10 * k]));
    EXPECT_EQ(f.at("train")[1], to_string(dates[10 * k + 199]));
    EXPECT_EQ(f.at("valid")[0], to_string(dates[10 * k + 200]));
    EXPECT_EQ(f.at("valid")[1], to_string(dates[10 * k + 209]));
    // The validation days come strictly after the training days.
    EXPECT_LT(f.at("train")[1].get<std::string>(), f.at("valid")[0].get<std::string>());
  }
  const io::FoldTable table = io::read_folds_csv(path("out/folds.csv"));
  ASSERT_EQ(table.rows.size(), 12U);  // drift and naive per fold
  EXPECT_EQ(table.rows[0].model, "drift");
  EXPECT_EQ(table.rows[1].model, "naive");
  EXPECT_EQ(table.rows[10].fold, 6);
  EXPECT_EQ(table.rows[10].test_start, dates[250]);
  EXPECT_EQ(table.rows[10].test_end, dates[259]);
  for (const char* file : {"run.json", "data.csv", "folds.csv", "metrics.csv", "metrics.json",
                           "predictions.csv", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / file)) << file;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "history.csv"));  // drift has no epochs
  const auto run_json = nlohmann::json::parse(slurp(dir_ / "out" / "run.json"));
  EXPECT_EQ(run_json.at("command"), "validate");
  EXPECT_EQ(run_json.at("settings").at("scheme"), "rolling");
  const auto predictions = io::read_predictions_csv(path("out/predictions.csv"));
  EXPECT_EQ(predictions.dates.size(), 60U);
  EXPECT_EQ(predictions.dates.front(), dates[200]);
}

TEST_F(CliValidate, StrideAndMaxFoldsKeepTheLastFolds) {
  const std::string data = write_prices("p.csv", trend(260, 0.5));
  const auto dates = days(260);
  auto r = run(
      {"validate", "--data", data, "--model", "naive", "--stride", "5", "--out", path("a"), "--json", "-q"},
      kOk);
  EXPECT_EQ(nlohmann::json::parse(r.out).at("folds"), 11);                // starts 0, 5, ..., 50
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a" / "predictions.csv"));  // overlapping validation days

  r = run({"validate", "--data", data, "--model", "naive", "--max-folds", "2", "--out", path("b"), "--json",
           "-q"},
          kOk);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("folds"), 2);
  EXPECT_EQ(json.at("per_fold")[1].at("valid")[1], to_string(dates[259]));
  EXPECT_EQ(json.at("per_fold")[0].at("valid")[0], to_string(dates[240]));
}

TEST_F(CliValidate, ExpandingFoldsGrow) {
  const std::string data = write_prices("p.csv", trend(250, 0.5));
  const auto dates = days(250);
  const auto r =
      run({"validate", "--data", data, "--model", "moving_average", "--window", "3", "--scheme", "expanding",
           "--train-days", "200", "--valid-days", "10", "--out", path("out"), "--json", "-q"},
          kOk);
  const auto json = nlohmann::json::parse(r.out);
  const auto& folds = json.at("per_fold");
  ASSERT_EQ(folds.size(), 5U);
  for (std::size_t k = 0; k < folds.size(); ++k) {
    EXPECT_EQ(folds[k].at("train")[0], to_string(dates[0]));  // always from the first day
    EXPECT_EQ(folds[k].at("train")[1], to_string(dates[199 + 10 * k]));
    EXPECT_EQ(folds[k].at("valid")[0], to_string(dates[200 + 10 * k]));
  }
}

TEST_F(CliValidate, TableAndProgress) {
  const std::string data = write_prices("p.csv", trend(230, 0.5));
  const auto r = run({"validate", "--data", data, "--model", "drift", "--out", path("out")}, kOk);
  for (const char* part :
       {"fold", "naive RMSE", "skill", "DM p", "Across the 3 folds", "All folds pooled (30", "report: "}) {
    EXPECT_TRUE(contains(r.out, part)) << part << " not in " << r.out;
  }
  EXPECT_TRUE(contains(r.err, "3 of 3 folds")) << r.err;
  EXPECT_TRUE(contains(r.err, "fold 1/3")) << r.err;
  EXPECT_TRUE(contains(r.err, "fold 3/3")) << r.err;
  const auto quiet = run({"validate", "--data", data, "--model", "drift", "--out", path("q"), "-q"}, kOk);
  EXPECT_TRUE(quiet.err.empty()) << quiet.err;
}

TEST_F(CliValidate, ConfigFileGivesTheValidateTable) {
  const std::string data = write_prices("p.csv", trend(260, 0.5));
  std::ofstream(dir_ / "v.toml") << "[validate]\nscheme = \"expanding\"\ntrain-days = 220\nvalid-days = 20\n"
                                    "[[model]]\nname = \"ma5\"\nkind = \"moving_average\"\nwindow = 5\n";
  auto r = run({"validate", "--config", path("v.toml"), "--data", data, "--out", path("out"), "--json", "-q"},
               kOk);
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("folds"), 2);  // (260 - 220) / 20
  EXPECT_EQ(json.at("settings").at("scheme"), "expanding");
  EXPECT_EQ(json.at("settings").at("label"), "ma5");
  EXPECT_EQ(io::read_folds_csv(path("out/folds.csv")).rows.front().model, "ma5");
  // A flag wins over the file.
  r = run({"validate", "--config", path("v.toml"), "--data", data, "--valid-days", "10", "--out", path("o2"),
           "--json", "-q"},
          kOk);
  EXPECT_EQ(nlohmann::json::parse(r.out).at("folds"), 4);

  std::ofstream(dir_ / "bad.toml") << "[validate]\nfolds = 3\n[[model]]\nkind = \"naive\"\n";
  r = run({"validate", "--config", path("bad.toml"), "--data", data, "--out", path("o3")}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "unknown key 'folds' in [validate]")) << r.err;
  EXPECT_TRUE(contains(r.err, "max_folds")) << r.err;
}

// Each CLI run loads LibTorch (about a second): the bad-flag checks come in small groups.
class CliValidateFlags : public CliValidate {
 protected:
  CliResult validate(std::vector<std::string> extra, int code) {
    if (data_.empty()) data_ = write_prices("p.csv", trend(230, 0.5));
    std::vector<std::string> args = {"validate", "--data", data_, "--out", path("out"), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run(args, code);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "folds.csv"));
    return result;
  }
  std::string data_;
};

TEST_F(CliValidateFlags, BadFoldSettingsAreInvalidInput) {
  auto r = validate({"--model", "drift", "--scheme", "sideways"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "sideways")) << r.err;
  r = validate({"--model", "drift", "--train-days", "0"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "train_days")) << r.err;
  r = validate({"--model", "drift", "--train-days", "225"}, kInvalidInput);  // 225 + 10 > 230 rows
  EXPECT_TRUE(contains(r.err, "225")) << r.err;
  validate({"--model", "drift", "--inner-valid", "1.5"}, kInvalidInput);
}

TEST_F(CliValidateFlags, BadModelsAreInvalidInput) {
  auto r = validate({"--model", "nosuch"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "drift")) << r.err;  // lists the valid names
  r = validate({"--model", "drift", "--units", "5"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "units")) << r.err;
  r = validate({}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "no model given")) << r.err;
}

TEST_F(CliValidateFlags, UsageAndIoErrors) {
  validate({"--model", "drift", "--train-days", "abc"}, kUsage);
  const std::string data = write_prices("q.csv", trend(230, 0.5));
  auto r = run({"validate", "--data", data, "--model", "drift"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "--out")) << r.err;
  r = run({"validate", "--data", path("missing.csv"), "--model", "drift", "--out", path("out")}, kIo);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "folds.csv"));
}

// ---------------------------------------------------------------------------------------------- tune

TEST_F(CliValidate, TuneGridRunsEveryCombinationSortedByValidationScore) {
  const std::string data = write_prices("p.csv", trend(300, 1.0));
  const auto r = run({"tune", "--data", data, "--model", "moving_average", "--search", "grid", "--param",
                      "window=5,1,2,10", "--out", path("out"), "--json", "-q"},
                     kOk);
  const auto json = nlohmann::json::parse(r.out);
  ASSERT_EQ(json.at("trials").size(), 4U);
  EXPECT_EQ(json.at("ranking"), nlohmann::json({2, 3, 1, 4}));  // window 1, 2, 5, 10 on a trend
  EXPECT_EQ(json.at("best").at("config").at("window"), 1);
  const io::TrialTable trials = io::read_trials_csv(path("out/trials.csv"));
  EXPECT_EQ(trials.objective, "val_mse");
  EXPECT_EQ(trials.param_names, std::vector<std::string>{"window"});
  ASSERT_EQ(trials.rows.size(), 4U);
  EXPECT_EQ(trials.rows[0].params[0], "5");
  EXPECT_LT(trials.rows[1].score, trials.rows[0].score);
  const auto metrics = io::read_metrics_csv(path("out/metrics.csv"));
  ASSERT_EQ(metrics.size(), 4U);  // the best and naive, on val and test
  EXPECT_EQ(metrics[0].model, "moving_average");
  for (const char* file :
       {"run.json", "data.csv", "trials.csv", "metrics.json", "predictions.csv", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_ / "out" / file)) << file;
  }
  // The text table lists the trials best first and then the test comparison.
  const auto text = run({"tune", "--data", data, "--model", "moving_average", "--search", "grid", "--param",
                         "window=5,1,2,10", "--out", path("text")},
                        kOk);
  EXPECT_TRUE(contains(text.out, "rank")) << text.out;
  EXPECT_TRUE(contains(text.out, "best: trial 2 (window=1)")) << text.out;
  EXPECT_TRUE(contains(text.out, "beats naive?")) << text.out;
  EXPECT_TRUE(contains(text.err, "trial 4/4")) << text.err;
}

TEST_F(CliValidate, TuneRandomIsReproducibleWithASeed) {
  const std::string data = write_prices("p.csv", trend(300, 1.0));
  const auto tune = [&](const std::string& out, const std::vector<std::string>& seed) {
    std::vector<std::string> args = {"tune",        "--data", data,       "--model", "moving_average",
                                     "--search",    "random", "--trials", "5",       "--param",
                                     "window=1:40", "--out",  path(out),  "-q"};
    args.insert(args.end(), seed.begin(), seed.end());
    run(args, kOk);
    return slurp(dir_ / out / "trials.csv");
  };
  const std::string a = tune("a", {"--search-seed", "11"});
  const std::string b = tune("b", {"--search-seed", "11"});
  const std::string c = tune("c", {"--search-seed", "12"});
  const std::string d = tune("d", {"--seed", "11"});  // a baseline's --seed seeds the search
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a, d);
  EXPECT_EQ(io::read_trials_csv(path("a/trials.csv")).rows.size(), 5U);
}

TEST_F(CliValidate, TuneNeverLooksAtTheTestPart) {
  // Two files share their first 340 days (train 280 + validation 60 of 400) and differ only in the
  // last 60 (the test part): a calm trend, or wild swings that a 2-day average would follow far
  // better than yesterday's price. Had tune scored anything on the test part, the second file would
  // pick window 2.
  std::vector<double> calm = trend(400, 1.0);
  std::vector<double> wild = calm;
  for (std::size_t i = 340; i < 400; ++i) wild[i] = (i % 2 == 0) ? 300.0 : 500.0;
  const std::string a = write_prices("calm.csv", calm);
  const std::string b = write_prices("wild.csv", wild);
  const auto tune = [&](const std::string& data, const std::string& out) {
    run({"tune", "--data", data, "--model", "moving_average", "--search", "grid", "--param", "window=1,2,4",
         "--out", path(out), "-q"},
        kOk);
  };
  tune(a, "calm");
  tune(b, "wild");
  // Same trials to the last bit, the same choice...
  EXPECT_EQ(slurp(dir_ / "calm" / "trials.csv"), slurp(dir_ / "wild" / "trials.csv"));
  const io::TrialTable trials = io::read_trials_csv(path("wild/trials.csv"));
  EXPECT_LT(trials.rows[0].score, trials.rows[1].score);  // window 1 wins on validation
  // ... while the test part (scored once, for the best) is where the files differ.
  const auto calm_metrics = io::read_metrics_csv(path("calm/metrics.csv"));
  const auto wild_metrics = io::read_metrics_csv(path("wild/metrics.csv"));
  ASSERT_EQ(wild_metrics.size(), 4U);
  EXPECT_EQ(wild_metrics[1].split, "test");
  EXPECT_GT(wild_metrics[1].mse, 100 * calm_metrics[1].mse);
  EXPECT_EQ(wild_metrics[0].mse, calm_metrics[0].mse);  // validation rows identical
}

TEST_F(CliValidate, TuneConfigTable) {
  const std::string data = write_prices("p.csv", trend(300, 1.0));
  std::ofstream(dir_ / "t.toml") << "[tune]\nsearch = \"grid\"\n[tune.params]\nwindow = [3, 1]\n"
                                    "[[model]]\nkind = \"moving_average\"\n";
  auto r =
      run({"tune", "--config", path("t.toml"), "--data", data, "--out", path("out"), "--json", "-q"}, kOk);
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("trials").size(), 2U);
  EXPECT_EQ(json.at("best").at("config").at("window"), 1);
  // A --param flag replaces the file's parameter of the same name.
  r = run({"tune", "--config", path("t.toml"), "--data", data, "--param", "window=2,3,4", "--out", path("o2"),
           "--json", "-q"},
          kOk);
  EXPECT_EQ(nlohmann::json::parse(r.out).at("trials").size(), 3U);
}

class CliTuneFlags : public CliValidate {
 protected:
  CliResult tune(std::vector<std::string> extra, int code) {
    if (data_.empty()) data_ = write_prices("p.csv", trend(300, 1.0));
    std::vector<std::string> args = {"tune", "--data", data_, "--out", path("out"), "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto result = run(args, code);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "trials.csv"));
    return result;
  }
  std::string data_;
};

TEST_F(CliTuneFlags, ParameterNamesAndValuesAreCheckedAgainstTheModel) {
  auto r = tune({"--model", "drift", "--param", "units=10,50"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "--param units")) << r.err;
  EXPECT_TRUE(contains(r.err, "accepted: target, intervals, level")) << r.err;      // the valid names
  r = tune({"--model", "moving_average", "--param", "window=0,2"}, kInvalidInput);  // a bad value
  EXPECT_TRUE(contains(r.err, "window")) << r.err;
  r = tune({"--model", "moving_average", "--window", "3", "--param", "window=1,2"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "not both")) << r.err;
}

TEST_F(CliTuneFlags, SearchSettings) {
  auto r = tune({"--model", "moving_average", "--search", "grid", "--trials", "3", "--param", "window=1,2"},
                kInvalidInput);
  EXPECT_TRUE(contains(r.err, "--trials is for random search")) << r.err;
  r = tune({"--model", "moving_average", "--search", "grid", "--param", "window=1:20"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "is a range")) << r.err;
  r = tune({"--model", "moving_average", "--search", "bayes", "--param", "window=1,2"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "grid, random")) << r.err;
  r = tune({"--model", "moving_average", "--objective", "test_mse", "--param", "window=1,2"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "test_mse")) << r.err;
}

TEST_F(CliTuneFlags, ParametersSplitAndUsage) {
  auto r = tune({"--model", "moving_average"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "no parameters to search")) << r.err;
  tune({"--model", "moving_average", "--param", "window=20:1"}, kInvalidInput);
  r = tune({"--model", "moving_average", "--split", "0.8,0.2", "--param", "window=1,2"}, kInvalidInput);
  EXPECT_TRUE(contains(r.err, "validation part")) << r.err;
  tune({"--model", "moving_average", "--trials", "x", "--param", "window=1,2"}, kUsage);
}

#else  // STOCKCAST_VALIDATE_NEURAL

TEST_F(CliValidate, NeuralValidationRunsTheLast20FoldsByDefault) {
  const std::string data = write_prices("p.csv", trend(200 + 10 * 25, 0.5));  // 25 folds available
  const std::vector<std::string> args = {"validate", "--data",   data,       "--model", "lstm",
                                         "--units",  "4",        "--window", "5",       "--features",
                                         "close",    "--epochs", "2",        "--seed",  "3"};
  auto with_out = [&](const std::string& out, bool quiet) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"--out", path(out), "--json"});
    if (quiet) a.push_back("-q");
    return a;
  };
  const auto r = run(with_out("a", false), kOk);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("folds"), 20);
  EXPECT_EQ(json.at("settings").at("folds_available"), 25);
  EXPECT_EQ(json.at("per_fold")[0].at("epochs"), 2);
  EXPECT_TRUE(contains(r.err, "fold 1/20")) << r.err;
  EXPECT_TRUE(contains(r.err, "fold 20/20")) << r.err;
  EXPECT_TRUE(contains(r.err, "--max-folds 0 runs all")) << r.err;
  EXPECT_EQ(io::read_folds_csv(path("a/folds.csv")).rows.size(), 40U);
  const auto history = io::read_history_csv(path("a/history.csv"));
  EXPECT_EQ(history.size(), 10U * 2U);  // the last 10 folds, 2 epochs each
  EXPECT_EQ(history.front().model, "lstm fold 11");

  // Same seed, same folds to the last bit.
  run(with_out("b", true), kOk);
  const auto strip_seconds = [](io::FoldTable t) {
    for (auto& row : t.rows) row.values.pop_back();  // fit_seconds: wall time
    return t;
  };
  const io::FoldTable a = strip_seconds(io::read_folds_csv(path("a/folds.csv")));
  const io::FoldTable b = strip_seconds(io::read_folds_csv(path("b/folds.csv")));
  ASSERT_EQ(a.rows.size(), b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    for (std::size_t j = 0; j < a.rows[i].values.size(); ++j) {
      const double x = a.rows[i].values[j];
      const double y = b.rows[i].values[j];
      EXPECT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << "row " << i << " metric " << j;
    }
  }
}

TEST_F(CliValidate, PaperDExampleFileRuns) {
  const std::string data = write_prices("p.csv", trend(230, 0.5));
  const std::string config =
      (std::filesystem::path(STOCKCAST_SOURCE_DIR) / "examples" / "paper_d.toml").string();
  const auto r = run({"validate", "--config", config, "--data", data, "--max-folds", "1", "--epochs", "1",
                      "--units", "4", "--out", path("out"), "--json", "-q"},
                     kOk);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("folds"), 1);
  EXPECT_EQ(json.at("settings").at("folds_available"), 3);  // (230 - 200) / 10
  EXPECT_EQ(json.at("settings").at("label"), "lstm-paper-d");
  EXPECT_EQ(json.at("settings").at("train_days"), 200);
  EXPECT_EQ(json.at("settings").at("options").at("layers"), 2);
  EXPECT_EQ(json.at("settings").at("options").at("batch"), 10);
  EXPECT_EQ(json.at("settings").at("options").at("units"), 4);  // the flag wins over the file
  EXPECT_EQ(json.at("per_fold")[0].at("epochs"), 1);
}

TEST_F(CliValidate, NeuralTuneIsReproducibleAndNamesAreChecked) {
  const std::string data = write_prices("p.csv", trend(500, 0.5));
  const auto tune = [&](const std::string& out) {
    return run({"tune",
                "--data",
                data,
                "--model",
                "gru",
                "--features",
                "close",
                "--window",
                "5",
                "--epochs",
                "2",
                "--search",
                "random",
                "--trials",
                "3",
                "--param",
                "units=2:6",
                "--param",
                "lr=1e-3:1e-1:log",
                "--seed",
                "5",
                "--out",
                path(out),
                "-q",
                "--json"},
               kOk);
  };
  const auto first = tune("a");
  tune("b");
  EXPECT_EQ(slurp(dir_ / "a" / "trials.csv"), slurp(dir_ / "b" / "trials.csv"));
  const auto json = nlohmann::json::parse(first.out);
  ASSERT_EQ(json.at("trials").size(), 3U);
  EXPECT_TRUE(json.at("final").at("models").contains("gru"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "a" / "history.csv"));  // the refitted best's epochs

  const auto r =
      run({"tune", "--data", data, "--model", "gru", "--param", "unit=2,4", "--out", path("c"), "-q"},
          kInvalidInput);
  EXPECT_TRUE(contains(r.err, "unknown option 'unit'")) << r.err;
  EXPECT_TRUE(contains(r.err, "units, layers, dropout")) << r.err;  // the valid ones
}

#endif

}  // namespace
}  // namespace stockcast::test
