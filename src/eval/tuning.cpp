#include "stockcast/eval/tuning.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <numeric>

#include "stockcast/core/error.hpp"
#include "stockcast/io/text_table.hpp"
#include "stockcast/models/baseline/naive.hpp"
#include "stockcast/train/search.hpp"

namespace stockcast::eval {

namespace {

std::string number(double value, std::string_view spec) { return io::format_cell(value, spec); }

// A parameter value for the console table: numbers to 4 significant digits, text as is.
std::string short_text(const nlohmann::json& value) {
  if (value.is_number_float()) return fmt::format("{:.4g}", value.get<double>());
  return train::param_text(value);
}

std::string config_text(const nlohmann::json& config) {
  std::string out;
  for (const auto& [key, value] : config.items()) {
    if (!out.empty()) out += " ";
    out += fmt::format("{}={}", key, short_text(value));
  }
  return out;
}

int epochs_of(const models::Forecaster& model, std::string_view where) {
  const models::ModelState state = model.save_state();
  if (!state.config.is_object() || !state.config.contains("history")) return 0;
  return static_cast<int>(train::training_history_from_json(state.config.at("history"), where).epochs.size());
}

}  // namespace

TuningObjective parse_tuning_objective(std::string_view name, std::string_view where) {
  std::string_view bare = name;
  if (bare.substr(0, 4) == "val_") bare.remove_prefix(4);
  if (bare == "mse") return TuningObjective::kMse;
  if (bare == "rmse") return TuningObjective::kRmse;
  if (bare == "mae") return TuningObjective::kMae;
  if (bare == "mape") return TuningObjective::kMape;
  throw InvalidInput(
      fmt::format("{}: unknown objective '{}' (valid: val_mse, val_rmse, val_mae, val_mape)", where, name));
}

std::string_view to_string(TuningObjective objective) noexcept {
  switch (objective) {
    case TuningObjective::kMse:
      return "val_mse";
    case TuningObjective::kRmse:
      return "val_rmse";
    case TuningObjective::kMae:
      return "val_mae";
    case TuningObjective::kMape:
      return "val_mape";
  }
  return "val_mse";
}

double objective_value(TuningObjective objective, const Metrics& metrics) noexcept {
  switch (objective) {
    case TuningObjective::kMse:
      return metrics.mse;
    case TuningObjective::kRmse:
      return metrics.rmse;
    case TuningObjective::kMae:
      return metrics.mae;
    case TuningObjective::kMape:
      return metrics.mape;
  }
  return metrics.mse;
}

TuningResult tune_model(const ConfiguredMaker& make_model, const PriceSeries& series,
                        const prep::Split& split, std::span<const nlohmann::json> configs,
                        const TuningOptions& options) {
  if (!make_model) throw InvalidInput("tune: no model factory");
  if (configs.empty()) throw InvalidInput("tune: no configurations to try");
  if (split.train.empty() || split.valid.empty()) {
    throw InvalidInput(
        "tune: the split has no validation part; trials are scored on it (use a split such as "
        "0.7,0.15,0.15)");
  }
  if (split.valid.begin != split.train.end || split.valid.end > series.size()) {
    throw InvalidInput(fmt::format("tune: split train [{}, {}), valid [{}, {}) does not fit {} rows",
                                   split.train.begin, split.train.end, split.valid.begin, split.valid.end,
                                   series.size()));
  }
  if (options.score_best_on_test && (split.test.empty() || split.test.begin != split.valid.end)) {
    throw InvalidInput("tune: the split has no test part to score the best configuration on");
  }

  TuningResult result;
  result.objective = options.objective;
  result.split = split;
  // The trials see the series only up to the end of the validation part: the test rows are not
  // merely unused, they are absent.
  const PriceSeries seen = series.slice(0, split.valid.end);
  const PriceSeries train = seen.slice(split.train.begin, split.train.end);
  const PriceSeries valid = seen.slice(split.valid.begin, split.valid.end);

  std::exception_ptr first_failure;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    TrialResult trial;
    trial.trial = static_cast<int>(i + 1);
    trial.config = configs[i];
    const std::string where = fmt::format("trial {} ({})", trial.trial, config_text(trial.config));
    if (options.on_trial_start) options.on_trial_start(i, configs.size(), trial.config);
    std::unique_ptr<models::Forecaster> model;
    try {
      model = make_model(trial.config);
    } catch (const InvalidInput& error) {
      throw InvalidInput(fmt::format("tune: {}: {}", where, error.what()));
    }
    if (!model) throw Internal(fmt::format("tune: {}: the model factory returned no model", where));
    try {
      const auto started = std::chrono::steady_clock::now();
      model->fit(train, valid);
      trial.fit_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      trial.description = model->describe();
      trial.epochs = epochs_of(*model, where);
      trial.valid = score_part(*model, seen, split.valid, options.scoring);
      trial.score = objective_value(options.objective, trial.valid->model);
    } catch (const InvalidInput& error) {
      trial.error = error.what();
      if (!first_failure) first_failure = std::make_exception_ptr(InvalidInput(where + ": " + error.what()));
    } catch (const NumericalError& error) {
      trial.error = error.what();
      if (!first_failure)
        first_failure = std::make_exception_ptr(NumericalError(where + ": " + error.what()));
    }
    if (options.on_trial) options.on_trial(i, configs.size(), trial);
    result.trials.push_back(std::move(trial));
  }

