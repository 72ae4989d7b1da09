#include "stockcast/eval/comparison.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "stockcast/core/error.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/io/text_table.hpp"

namespace stockcast::eval {

namespace {

// Adds the model's name to its own errors, keeping their type (and so the CLI's exit code).
template <typename Body>
auto with_model_name(const std::string& name, Body&& body) {
  try {
    return body();
  } catch (const InvalidInput& error) {
    throw InvalidInput(fmt::format("model '{}': {}", name, error.what()));
  } catch (const NumericalError& error) {
    throw NumericalError(fmt::format("model '{}': {}", name, error.what()));
  } catch (const NotFitted& error) {
    throw NotFitted(fmt::format("model '{}': {}", name, error.what()));
  }
}

HistoricalForecasts forecasts_over(models::Forecaster& model, const PriceSeries& series, prep::RowRange part,
                                   const ComparisonOptions& options) {
  BacktestOptions backtest = BacktestOptions::over_part(part, options.horizon);
  backtest.target = options.target;
  return historical_forecasts(model, series, backtest);
}

io::MetricsRow metrics_row(const std::string& model, std::string_view split, const NaiveComparison& c,
                           double train_seconds) {
  io::MetricsRow row;
  row.model = model;
  row.split = std::string(split);
  row.mse = c.model.mse;
  row.rmse = c.model.rmse;
  row.mae = c.model.mae;
  row.mape = c.model.mape;
  row.smape = c.model.smape;
  row.r2 = c.model.r2;
  row.explained_variance = c.model.explained_variance;
  row.max_error = c.model.max_error;
  row.directional_accuracy = c.model.directional_accuracy;
  row.skill_vs_naive = c.skill;
  row.dm_pvalue = c.dm.p_value;
  row.train_seconds = train_seconds;
  return row;
}

// The verdict column: does the model beat naive on the test part?
std::string verdict(const ModelResult& m) {
  if (m.kind == "naive") return "(yardstick)";
  if (m.test_vs_naive.beats_naive) return "yes";
  if (m.test_vs_naive.skill > 0) return "NO: not significant";
  return "NO: worse than naive";
}

std::string number(double value, std::string_view spec) { return io::format_cell(value, spec); }
std::string p_value(double p) { return io::format_p_value(p); }

}  // namespace

NaiveComparison score_part(models::Forecaster& model, const PriceSeries& series, prep::RowRange part,
                           const ComparisonOptions& options, HistoricalForecasts* forecasts) {
  HistoricalForecasts hf = forecasts_over(model, series, part, options);
  NaiveComparison result = compare_with_naive(hf, options.alpha);
  if (forecasts != nullptr) *forecasts = std::move(hf);
  return result;
}

Comparison compare_models(const PriceSeries& series, const prep::Split& split,
                          std::span<ComparedModel> models, const ComparisonOptions& options) {
  if (models.empty()) throw InvalidInput("compare: no models to compare");
  std::set<std::string> names;
  for (const auto& m : models) {
    if (m.name.empty() || !names.insert(m.name).second) {
      throw InvalidInput(fmt::format("compare: model name '{}' is empty or used twice", m.name));
    }
    if (!m.model) throw Internal(fmt::format("compare: model '{}' is null", m.name));
    const bool reserved = m.name == "date" || m.name == "split" || m.name == "actual" ||
                          (m.name == "naive" && m.model->kind() != "naive");
    if (reserved) {
      throw InvalidInput(
          fmt::format("compare: '{}' cannot name a model (it is a column of predictions.csv)", m.name));
    }
  }
  Comparison result;
  result.ticker = series.ticker();
  result.rows = series.size();
  result.first_date = series.first_date();
  result.last_date = series.last_date();
  result.split = split;
  result.options = options;
  const PriceSeries train = series.slice(split.train.begin, split.train.end);
  const PriceSeries valid = series.slice(split.valid.begin, split.valid.end);

  for (auto& [name, model] : models) {
    ModelResult r;
    r.name = name;
    r.kind = model->kind();
    if (options.on_fit) options.on_fit(name, *model, false);
    const auto start = std::chrono::steady_clock::now();
    with_model_name(name, [&] {
      model->fit(train, valid);
      return 0;
    });
    r.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.on_fit) options.on_fit(name, *model, true);
    r.description = model->describe();
    const models::ModelState state = model->save_state();
    if (state.config.contains("parameter_count"))
      r.parameters = state.config.at("parameter_count").get<std::int64_t>();
    if (state.config.contains("history")) {
      r.history = train::training_history_from_json(state.config.at("history"), name);
    }
    if (!split.valid.empty()) {
      r.valid = with_model_name(name, [&] { return forecasts_over(*model, series, split.valid, options); });
      r.valid_vs_naive = compare_with_naive(*r.valid, options.alpha);
    }
    r.test = with_model_name(name, [&] { return forecasts_over(*model, series, split.test, options); });
    r.test_vs_naive = compare_with_naive(r.test, options.alpha);
    result.models.push_back(std::move(r));
  }
  return result;
}

