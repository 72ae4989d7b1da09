// stockcast tune: grid or random search over a model's options, every trial scored on the
// validation part only; the best configuration is then scored once on the test part beside the
// naive forecast (docs/validation.md).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data_options.hpp"
#include "model_flags.hpp"
#include "report_flags.hpp"
#include "single_model.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/core/progress.hpp"
#include "stockcast/eval/comparison.hpp"
#include "stockcast/eval/tuning.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/train/search.hpp"

namespace stockcast::cli {
namespace {

/// Random-search trials when --trials is not given.
constexpr long long kDefaultTrials = 10;
/// Trials listed on stdout when --top is not given (all are in trials.csv).
constexpr long long kDefaultTop = 20;

struct TuneArgs {
  std::string data;
  std::string model;
  std::string config;
  std::string out;
  std::string split;
  std::vector<std::string> params;
  bool quiet = false;
  bool json = false;
  DataCliOptions data_options;
  ReportCliOptions report;
  ModelFlags flags;
  CommandSettings settings;
  CLI::App* command = nullptr;
};

// The search space: [tune.params] of the config, then --param flags (a flag replaces the file's
// parameter of the same name).
train::SearchSpace search_space(const TuneArgs& args, const SingleModelPlan& plan) {
  train::SearchSpace space;
  if (plan.command.contains("params"))
    space = train::search_space_from_json(plan.command.at("params"), plan.source);
  for (const auto& text : args.params) {
    train::SearchParam param = train::parse_search_param(text, "--param");
    const auto same =
        std::find_if(space.begin(), space.end(), [&](const auto& p) { return p.name == param.name; });
    if (same != space.end()) {
      *same = std::move(param);
    } else {
      space.push_back(std::move(param));
    }
  }
  train::validate_space(space, "tune");
  return space;
}

nlohmann::json space_json(const train::SearchSpace& space) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& p : space) {
    if (p.is_range()) {
      out[p.name] = {{"low", p.low},
                     {"high", p.high},
                     {"log", p.scale == train::ParamScale::kLog},
                     {"integer", p.integer}};
    } else {
      out[p.name] = p.values;
    }
  }
  return out;
}

// Checks every searched name against the model's options (the model's own reader lists the valid
// ones), then every configuration, before any data is read or any model trained.
void check_against_model(const SingleModelPlan& plan, const train::SearchSpace& space,
                         const std::vector<nlohmann::json>& configs, const nlohmann::json& given) {
  for (const auto& p : space) {
    if (given.contains(p.name)) {
      throw InvalidInput(
          fmt::format("--param {}: also given as --{}; search it or fix it, not both", p.name, p.name));
    }
    nlohmann::json probe = plan.options;
    if (p.is_range()) {
      probe[p.name] =
          p.integer ? nlohmann::json(static_cast<std::int64_t>(std::llround(p.low))) : nlohmann::json(p.low);
    } else {
      probe[p.name] = p.values.front();
    }
    try {
      (void)models::make_forecaster(plan.kind, probe);
    } catch (const InvalidInput& error) {
      throw InvalidInput(fmt::format("--param {}: {}", p.name, error.what()));
    }
  }
  for (std::size_t i = 0; i < configs.size(); ++i) {
    nlohmann::json options = plan.options;
    options.update(configs[i]);
    try {
      (void)models::make_forecaster(plan.kind, options);
    } catch (const InvalidInput& error) {
      throw InvalidInput(fmt::format("--param: trial {} ({}): {}", i + 1, configs[i].dump(), error.what()));
    }
  }
}

std::string config_text(const nlohmann::json& config) {
  std::string out;
  for (const auto& [key, value] : config.items()) {
    if (!out.empty()) out += " ";
    out += key + "=" +
           (value.is_number_float() ? fmt::format("{:.4g}", value.get<double>()) : train::param_text(value));
  }
  return out;
}

