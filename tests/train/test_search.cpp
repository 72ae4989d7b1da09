// Search spaces: parsing NAME=SPEC and [tune.params], grid order, seeded random draws.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "stockcast/core/error.hpp"
#include "stockcast/train/search.hpp"

namespace stockcast::train {
namespace {

TEST(SearchParam, ParsesListsOfNumbersStringsAndBooleans) {
  const SearchParam units = parse_search_param("units=10,50, 100", "--param");
  EXPECT_EQ(units.name, "units");
  ASSERT_EQ(units.values.size(), 3U);
  EXPECT_TRUE(units.values[0].is_number_integer());
  EXPECT_EQ(units.values[2].get<int>(), 100);
  EXPECT_FALSE(units.is_range());

  const SearchParam lr = parse_search_param("lr=1e-3,0.01", "--param");
  EXPECT_TRUE(lr.values[0].is_number_float());
  EXPECT_DOUBLE_EQ(lr.values[0].get<double>(), 1e-3);

  const SearchParam norm = parse_search_param("normalize=global,window", "--param");
  EXPECT_EQ(norm.values[1].get<std::string>(), "window");

  const SearchParam flag = parse_search_param("bidirectional=true,false", "--param");
  EXPECT_TRUE(flag.values[0].is_boolean());

  // Flag spelling and a single value.
  const SearchParam decay = parse_search_param("weight-decay=0", "--param");
  EXPECT_EQ(decay.name, "weight_decay");
  ASSERT_EQ(decay.values.size(), 1U);

  // Values holding commas are separated by ';'.
  const SearchParam features = parse_search_param("features=close;open,high,low,close", "--param");
  ASSERT_EQ(features.values.size(), 2U);
  EXPECT_EQ(features.values[1].get<std::string>(), "open,high,low,close");
}

TEST(SearchParam, ParsesRanges) {
  const SearchParam dropout = parse_search_param("dropout=0:0.5", "--param");
  EXPECT_TRUE(dropout.is_range());
  EXPECT_FALSE(dropout.integer);
  EXPECT_EQ(dropout.low, 0.0);
  EXPECT_EQ(dropout.high, 0.5);
  EXPECT_EQ(dropout.scale, ParamScale::kLinear);

  const SearchParam units = parse_search_param("units=8:64", "--param");
  EXPECT_TRUE(units.integer);

  const SearchParam lr = parse_search_param("lr=1e-4:1e-2:log", "--param");
  EXPECT_EQ(lr.scale, ParamScale::kLog);
  EXPECT_FALSE(lr.integer);

  // Not two numbers: a (one-element) list of text, left for the model to judge.
  const SearchParam text = parse_search_param("features=ma_5:close", "--param");
  EXPECT_FALSE(text.is_range());
}

TEST(SearchParam, RejectsMalformedText) {
  EXPECT_THROW((void)parse_search_param("units", "--param"), InvalidInput);
  EXPECT_THROW((void)parse_search_param("=10", "--param"), InvalidInput);
  EXPECT_THROW((void)parse_search_param("units=", "--param"), InvalidInput);
  EXPECT_THROW((void)parse_search_param("units=10,,50", "--param"), InvalidInput);
  EXPECT_THROW((void)parse_search_param("lr=1e-2:1e-4", "--param"), InvalidInput);     // reversed
  EXPECT_THROW((void)parse_search_param("dropout=0.2:0.2", "--param"), InvalidInput);  // empty
  EXPECT_THROW((void)parse_search_param("lr=0:1e-2:log", "--param"), InvalidInput);    // log of 0
  try {
    (void)parse_search_param("lr=1e-2:1e-4", "--param");
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'lr'"), std::string::npos) << error.what();
  }
}

TEST(SearchSpace, FromConfigTable) {
  const nlohmann::json params = {{"units", {10, 50}},
                                 {"dropout", "0:0.5"},
                                 {"lr", {{"low", 1e-4}, {"high", 1e-2}, {"log", true}}},
                                 {"epochs", 5}};
  const SearchSpace space = search_space_from_json(params, "tune.toml");
  ASSERT_EQ(space.size(), 4U);
  std::set<std::string> names;
  for (const auto& p : space) names.insert(p.name);
  EXPECT_EQ(names, (std::set<std::string>{"units", "dropout", "lr", "epochs"}));
  for (const auto& p : space) {
    if (p.name == "lr") {
      EXPECT_EQ(p.scale, ParamScale::kLog);
    } else if (p.name == "dropout") {
      EXPECT_TRUE(p.is_range());
    } else if (p.name == "epochs") {
      EXPECT_EQ(p.values.size(), 1U);
    }
  }
  EXPECT_THROW((void)search_space_from_json({{"units", nlohmann::json::array()}}, "t"), InvalidInput);
  EXPECT_THROW((void)search_space_from_json({{"lr", {{"low", 1e-4}}}}, "t"), InvalidInput);
  EXPECT_THROW((void)search_space_from_json({{"lr", {{"low", 1}, {"high", 2}, {"step", 1}}}}, "t"),
               InvalidInput);
  EXPECT_THROW((void)search_space_from_json({{"units", {{1, 2}}}}, "t"), InvalidInput);
  EXPECT_THROW((void)search_space_from_json(nlohmann::json::array(), "t"), InvalidInput);
}

TEST(SearchSpace, ValidateRejectsEmptyAndRepeatedNames) {
  EXPECT_THROW(validate_space({}, "tune"), InvalidInput);
  const SearchSpace twice = {parse_search_param("units=1,2", "p"), parse_search_param("units=3", "p")};
  EXPECT_THROW(validate_space(twice, "tune"), InvalidInput);
}

TEST(GridSearch, EveryCombinationLastParameterFastest) {
  const SearchSpace space = {parse_search_param("units=10,50", "p"),
                             parse_search_param("lr=0.1,0.01,0.001", "p")};
  EXPECT_EQ(grid_size(space), 6U);
  const auto grid = grid_configurations(space);
  ASSERT_EQ(grid.size(), 6U);
  EXPECT_EQ(grid[0], (nlohmann::json{{"units", 10}, {"lr", 0.1}}));
  EXPECT_EQ(grid[1], (nlohmann::json{{"units", 10}, {"lr", 0.01}}));
  EXPECT_EQ(grid[3], (nlohmann::json{{"units", 50}, {"lr", 0.1}}));
  EXPECT_EQ(grid[5], (nlohmann::json{{"units", 50}, {"lr", 0.001}}));
  std::set<std::string> distinct;
  for (const auto& c : grid) distinct.insert(c.dump());
  EXPECT_EQ(distinct.size(), 6U);
}

TEST(GridSearch, RangesAndHugeGridsAreErrors) {
  EXPECT_THROW((void)grid_configurations({parse_search_param("dropout=0:0.5", "p")}), InvalidInput);
  SearchSpace huge;
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    huge.push_back(parse_search_param(std::string(name) + "=1,2,3,4,5,6,7,8,9,10", "p"));
  }
  EXPECT_THROW((void)grid_size(huge), InvalidInput);
}

TEST(RandomSearch, SeededAndReproducible) {
  const SearchSpace space = {
      parse_search_param("units=8:64", "p"), parse_search_param("lr=1e-4:1e-2:log", "p"),
      parse_search_param("dropout=0:0.5", "p"), parse_search_param("normalize=global,window", "p")};
  const auto a = random_configurations(space, 25, 7);
  const auto b = random_configurations(space, 25, 7);
  const auto c = random_configurations(space, 25, 8);
  ASSERT_EQ(a.size(), 25U);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::set<std::string> distinct;
  for (const auto& config : a) {
    distinct.insert(config.dump());
    ASSERT_TRUE(config.at("units").is_number_integer());
    EXPECT_GE(config.at("units").get<int>(), 8);
    EXPECT_LE(config.at("units").get<int>(), 64);
    EXPECT_GE(config.at("lr").get<double>(), 1e-4);
    EXPECT_LE(config.at("lr").get<double>(), 1e-2);
    EXPECT_GE(config.at("dropout").get<double>(), 0.0);
    EXPECT_LE(config.at("dropout").get<double>(), 0.5);
    const std::string norm = config.at("normalize").get<std::string>();
    EXPECT_TRUE(norm == "global" || norm == "window");
  }
  EXPECT_EQ(distinct.size(), 25U);
}

TEST(RandomSearch, LogRangeIsUniformInTheExponent) {
  const SearchSpace space = {parse_search_param("lr=1e-4:1e-2:log", "p")};
  const auto draws = random_configurations(space, 4000, 3);
  std::size_t below = 0;
  for (const auto& config : draws) below += config.at("lr").get<double>() < 1e-3 ? 1U : 0U;
  // Half the draws fall below the geometric midpoint 1e-3 (a linear draw would put ~9% there).
  EXPECT_NEAR(static_cast<double>(below) / static_cast<double>(draws.size()), 0.5, 0.04);

  const SearchSpace linear = {parse_search_param("dropout=0:1", "p")};
  double sum = 0;
  const auto uniform = random_configurations(linear, 4000, 3);
  for (const auto& config : uniform) sum += config.at("dropout").get<double>();
  EXPECT_NEAR(sum / static_cast<double>(uniform.size()), 0.5, 0.02);
}

TEST(RandomSearch, SmallDiscreteSpaceGivesEveryCombinationOnce) {
  const SearchSpace space = {parse_search_param("units=10,50", "p"), parse_search_param("layers=1:2", "p")};
  const auto draws = random_configurations(space, 20, 1);
  ASSERT_EQ(draws.size(), 4U);
  std::set<std::string> distinct;
  for (const auto& config : draws) distinct.insert(config.dump());
  EXPECT_EQ(distinct.size(), 4U);
  EXPECT_THROW((void)random_configurations(space, 0, 1), InvalidInput);
}

TEST(SearchKind, ParsesNames) {
  EXPECT_EQ(parse_search_kind("grid", "--search"), SearchKind::kGrid);
  EXPECT_EQ(parse_search_kind("random", "--search"), SearchKind::kRandom);
  EXPECT_THROW((void)parse_search_kind("bayes", "--search"), InvalidInput);
  EXPECT_EQ(param_text(nlohmann::json("window")), "window");
  EXPECT_EQ(param_text(nlohmann::json(0.001)), "0.001");
  EXPECT_EQ(param_text(nlohmann::json(50)), "50");
}

}  // namespace
}  // namespace stockcast::train