std::string format_comparison_table(const Comparison& c) {
  const bool has_valid =
      std::any_of(c.models.begin(), c.models.end(), [](const auto& m) { return m.valid_vs_naive; });
  std::vector<std::string> header = {"model", "params", "train s"};
  if (has_valid) {
    for (const char* h : {"val MSE", "val RMSE", "val MAE", "val MAPE%", "val R2"}) header.emplace_back(h);
  }
  for (const char* h :
       {"test MSE", "test RMSE", "test MAE", "test MAPE%", "test R2", "skill", "DM p", "beats naive?"}) {
    header.emplace_back(h);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : c.models) {
    std::vector<std::string> row = {m.name, m.parameters > 0 ? std::to_string(m.parameters) : "-",
                                    fmt::format("{:.1f}", m.train_seconds)};
    const auto add_errors = [&row](const Metrics& x) {
      row.push_back(number(x.mse, ".4g"));
      row.push_back(number(x.rmse, ".4g"));
      row.push_back(number(x.mae, ".4g"));
      row.push_back(number(x.mape, ".3f"));
      row.push_back(number(x.r2, ".4f"));
    };
    if (has_valid) {
      if (m.valid_vs_naive) {
        add_errors(m.valid_vs_naive->model);
      } else {
        row.insert(row.end(), 5, "-");
      }
    }
    add_errors(m.test_vs_naive.model);
    const bool yardstick = m.kind == "naive";
    row.push_back(yardstick ? "-" : number(m.test_vs_naive.skill, "+.4f"));
    row.push_back(yardstick ? "-" : p_value(m.test_vs_naive.dm.p_value));
    row.push_back(verdict(m));
    rows.push_back(std::move(row));
  }
  // Text columns (first and last) left-aligned, numbers right-aligned.
  std::vector<io::Align> align(header.size(), io::Align::kRight);
  align.front() = io::Align::kLeft;
  align.back() = io::Align::kLeft;

  std::string out = fmt::format(
      "{}: {} days {} .. {}; train {} days, validation {}, test {}. {}-day-ahead forecasts of {}, errors in "
      "price units.\n\n",
      c.ticker, c.rows, to_string(c.first_date), to_string(c.last_date), c.split.train.size(),
      c.split.valid.size(), c.split.test.size(), c.options.horizon, c.options.target);
  out += io::format_text_table(header, rows, align);
  out += fmt::format(
      "\nskill = 1 - MSE/MSE_naive on the test part; DM p = Diebold-Mariano p-value vs naive (squared "
      "error);\n"
      "'beats naive?' is yes only when skill > 0 and p < {:g}. Any model marked NO is no better than\n"
      "predicting tomorrow's {} with today's.\n",
      c.options.alpha, c.options.target);
  return out;
}

