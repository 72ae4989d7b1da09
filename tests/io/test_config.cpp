#include <gtest/gtest.h>

#include <string>

#include "stockcast/core/error.hpp"
#include "stockcast/io/config.hpp"
#include "test_paths.hpp"

namespace stockcast::io {
namespace {

std::string error_of(std::string_view toml) {
  try {
    (void)experiment_from_json(parse_toml(toml, "x.toml"), "x.toml");
  } catch (const InvalidInput& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InvalidInput";
  return {};
}

TEST(Toml, ConvertsValuesAndNormalisesKeys) {
  const auto json = parse_toml(R"(
top = 1
[a]
weight-decay = 1e-4
name = "x"
flag = true
list = ["open", "close"]
day = 2024-07-26
)",
                               "t.toml");
  EXPECT_EQ(json["top"], 1);
  EXPECT_EQ(json["a"]["weight_decay"], 1e-4);
  EXPECT_EQ(json["a"]["name"], "x");
  EXPECT_EQ(json["a"]["flag"], true);
  EXPECT_EQ(json["a"]["list"][1], "close");
  EXPECT_EQ(json["a"]["day"], "2024-07-26");
}

TEST(Toml, SyntaxErrorsNameFileLineAndColumn) {
  try {
    (void)parse_toml("a = 1\nb = = 2\n", "bad.toml");
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_EQ(std::string(error.what()).rfind("bad.toml:2:", 0), 0U) << error.what();
  }
  EXPECT_THROW((void)parse_toml("a-b = 1\na_b = 2\n", "dup.toml"), InvalidInput);
  EXPECT_THROW((void)read_toml("/nonexistent/x.toml"), IoError);
}

TEST(Experiment, ReadsSectionsAndModels) {
  const auto config = experiment_from_json(parse_toml(R"(
[data]
window = 30
[train]
epochs = 20
[[model]]
name = "lstm-optimized"
kind = "lstm"
units = 50
[[model]]
kind = "naive"
)",
                                                      "e.toml"),
                                           "e.toml");
  EXPECT_EQ(config.data["window"], 30);
  EXPECT_EQ(config.train["epochs"], 20);
  ASSERT_EQ(config.models.size(), 2U);
  EXPECT_EQ(config.models[0].name, "lstm-optimized");
  EXPECT_EQ(config.models[0].kind, "lstm");
  EXPECT_EQ(config.models[0].options, nlohmann::json({{"units", 50}}));
  EXPECT_EQ(config.models[1].name, "naive");
  EXPECT_TRUE(config.models[1].options.empty());
}

TEST(Experiment, RejectsMistakesWithTheirPlace) {
  EXPECT_NE(error_of("epochs = 3\n").find("unknown top-level key 'epochs'"), std::string::npos);
  EXPECT_NE(error_of("[[model]]\nname = \"x\"\n").find("no kind"), std::string::npos);
  EXPECT_NE(error_of("[[model]]\nkind = \"rnn\"\n[[model]]\nkind = \"rnn\"\n").find("used twice"),
            std::string::npos);
  EXPECT_NE(error_of("data = 3\n").find("[data] must be a table"), std::string::npos);
}

TEST(Experiment, ValidateAndTuneTables) {
  const auto config = experiment_from_json(parse_toml(R"(
[validate]
scheme = "rolling"
train-days = 200
[tune]
search = "random"
[tune.params]
units = [10, 50]
dropout = "0:0.5"
[[model]]
kind = "lstm"
)",
                                                      "v.toml"),
                                           "v.toml");
  EXPECT_EQ(config.validate["train_days"], 200);
  EXPECT_EQ(config.tune["search"], "random");
  EXPECT_EQ(config.tune["params"]["units"], nlohmann::json({10, 50}));
  EXPECT_EQ(config.tune["params"]["dropout"], "0:0.5");
  EXPECT_NE(error_of("tune = 3\n").find("[tune] must be a table"), std::string::npos);
}

TEST(Experiment, PaperAExampleParses) {
  const auto config = read_experiment_config(test::source_dir() / "examples" / "paper_a.toml");
  ASSERT_EQ(config.models.size(), 8U);
  EXPECT_EQ(config.data["window"], 30);
  EXPECT_EQ(config.data["split"], "0.7,0.15,0.15");
}

}  // namespace
}  // namespace stockcast::io