void run_tune(TuneArgs& args) {
  SingleModelPlan plan = plan_single_model("tune", args.config, args.model, args.data, args.out, args.split,
                                           args.flags, args.settings, "tune", {"params"});
  const std::string& source = plan.source;
  if (args.command->count("--on-duplicate") == 0 && args.command->count("--fill") == 0) {
    apply_data_keys(plan.run, source, args.data_options);
  }
  const std::string out = string_setting(plan.run, "out", "", source);
  if (out.empty()) throw InvalidInput("tune: no output directory given (use --out DIR)");
  const std::string data_path = string_setting(plan.run, "data", "", source);
  const std::string split_text = string_setting(plan.run, "split", "0.7,0.15,0.15", source);
  const bool quiet = quiet_setting(args.quiet, plan.run);

  const nlohmann::json& c = plan.command;
  const train::SearchKind kind =
      train::parse_search_kind(string_setting(c, "search", "random", source), "--search");
  const eval::TuningObjective objective =
      eval::parse_tuning_objective(string_setting(c, "objective", "val_mse", source), "--objective");
  const auto seed = static_cast<std::uint64_t>(
      integer_setting(c, "search_seed", integer_setting(plan.options, "seed", 1, 0, source), 0, source));
  const auto top = static_cast<std::size_t>(integer_setting(c, "top", kDefaultTop, 0, source));
  // A model without training has no seed of its own: --seed then seeds the search only.
  if (!plan.trainable) plan.options.erase("seed");
  const train::SearchSpace space = search_space(args, plan);
  std::vector<nlohmann::json> configs;
  if (kind == train::SearchKind::kGrid) {
    if (c.contains("trials")) {
      throw InvalidInput(
          fmt::format("{}: --trials is for random search; a grid runs all {} combinations of its value lists",
                      source, train::grid_size(space)));
    }
    configs = train::grid_configurations(space);
  } else {
    const auto trials = static_cast<std::size_t>(integer_setting(c, "trials", kDefaultTrials, 1, source));
    configs = train::random_configurations(space, trials, seed);
  }
  check_against_model(plan, space, configs, args.flags.given());

  const PriceSeries series = read_series(data_path, args.data_options);
  const prep::Split split =
      prep::split_by_fractions(series.size(), prep::parse_split_fractions(split_text, "--split"));
  if (split.valid.empty()) {
    throw InvalidInput(
        fmt::format("--split {}: tune scores trials on the validation part, which is empty "
                    "(use three fractions, e.g. 0.7,0.15,0.15)",
                    split_text));
  }
  std::vector<std::string> names;
  for (const auto& p : space) names.push_back(p.name);

  eval::TuningOptions options;
  options.objective = objective;
  options.scoring.target = string_setting(plan.options, "target", "close", source);
  options.scoring.horizon = static_cast<int>(integer_setting(plan.options, "horizon", 1, 1, source));
  options.best_label = plan.label == "naive" ? "naive-best" : plan.label;
  ProgressReporter progress({.mode = progress_mode(quiet), .round_name = "trial"});
  const std::string objective_name(eval::to_string(objective));
  if (!quiet) {
    fmt::print(stderr,
               "tune {} on {}: {} search, {} trials of {}; train {} days, validation {} days (scored), test "
               "{} days (kept for the best)\n",
               plan.label, series.ticker(), train::to_string(kind), configs.size(), fmt::join(names, ", "),
               split.train.size(), split.valid.size(), split.test.size());
    std::fflush(stderr);
  }
  progress.start(plan.label, configs.size(), 1);
  double best = io::kMissing;
  options.on_trial_start = [&](std::size_t index, std::size_t count, const nlohmann::json& config) {
    progress.note(fmt::format("trial {}/{}: {}", index + 1, count, config_text(config)));
  };
  options.on_trial = [&](std::size_t index, std::size_t, const eval::TrialResult& trial) {
    if (!trial.error.empty()) {
      progress.note(fmt::format("trial {} failed: {}", trial.trial, trial.error));
    } else if (!(trial.score >= best)) {
      best = trial.score;
    }
    progress.end_round(index + 1, {{objective_name, trial.score}, {"best", best}});
  };
  const eval::ConfiguredMaker maker = [&](const nlohmann::json& config) {
    nlohmann::json model_options = plan.options;
    model_options.update(config);
    return models::make_forecaster(plan.kind, model_options);
  };
  const eval::TuningResult result = eval::tune_model(maker, series, split, configs, options);
  progress.finish(fmt::format("{}: {} trials in {}", plan.label, configs.size(),
                              format_duration(progress.elapsed_seconds())));

  nlohmann::json settings = {{"model", plan.kind},
                             {"label", plan.label},
                             {"options", plan.options},
                             {"search", train::to_string(kind)},
                             {"trials", configs.size()},
                             {"search_seed", seed},
                             {"objective", objective_name},
                             {"params", space_json(space)},
                             {"split", split_text},
                             {"horizon", options.scoring.horizon},
                             {"target", options.scoring.target}};
  if (plan.trainable) settings["loss"] = string_setting(plan.options, "loss", "mse", source);
  io::RunInfo run;
  run.command = "tune";
  run.title = fmt::format("Tuning {} on {} ({} search)", plan.label, series.ticker(), train::to_string(kind));
  run.settings = settings;
  run.data_path = data_path;
  io::write_run_json(out, run, &series);
  io::write_data_csv(out, series);
  eval::write_tuning(out, result, names);

  if (args.json) {
    nlohmann::json summary = eval::tuning_summary(result);
    summary["settings"] = settings;
    summary["out"] = out;
    summary.update(write_report_quietly(out, args.report));
    fmt::print("{}\n", summary.dump(2));
    return;
  }
  {
    fmt::print(
        "{} search over {} configurations of {} on {}: each trained on {} days ({} .. {}) and scored on the "
        "{} validation days ({} .. {}) only.\n\n",
        train::to_string(kind), configs.size(), plan.label, series.ticker(), split.train.size(),
        to_string(series.date(split.train.begin)), to_string(series.date(split.train.end - 1)),
        split.valid.size(), to_string(series.date(split.valid.begin)),
        to_string(series.date(split.valid.end - 1)));
    fmt::print("{}", eval::format_trials_table(result, names, top));
    const eval::TrialResult& winner = result.best();
    fmt::print("\nbest: trial {} ({}), {} {:.6g}\n", winner.trial, config_text(winner.config), objective_name,
               winner.score);
    fmt::print("\nThe best configuration, refitted and scored once on the {} test days beside naive:\n\n",
               split.test.size());
    fmt::print("{}", eval::format_comparison_table(*result.final));
  }
  std::fflush(stdout);
  if (!quiet) fmt::print(stderr, "wrote {}/{{run.json,data.csv,trials.csv,metrics.csv,...}}\n", out);
  finish_with_report(out, args.report);
}

}  // namespace