void write_comparison(const std::filesystem::path& dir, const Comparison& c) {
  std::vector<io::MetricsRow> metrics;
  std::vector<io::HistoryRow> history;
  for (const auto& m : c.models) {
    if (m.valid_vs_naive) metrics.push_back(metrics_row(m.name, "val", *m.valid_vs_naive, m.train_seconds));
    metrics.push_back(metrics_row(m.name, "test", m.test_vs_naive, m.train_seconds));
    if (!m.history) continue;
    for (const auto& e : m.history->epochs) {
      history.push_back({.model = m.name,
                         .epoch = e.epoch,
                         .train_loss = e.train_loss,
                         .val_loss = e.val_loss.value_or(io::kMissing),
                         .val_mae = e.val_mae.value_or(io::kMissing),
                         .lr = e.learning_rate});
    }
  }
  io::write_metrics(dir, metrics, comparison_summary(c).at("models"));

  // Predictions: the `horizon`-step forecast of every target day of the validation and test parts.
  io::PredictionTable table;
  const auto add_part = [&](std::string_view split, const auto& pick) {
    const HistoricalForecasts* first = nullptr;
    for (const auto& m : c.models) {
      const HistoricalForecasts* hf = pick(m);
      if (hf == nullptr) return;
      const HistoricalForecasts step = hf->only_step(c.options.horizon);
      if (first == nullptr) {
        first = hf;
        for (std::size_t i = 0; i < step.size(); ++i) {
          table.dates.push_back(step.date[i]);
          table.splits.emplace_back(split);
          table.actual.push_back(step.actual[i]);
          table.naive.push_back(step.origin_value[i]);
        }
      }
      if (m.name == "naive") continue;  // the naive forecast is the file's own `naive` column
      auto it = std::find_if(table.models.begin(), table.models.end(),
                             [&](const auto& x) { return x.name == m.name; });
      if (it == table.models.end()) {
        table.models.push_back({m.name, {}});
        it = std::prev(table.models.end());
      }
      it->values.insert(it->values.end(), step.forecast.begin(), step.forecast.end());
      if (it->values.size() != table.dates.size()) {
        throw Internal(fmt::format("write_comparison: model '{}' forecast {} days of the {} part, others {}",
                                   m.name, it->values.size(), split, table.dates.size()));
      }
    }
  };
  add_part("val", [](const ModelResult& m) { return m.valid ? &*m.valid : nullptr; });
  add_part("test", [](const ModelResult& m) { return &m.test; });
  io::write_predictions_csv(dir, table);
  io::write_history_csv(dir, history);
}

nlohmann::json comparison_summary(const Comparison& c) {
  nlohmann::json models = nlohmann::json::object();
  for (const auto& m : c.models) {
    nlohmann::json entry = {{"kind", m.kind},
                            {"description", m.description},
                            {"params", m.parameters},
                            {"train_seconds", m.train_seconds},
                            {"beats_naive", m.test_vs_naive.beats_naive},
                            {"test_skill", m.test_vs_naive.skill},
                            {"test_dm_statistic", m.test_vs_naive.dm.statistic},
                            {"test_dm_pvalue", m.test_vs_naive.dm.p_value}};
    if (m.history) {
      entry["epochs"] = m.history->epochs.size();
      entry["best_epoch"] = m.history->best_epoch;
      entry["stopped_early"] = m.history->stopped_early;
    }
    models[m.name] = std::move(entry);
  }
  return {{"models", std::move(models)},
          {"split",
           {{"train", {c.split.train.begin, c.split.train.end}},
            {"valid", {c.split.valid.begin, c.split.valid.end}},
            {"test", {c.split.test.begin, c.split.test.end}}}},
          {"target", c.options.target},
          {"horizon", c.options.horizon},
          {"alpha", c.options.alpha}};
}

}  // namespace stockcast::eval
