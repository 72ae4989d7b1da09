#include "result_fixture.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "stockcast/eval/statistics.hpp"
#include "stockcast/io/result_files.hpp"

namespace stockcast::test {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kFoldDays = 20;
constexpr std::size_t kTrials = 8;
constexpr double kLambda = 0.94;

// Trailing mean of the `window` closes before day t (window 1 = naive).
double trailing_mean(std::span<const double> close, std::size_t t, std::size_t window) {
  double s = 0;
  for (std::size_t j = 1; j <= window; ++j) s += close[t - j];
  return s / static_cast<double>(window);
}

io::MetricsRow metrics_of(const std::string& model, const std::string& split,
                          const std::vector<double>& actual, const std::vector<double>& predicted,
                          double naive_mse) {
  io::MetricsRow row;
  row.model = model;
  row.split = split;
  double se = 0, ae = 0, ape = 0, max_error = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e = actual[i] - predicted[i];
    se += e * e;
    ae += std::abs(e);
    ape += std::abs(e / actual[i]);
    max_error = std::max(max_error, std::abs(e));
  }
  const auto n = static_cast<double>(actual.size());
  row.mse = se / n;
  row.rmse = std::sqrt(row.mse);
  row.mae = ae / n;
  row.mape = 100 * ape / n;
  row.max_error = max_error;
  row.skill_vs_naive = model == "naive" ? 0.0 : 1 - row.mse / naive_mse;
  return row;
}

}  // namespace