  result.ranking.resize(result.trials.size());
  std::iota(result.ranking.begin(), result.ranking.end(), std::size_t{0});
  std::stable_sort(result.ranking.begin(), result.ranking.end(), [&](std::size_t a, std::size_t b) {
    const double sa = result.trials[a].score;
    const double sb = result.trials[b].score;
    const bool fa = result.trials[a].error.empty() && std::isfinite(sa);
    const bool fb = result.trials[b].error.empty() && std::isfinite(sb);
    if (fa != fb) return fa;
    return fa && sa < sb;
  });
  const TrialResult& best = result.best();
  if (!best.error.empty()) std::rethrow_exception(first_failure);

  if (options.score_best_on_test) {
    std::vector<ComparedModel> final_models;
    final_models.push_back({options.best_label, make_model(best.config)});
    models::NaiveOptions naive;
    naive.target = options.scoring.target;
    final_models.push_back({"naive", std::make_unique<models::NaiveForecaster>(naive)});
    ComparisonOptions scoring = options.scoring;
    scoring.on_fit = nullptr;
    result.final = compare_models(series, split, final_models, scoring);
  }
  return result;
}

std::string format_trials_table(const TuningResult& result, std::span<const std::string> param_names,
                                std::size_t top) {
  std::vector<std::string> header = {"rank",     "trial",   std::string(to_string(result.objective)),
                                     "val RMSE", "val MAE", "val MAPE%",
                                     "skill",    "fit s"};
  for (const auto& name : param_names) header.push_back(name);
  std::vector<std::vector<std::string>> rows;
  const std::size_t shown = top == 0 ? result.ranking.size() : std::min(top, result.ranking.size());
  for (std::size_t r = 0; r < shown; ++r) {
    const TrialResult& t = result.trials[result.ranking[r]];
    std::vector<std::string> row = {std::to_string(r + 1), std::to_string(t.trial)};
    if (t.valid) {
      row.push_back(number(t.score, ".5g"));
      row.push_back(number(t.valid->model.rmse, ".4g"));
      row.push_back(number(t.valid->model.mae, ".4g"));
      row.push_back(number(t.valid->model.mape, ".3f"));
      row.push_back(number(t.valid->skill, "+.4f"));
    } else {
      row.push_back("failed");
      row.insert(row.end(), 4, "-");
    }
    row.push_back(number(t.fit_seconds, ".1f"));
    for (const auto& name : param_names) {
      row.push_back(t.config.contains(name) ? short_text(t.config.at(name)) : "-");
    }
    rows.push_back(std::move(row));
  }
  std::string out = io::format_text_table(header, rows);
  if (shown < result.ranking.size()) {
    out += fmt::format("... {} more trials in trials.csv\n", result.ranking.size() - shown);
  }
  for (const auto& t : result.trials) {
    if (!t.error.empty()) out += fmt::format("trial {} failed: {}\n", t.trial, t.error);
  }
  return out;
}

io::TrialTable trial_table(const TuningResult& result, std::span<const std::string> param_names) {
  io::TrialTable table;
  table.objective = std::string(to_string(result.objective));
  table.param_names.assign(param_names.begin(), param_names.end());
  for (const auto& t : result.trials) {
    io::TrialTable::Row row;
    row.trial = t.trial;
    row.score = t.error.empty() ? t.score : io::kMissing;
    for (const auto& name : param_names) {
      row.params.push_back(t.config.contains(name) ? train::param_text(t.config.at(name)) : std::string());
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

nlohmann::json tuning_summary(const TuningResult& result) {
  const auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json trials = nlohmann::json::array();
  for (const auto& t : result.trials) {
    nlohmann::json entry = {{"trial", t.trial},
                            {"config", t.config},
                            {"score", finite(t.score)},
                            {"description", t.description},
                            {"fit_seconds", t.fit_seconds},
                            {"epochs", t.epochs}};
    if (t.valid) {
      entry["val"] = {{"mse", t.valid->model.mse},        {"rmse", t.valid->model.rmse},
                      {"mae", t.valid->model.mae},        {"mape", t.valid->model.mape},
                      {"skill_vs_naive", t.valid->skill}, {"dm_pvalue", finite(t.valid->dm.p_value)}};
    }
    if (!t.error.empty()) entry["error"] = t.error;
    trials.push_back(std::move(entry));
  }
  nlohmann::json out = {{"objective", to_string(result.objective)},
                        {"split",
                         {{"train", {result.split.train.begin, result.split.train.end}},
                          {"valid", {result.split.valid.begin, result.split.valid.end}},
                          {"test", {result.split.test.begin, result.split.test.end}}}},
                        {"trials", std::move(trials)}};
  out["ranking"] = nlohmann::json::array();
  for (const auto index : result.ranking) out["ranking"].push_back(result.trials[index].trial);
  if (!result.ranking.empty()) {
    out["best"] = {{"trial", result.best().trial},
                   {"config", result.best().config},
                   {"score", finite(result.best().score)}};
  }
  if (result.final) out["final"] = comparison_summary(*result.final);
  return out;
}

void write_tuning(const std::filesystem::path& dir, const TuningResult& result,
                  std::span<const std::string> param_names) {
  io::write_trials_csv(dir, trial_table(result, param_names));
  if (result.final) write_comparison(dir, *result.final);
}

}  // namespace stockcast::eval