void add_tune_command(CLI::App& app) {
  auto args = std::make_shared<TuneArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tune",
      "Grid or random search over one model's options (model and training options: units, layers, dropout, "
      "lr, batch, epochs, window, features, ...; window for moving_average, ...). Every trial is trained on "
      "the training part and scored on the validation part ONLY: the trials never see the test part (the "
      "data is cut before it). The trials table is sorted by the validation objective; the best "
      "configuration is then refitted and scored once on the test part beside the naive forecast. Writes "
      "trials.csv, metrics.csv/json, predictions.csv and history.csv for the best, run.json, data.csv and "
      "report.html to --out (docs/validation.md).\n"
      "Parameters: --param NAME=v1,v2,... (a list; values with commas separated by ';'), NAME=LOW:HIGH (a "
      "uniform range; whole numbers when both bounds are), NAME=LOW:HIGH:log (log-uniform). Grid search "
      "needs lists; random search draws --trials configurations, seeded (--search-seed, else --seed): the "
      "same seed gives the same trials.\n"
      "Example: stockcast tune --data data/yahoo_finance/AAPL.csv --model lstm --features close --epochs 10 "
      "--search random --trials 8 --param units=10,50 --param lr=1e-4:1e-2:log --param dropout=0:0.5 "
      "--seed 7 --out out/aapl-tune");
  args->command = cmd;
  cmd->add_option("--data", args->data, "Price file")->group("Data");
  cmd->add_option("--model", args->model,
                  "Model to tune: a registry name, or with --config the name of one of its [[model]] tables");
  cmd->add_option("--config", args->config,
                  "TOML file: [data], [train], [[model]] and a [tune] table with the flags below and "
                  "[tune.params] (docs/validation.md); flags win over the file");
  cmd->add_option("--out", args->out, "Directory for the result files (created when missing)");
  cmd->add_option(
         "--split", args->split,
         "Chronological train,validation,test fractions (default 0.7,0.15,0.15); the validation part "
         "scores the trials")
      ->group("Data");
  const std::string group = "Search";
  args->settings.add<std::string>(*cmd, "--search", "random (default) or grid")->group(group);
  args->settings.add<int>(*cmd, "--trials", "Configurations drawn by random search (default 10)")
      ->group(group);
  cmd->add_option("--param", args->params,
                  "A searched option NAME=SPEC (repeat the flag): 10,50 | 0:0.5 | 8:64 | 1e-4:1e-2:log")
      ->group(group);
  args->settings
      .add<std::uint64_t>(*cmd, "--search-seed",
                          "Seed of the random draws (default: the --seed of training, else 1)")
      ->group(group);
  args->settings
      .add<std::string>(*cmd, "--objective",
                        "Validation metric minimised: val_mse (default), val_rmse, val_mae, val_mape")
      ->group(group);
  args->settings.add<int>(*cmd, "--top", "Trials listed on stdout, best first; 0 = all (default 20)")
      ->group(group);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  cmd->add_flag("--json", args->json,
                "Print the trials and the final comparison as JSON instead of the tables");
  add_data_options(*cmd, args->data_options);
  add_report_options(*cmd, args->report);
  args->flags.add_to(*cmd);
  cmd->callback([args] { run_tune(*args); });
}

}  // namespace stockcast::cli
