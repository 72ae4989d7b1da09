// stockcast fit end to end: the JSON keys the issue fixes (params / std_errors named as statsmodels
// and arch name them, loglik, aic, aicc, bic, converged, forecast), values agreeing with the library
// and the reference tools, and every bad input's exit code.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

std::string goog() { return data_file("kaggle_stock_market_data/GOOG.csv").string(); }
std::string aapl() {
  return data_file("investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv").string();
}

nlohmann::json fit_json(const std::vector<std::string>& args) {
  std::vector<std::string> full{"fit"};
  full.insert(full.end(), args.begin(), args.end());
  full.emplace_back("--json");
  const auto r = run_cli(full);
  EXPECT_EQ(r.exit_code, kOk) << r.err;
  return nlohmann::json::parse(r.out);
}

void expect_forecast_rows(const nlohmann::json& forecast, std::size_t horizon) {
  ASSERT_TRUE(forecast.is_array());
  ASSERT_EQ(forecast.size(), horizon);
  for (const auto& row : forecast) {
    for (const char* key : {"date", "value", "lower", "upper"}) EXPECT_TRUE(row.contains(key)) << key;
    EXPECT_LT(row["lower"].get<double>(), row["value"].get<double>());
    EXPECT_GT(row["upper"].get<double>(), row["value"].get<double>());
  }
}

TEST(CliFit, ArimaJsonHasTheIssuesKeysAndTheReferenceOptimum) {
  const auto j = fit_json({"--model", "arima", "--order", "1,1,1", "--data", goog(), "--horizon", "5"});
  EXPECT_EQ(j["model"], "arima");
  EXPECT_EQ(j["order"], nlohmann::json::array({1, 1, 1}));
  for (const char* key : {"ar.L1", "ma.L1", "sigma2"}) {
    EXPECT_TRUE(j["params"].contains(key)) << key;
    EXPECT_TRUE(j["std_errors"].contains(key)) << key;
  }
  // tests/reference/goog_kaggle.json: statsmodels' refined optimum and its loglik.
  EXPECT_GE(j["loglik"].get<double>(), -19048.73282715193 - 1.9e-4);
  EXPECT_NEAR(j["params"]["ar.L1"].get<double>(), -0.5006737111399426, 0.0048);
  EXPECT_NEAR(j["params"]["ma.L1"].get<double>(), 0.4282815445329635, 0.0050);
  for (const char* key : {"aic", "aicc", "bic"}) EXPECT_TRUE(j[key].is_number()) << key;
  EXPECT_EQ(j["converged"], true);
  expect_forecast_rows(j["forecast"], 5);
  EXPECT_EQ(j["forecast"][0]["date"], "2022-06-07");
}

TEST(CliFit, AutoArimaChoosesRsOrder) {
  const auto j = fit_json({"--model", "auto-arima", "--data", aapl(), "--horizon", "3"});
  EXPECT_EQ(j["order"], nlohmann::json::array({0, 1, 0}));
  EXPECT_NEAR(j["aicc"].get<double>(), 4864.21230617937, 1e-6);
  expect_forecast_rows(j["forecast"], 3);
}

TEST(CliFit, ArimaOnLogAndReturnsForecastsPrices) {
  for (const char* transform : {"log", "return"}) {
    const auto j = fit_json({"--model", "arima", "--order", "1,0,0", "--transform", transform, "--data",
                             aapl(), "--horizon", "2"});
    EXPECT_EQ(j["transform"], transform);
    const double value = j["forecast"][0]["value"].get<double>();
    EXPECT_GT(value, 200.0);
    EXPECT_LT(value, 300.0);
  }
}

TEST(CliFit, ArJsonMatchesAutoReg) {
  const auto j = fit_json({"--model", "ar", "--lags", "5", "--data", aapl(), "--horizon", "10"});
  // tests/reference/aapl_cn.json autoreg.params / autoreg.llf.
  EXPECT_NEAR(j["params"]["const"].get<double>(), 0.2767308846560028, 1e-6 * 0.28);
  EXPECT_NEAR(j["params"]["y.L1"].get<double>(), 1.0244078724719174, 1e-6);
  EXPECT_NEAR(j["loglik"].get<double>(), -2417.442223940235, 1e-6 * 2417);
  expect_forecast_rows(j["forecast"], 10);
  EXPECT_NEAR(j["forecast"][9]["value"].get<double>(), 251.14758233780702, 1e-6 * 251);
}

