#include "reference_checks/reference_handlers.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/stat/autoreg.hpp"
#include "test_paths.hpp"

namespace stockcast::test {
namespace {

using nlohmann::json;
namespace stat = stockcast::models::stat;

json to_json(const std::vector<double>& v) { return json(v); }

// ---------------------------------------------------------------- data

void data_n_rows(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(c.close.size())));
}
void data_first_last_date(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(
      apply_check(check, json::array({to_string(c.prices.first_date()), to_string(c.prices.last_date())})));
}
void data_close_sum(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(std::accumulate(c.close.begin(), c.close.end(), 0.0))));
}
void data_returns_n(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(c.returns.size())));
}
void data_returns_mean(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(eval::moments(c.returns).mean)));
}
void data_returns_sd(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(eval::moments(c.returns).sd)));
}
void data_returns_sum_sq(const ReferenceContext& c, const ReferenceCheck& check) {
  double s = 0;
  for (const double r : c.returns) s += r * r;
  EXPECT_TRUE(apply_check(check, json(s)));
}

// ---------------------------------------------------------------- AutoReg(5)

const stat::AutoRegFit& autoreg5(const ReferenceContext& c) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<stat::AutoRegFit>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[c.series.name];
  if (!slot) slot = std::make_unique<stat::AutoRegFit>(stat::fit_autoreg(c.close, {.lags = 5}));
  return *slot;
}

void autoreg_params(const ReferenceContext& c, const ReferenceCheck& check) {
  const auto& fit = autoreg5(c);
  json params = json::object();
  for (std::size_t i = 0; i < fit.names.size(); ++i)
    params[fit.names[i]] = fit.params[static_cast<Eigen::Index>(i)];
  EXPECT_TRUE(apply_check(check, params));
}
void autoreg_sigma2(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(autoreg5(c).sigma2)));
}
void autoreg_llf(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, json(autoreg5(c).loglik)));
}
void autoreg_forecast(const ReferenceContext& c, const ReferenceCheck& check) {
  EXPECT_TRUE(apply_check(check, to_json(autoreg5(c).forecast(static_cast<int>(check.value.size())).mean)));
}

const std::map<std::string, Handler, std::less<>>& handlers() {
  static const std::map<std::string, Handler, std::less<>> table{
      {"data.n_rows", {false, data_n_rows}},
      {"data.first_last_date", {false, data_first_last_date}},
      {"data.close_sum", {false, data_close_sum}},
      {"data.returns.n", {false, data_returns_n}},
      {"data.returns.mean", {false, data_returns_mean}},
      {"data.returns.sd", {false, data_returns_sd}},
      {"data.returns.sum_sq", {false, data_returns_sum_sq}},
      {"autoreg.params", {false, autoreg_params}},
      {"autoreg.sigma2", {false, autoreg_sigma2}},
      {"autoreg.llf", {false, autoreg_llf}},
      {"autoreg.forecast", {false, autoreg_forecast}},
  };
  return table;
}

}  // namespace

const ReferenceContext& reference_context(const ReferenceSeries& series) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<ReferenceContext>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[series.name];
  if (!slot) {
    auto context = std::make_unique<ReferenceContext>();
    context->series = series;
    context->prices = data::read_prices(data_file(series.data_file)).series;
    const auto close = context->prices.close();
    context->close.assign(close.begin(), close.end());
    context->returns = eval::log_returns(context->close, 100.0);
    slot = std::move(context);
  }
  return *slot;
}

const Handler* find_handler(std::string_view id) {
  const auto& table = handlers();
  const auto it = table.find(id);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace stockcast::test