std::vector<ExpectedChart> write_result_fixture(const std::filesystem::path& dir, const PriceSeries& series,
                                                const FixtureOptions& o) {
  const auto close = series.close();
  const std::size_t n = close.size();
  const std::size_t window = o.models + 1;
  std::vector<ExpectedChart> expected;

  io::RunInfo run;
  run.command = "compare";
  run.settings = {
      {"models", o.models}, {"window", window}, {"loss", "mse"}, {"seed", o.seed}, {"note", "test fixture"}};
  run.data_path = series.ticker() + ".csv";
  run.currency = o.currency;
  io::write_run_json(dir, run, &series);
  io::write_data_csv(dir, series);

  // Predictions and metrics.
  io::PredictionTable table;
  std::vector<std::string> names;
  for (std::size_t k = 0; k < o.models; ++k) names.push_back(fmt::format("mean-{}", k + 2));
  table.models.resize(o.models);
  for (std::size_t k = 0; k < o.models; ++k) table.models[k].name = names[k];
  const std::size_t val_start = o.all_test ? window : static_cast<std::size_t>(0.7 * static_cast<double>(n));
  const std::size_t test_start =
      o.all_test ? window : static_cast<std::size_t>(0.85 * static_cast<double>(n));
  for (std::size_t t = val_start; t < n; ++t) {
    table.dates.push_back(series.date(t));
    table.splits.push_back(t < test_start ? "val" : "test");
    table.actual.push_back(close[t]);
    table.naive.push_back(close[t - 1]);
    for (std::size_t k = 0; k < o.models; ++k)
      table.models[k].values.push_back(trailing_mean(close, t, k + 2));
  }
  io::write_predictions_csv(dir, table);
  std::vector<io::MetricsRow> metrics;
  for (const std::string split : {"val", "test"}) {
    std::vector<double> actual, naive;
    std::vector<std::vector<double>> models(o.models);
    for (std::size_t i = 0; i < table.dates.size(); ++i) {
      if (table.splits[i] != split) continue;
      actual.push_back(table.actual[i]);
      naive.push_back(table.naive[i]);
      for (std::size_t k = 0; k < o.models; ++k) models[k].push_back(table.models[k].values[i]);
    }
    if (actual.empty()) continue;
    const auto naive_row = metrics_of("naive", split, actual, naive, 1);
    metrics.push_back(naive_row);
    for (std::size_t k = 0; k < o.models; ++k)
      metrics.push_back(metrics_of(names[k], split, actual, models[k], naive_row.mse));
    expected.push_back({"pred-" + split, 2 + o.models, actual.size()});
    expected.push_back({"resid-" + split, 1 + o.models, actual.size()});
  }
  io::write_metrics(dir, metrics);

  // Training histories (fixture curves).
  std::vector<io::HistoryRow> history;
  for (std::size_t k = 0; k < o.models; ++k) {
    for (std::size_t e = 1; e <= o.epochs; ++e) {
      const double train =
          0.05 * std::exp(-static_cast<double>(e) / 4.0) * (1 + 0.1 * static_cast<double>(k)) + 0.002;
      history.push_back({names[k], static_cast<int>(e), train, train * 1.2 + 0.001, kNaN,
                         1e-3 * std::pow(0.5, static_cast<double>(e / 5))});
    }
    expected.push_back({"loss-" + names[k], 3, o.epochs});
  }
  io::write_history_csv(dir, history);

  // Rolling folds: the last `folds` windows of kFoldDays days.
  io::FoldTable folds;
  folds.metric_names = {"mse", "mae"};
  for (std::size_t f = 0; f < o.folds; ++f) {
    const std::size_t end = n - (o.folds - 1 - f) * kFoldDays;
    const std::size_t start = end - kFoldDays;
    for (std::size_t k = 0; k <= o.models; ++k) {
      double se = 0, ae = 0;
      for (std::size_t t = start; t < end; ++t) {
        const double e = close[t] - trailing_mean(close, t, k + 1);
        se += e * e;
        ae += std::abs(e);
      }
      folds.rows.push_back({k == 0 ? "naive" : names[k - 1],
                            static_cast<int>(f + 1),
                            series.date(start),
                            series.date(end - 1),
                            {se / kFoldDays, ae / kFoldDays}});
    }
  }
  io::write_folds_csv(dir, folds);
  expected.push_back({"folds-mse", o.models + 1, o.folds});
  expected.push_back({"folds-mae", o.models + 1, o.folds});

  // Trials: trailing-mean window as the tuned parameter, validation MSE as the objective.
  io::TrialTable trials;
  trials.objective = "val_mse";
  trials.param_names = {"window"};
  for (std::size_t w = 1; w <= kTrials; ++w) {
    double se = 0;
    std::size_t count = 0;
    for (std::size_t t = std::max(val_start, kTrials); t < test_start; ++t, ++count) {
      const double e = close[t] - trailing_mean(close, t, w);
      se += e * e;
    }
    trials.rows.push_back(
        {static_cast<int>(w), count ? se / static_cast<double>(count) : kNaN, {std::to_string(w)}});
  }
  io::write_trials_csv(dir, trials);
  expected.push_back({"trials", 2, kTrials});

  // Forecast: random walk with drift, 80 % and 95 % intervals.
  std::vector<double> diffs;
  for (std::size_t t = 1; t < n; ++t) diffs.push_back(close[t] - close[t - 1]);
  const auto dm = eval::moments(diffs);
  io::ForecastTable forecast;
  forecast.levels = {80, 95};
  Date day = series.last_date();
  std::vector<Date> forecast_dates;
  for (std::size_t h = 1; h <= o.horizon; ++h) {
    day = next_business_day(day);
    forecast_dates.push_back(day);
    const double value = close[n - 1] + static_cast<double>(h) * dm.mean;
    const double s = dm.sd * std::sqrt(static_cast<double>(h));
    forecast.rows.push_back({"drift",
                             day,
                             value,
                             {value - 1.2815515655446004 * s, value - 1.959963984540054 * s},
                             {value + 1.2815515655446004 * s, value + 1.959963984540054 * s}});
  }
  io::write_forecast_csv(dir, forecast);
  expected.push_back({"fan-drift", 6, std::min(n, std::max<std::size_t>(60, 3 * o.horizon)) + o.horizon});

  // Volatility: EWMA (RiskMetrics) on percent log returns.
  const std::vector<double> returns = eval::log_returns(close, 100.0);
  const auto rm = eval::moments(returns);
  std::vector<io::VolatilityRow> vol;
  double variance = rm.sd * rm.sd;
  for (std::size_t t = 0; t < returns.size(); ++t) {
    vol.push_back({"ewma(0.94)", series.date(t + 1), returns[t], std::sqrt(variance)});
    variance = kLambda * variance + (1 - kLambda) * returns[t] * returns[t];
  }
  for (const Date d : forecast_dates) vol.push_back({"ewma(0.94)", d, kNaN, std::sqrt(variance)});
  io::write_volatility_csv(dir, vol);
  expected.push_back({"vol-ewma_0_94_", 3, returns.size() + o.horizon});
  if (returns.size() + o.horizon > 500) expected.push_back({"vol-recent-ewma_0_94_", 3, 250 + o.horizon});

  // Generator: bootstrap of real returns, paths continuing from the last close (as `generate` does).
  std::mt19937 rng(o.seed);
  std::uniform_int_distribution<std::size_t> pick(0, returns.size() - 1);
  io::PathSet set;
  std::vector<double> pooled;
  for (std::size_t k = 0; k < o.paths; ++k) {
    std::vector<double> path;
    double price = close[n - 1];
    for (std::size_t t = 0; t < o.path_length; ++t) {
      const double r = returns[pick(rng)];
      if (t > 0) pooled.push_back(r);  // returns within the path, as the report computes them
      price *= std::exp(r / 100.0);
      path.push_back(price);
    }
    set.paths.push_back(std::move(path));
  }
  io::write_paths_csv(dir / "paths.csv", std::vector<io::PathSet>{set});
  const auto sm = eval::moments(pooled);
  io::write_fidelity_csv(dir, std::vector<io::FidelityRow>{
                                  {"bootstrap", "mean (%)", rm.mean, sm.mean},
                                  {"bootstrap", "sd (%)", rm.sd, sm.sd},
                                  {"bootstrap", "skew", rm.skew, sm.skew},
                                  {"bootstrap", "excess kurtosis", rm.excess_kurtosis, sm.excess_kurtosis}});
  const std::size_t lags = std::min<std::size_t>({40, o.path_length - 1 - 2, returns.size() - 2});
  expected.push_back(
      {"synth-paths", 1 + std::min<std::size_t>(20, o.paths), std::min(n, o.path_length) + o.path_length});
  expected.push_back({"synth-hist", 3, 50});
  expected.push_back({"synth-qq", 3, std::min<std::size_t>({500, returns.size(), pooled.size()})});
  expected.push_back({"synth-acf", 4, lags});
  expected.push_back({"synth-acf-abs", 4, lags});
  expected.push_back({"synth-pacf", 4, lags});

  expected.push_back({"data-price", 4, n});
  if (series.has_column(kVolume)) expected.push_back({"data-volume", 1, n});
  expected.push_back({"data-returns", 1, n});
  return expected;
}

std::string expected_charts_json(const std::vector<ExpectedChart>& charts) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : charts) out.push_back({{"id", c.id}, {"series", c.series}, {"points", c.points}});
  return out.dump(1);
}

}  // namespace stockcast::test