TEST(CliFit, GarchJsonHasArchNamesAndVolatilityForecasts) {
  const auto j = fit_json({"--model", "garch", "--data", goog(), "--horizon", "4"});
  for (const char* key : {"mu", "omega", "alpha[1]", "beta[1]"})
    EXPECT_TRUE(j["params"].contains(key)) << key;
  // tests/reference/goog_kaggle.json garch11.fGarch_norm.mle.loglik.
  EXPECT_GE(j["loglik"].get<double>(), -8823.71112547507 - 8.9e-5);
  ASSERT_EQ(j["forecast"].size(), 4u);
  for (const auto& row : j["forecast"]) {
    EXPECT_NEAR(std::sqrt(row["variance"].get<double>()), row["volatility"].get<double>(), 1e-12);
  }
  const auto t = fit_json({"--model", "gjr-garch", "--dist", "t", "--data", goog(), "--horizon", "1"});
  for (const char* key : {"gamma[1]", "nu"}) EXPECT_TRUE(t["params"].contains(key)) << key;
}

TEST(CliFit, GarchOnPricesWarns) {
  const auto j = fit_json({"--model", "garch", "--transform", "none", "--data", goog(), "--horizon", "1"});
  ASSERT_FALSE(j["warnings"].empty());
  EXPECT_NE(j["warnings"][0].get<std::string>().find("price level"), std::string::npos);
}

TEST(CliFit, HumanReadableOutput) {
  const auto r = run_cli({"fit", "--model", "arima", "--order", "0,1,1", "--data", aapl(), "--horizon", "2"});
  ASSERT_EQ(r.exit_code, kOk) << r.err;
  EXPECT_NE(r.out.find("ma.L1"), std::string::npos);
  EXPECT_NE(r.out.find("Ljung-Box"), std::string::npos);
  EXPECT_NE(r.out.find("Forecast"), std::string::npos);
}

fs::path write_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "stockcast_test_cli_stat";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path;
}

TEST(CliFit, BadInputExitCodes) {
  EXPECT_EQ(run_cli({"fit", "--model", "arma", "--data", goog()}).exit_code, kUsage);
  EXPECT_EQ(run_cli({"fit", "--model", "arima"}).exit_code, kUsage);
  EXPECT_EQ(run_cli({"fit", "--model", "arima", "--data", "no/such/file.csv"}).exit_code, kIo);
  const auto bad_order = run_cli({"fit", "--model", "arima", "--order", "1,x,1", "--data", goog()});
  EXPECT_EQ(bad_order.exit_code, kInvalidInput);
  EXPECT_NE(bad_order.err.find("--order"), std::string::npos) << bad_order.err;
  EXPECT_EQ(run_cli({"fit", "--model", "arima", "--order", "1,1", "--data", goog()}).exit_code,
            kInvalidInput);
  EXPECT_EQ(run_cli({"fit", "--model", "arima", "--order", "1,3,1", "--data", goog()}).exit_code,
            kInvalidInput);
  EXPECT_EQ(run_cli({"fit", "--model", "arima", "--horizon", "0", "--data", goog()}).exit_code,
            kInvalidInput);
  EXPECT_EQ(run_cli({"fit", "--model", "garch", "--dist", "cauchy", "--data", goog()}).exit_code,
            kInvalidInput);
  EXPECT_EQ(run_cli({"fit", "--model", "auto-arima", "--order", "1,1,1", "--data", goog()}).exit_code,
            kInvalidInput);
  // A constant price series cannot be modelled; too few rows for the order.
  std::string constant = "Date,Close\n";
  for (int d = 1; d <= 28; ++d) constant += fmt::format("2024-02-{:02d},10.0\n", d);
  const auto flat = write_file("flat.csv", constant);
  const auto r = run_cli({"fit", "--model", "arima", "--order", "1,0,0", "--data", flat.string()});
  EXPECT_EQ(r.exit_code, kInvalidInput) << r.err;
  EXPECT_NE(r.err.find("constant"), std::string::npos) << r.err;
  std::string few = "Date,Close\n2024-02-01,10.0\n2024-02-02,10.5\n2024-02-05,10.2\n2024-02-06,10.9\n";
  const auto short_file = write_file("short.csv", few);
  EXPECT_EQ(run_cli({"fit", "--model", "arima", "--order", "2,1,2", "--data", short_file.string()}).exit_code,
            kInvalidInput);
  EXPECT_EQ(run_cli({"fit", "--model", "ar", "--lags", "5", "--data", short_file.string()}).exit_code,
            kInvalidInput);
}

}  // namespace
}  // namespace stockcast::test
