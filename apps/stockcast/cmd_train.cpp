// stockcast train: fit one model on the training part of a price file, score it beside the naive
// forecast, and save it as a model file (docs/model-files.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "data_options.hpp"
#include "model_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/comparison.hpp"
#include "stockcast/io/config.hpp"
#include "stockcast/io/model_file.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::cli {
namespace {

struct TrainArgs {
  std::string data;
  std::string model;
  std::string out;
  std::string split;
  std::string config;
  bool quiet = false;
  bool json = false;
  DataCliOptions data_options;
  ModelFlags flags;
  CLI::App* command = nullptr;
};

// Config file first, then the command line on top. `model_options` receives the options of the
// chosen [[model]] table itself, which belong to the model whatever its kind.
nlohmann::json effective_settings(const TrainArgs& args, nlohmann::json& model_options) {
  nlohmann::json settings = nlohmann::json::object();
  model_options = nlohmann::json::object();
  if (!args.config.empty()) {
    const io::ExperimentConfig config = io::read_experiment_config(args.config);
    settings.update(config.data);
    settings.update(config.train);
    const io::ModelSpec* chosen = nullptr;
    for (const auto& spec : config.models) {
      if (config.models.size() == 1 || spec.name == args.model ||
          (args.model.empty() ? false : spec.kind == args.model)) {
        if (chosen == nullptr) chosen = &spec;
      }
    }
    if (chosen == nullptr && !config.models.empty() && args.model.empty()) {
      throw InvalidInput(fmt::format("{}: it defines {} models; pick one with --model NAME", args.config,
                                     config.models.size()));
    }
    if (chosen != nullptr) {
      settings.update(chosen->options);
      model_options = chosen->options;
      settings["model"] = chosen->kind;
    }
  }
  if (!args.data.empty()) settings["data"] = args.data;
  if (!args.model.empty() && !settings.contains("model")) settings["model"] = args.model;
  if (!args.out.empty()) settings["out"] = args.out;
  if (!args.split.empty()) settings["split"] = args.split;
  settings.update(args.flags.given());
  return settings;
}

void print_summary(const std::string& out, const models::Forecaster& model, const PriceSeries& train,
                   const eval::Comparison& c) {
  const eval::ModelResult& r = c.models.front();
  fmt::print("{}: {}\n", r.name, r.description);
  fmt::print("trained on {} days of {} ({} .. {}) in {:.1f} s", train.size(), c.ticker,
             to_string(train.first_date()), to_string(train.last_date()), r.train_seconds);
  if (r.parameters > 0) fmt::print(", {} parameters", r.parameters);
  if (r.history) {
    fmt::print(", {} epochs (best {}{})", r.history->epochs.size(), r.history->best_epoch,
               r.history->restored_best ? ", weights restored" : "");
  }
  fmt::print("\n\n{:<6} {:>6} {:>12} {:>12} {:>10} {:>10} {:>9} {:>9} {:>9}\n", "part", "days", "RMSE",
             "naive RMSE", "MAE", "naive MAE", "MAPE %", "skill", "DM p");
  const auto row = [](const char* part, const eval::NaiveComparison& x) {
    fmt::print("{:<6} {:>6} {:>12.4f} {:>12.4f} {:>10.4f} {:>10.4f} {:>9.3f} {:>+9.4f} {:>9.4f}  {}\n", part,
               x.model.n, x.model.rmse, x.naive.rmse, x.model.mae, x.naive.mae, x.model.mape, x.skill,
               x.dm.p_value, x.beats_naive ? "beats naive" : "does NOT beat naive");
  };
  if (r.valid_vs_naive) row("val", *r.valid_vs_naive);
  row("test", r.test_vs_naive);
  fmt::print("\nsaved {} model to {}\n", model.kind(), out);
}

void run_train(TrainArgs& args) {
  const std::string source = args.config.empty() ? "train" : args.config;
  nlohmann::json model_options;
  nlohmann::json settings = effective_settings(args, model_options);
  if (args.command->count("--on-duplicate") == 0 && args.command->count("--fill") == 0) {
    apply_data_keys(settings, source, args.data_options);
  }
  const std::string kind = string_setting(settings, "model", "", source);
  const std::string out = string_setting(settings, "out", "", source);
  const std::string split_text = string_setting(settings, "split", "0.7,0.15,0.15", source);
  if (kind.empty())
    throw InvalidInput("train: no model given (use --model NAME, one of: " +
                       fmt::format("{})", fmt::join(models::model_names(), ", ")));
  if (out.empty()) throw InvalidInput("train: no output file given (use --out FILE)");
  const bool quiet = args.quiet || (settings.contains("quiet") && settings.at("quiet").is_boolean() &&
                                    settings.at("quiet").get<bool>());

  // A model that is not trained by the Trainer gets only the options meant for it: those of its
  // own [[model]] table and the command line (not the neural settings of [data]/[train]), so a
  // moving_average's own `window = 10` is kept while [train]'s `window = 30` is not passed on.
  const bool trainable = models::make_forecaster(kind)->capabilities().trainable;
  const nlohmann::json given = args.flags.given();
  nlohmann::json options = nlohmann::json::object();
  for (const auto& [key, value] : settings.items()) {
    if (is_run_key(key)) continue;
    if (trainable || given.contains(key) || model_options.contains(key) || !is_neural_key(key) ||
        key == "target") {
      options[key] = value;
    }
  }
  const PriceSeries series = read_series(string_setting(settings, "data", "", source), args.data_options);
  const prep::SplitFractions fractions = prep::parse_split_fractions(split_text, "--split");
  const prep::Split split = prep::split_by_fractions(series.size(), fractions);

  std::vector<eval::ComparedModel> models;
  models.push_back({kind, models::make_forecaster(kind, options)});
  ProgressReporter progress({.mode = progress_mode(quiet)});
  attach_progress(*models.front().model, &progress, kind);
  eval::ComparisonOptions compare;
  compare.target = string_setting(settings, "target", "close", source);
  const eval::Comparison result = eval::compare_models(series, split, models, compare);

  const models::Forecaster& model = *models.front().model;
  const PriceSeries train = series.slice(split.train.begin, split.train.end);
  io::ModelFile file = io::make_model_file(model, train, string_setting(settings, "data", "", source));
  settings.erase("out");
  file.extra = {{"split", split_text},
                {"target", compare.target},
                {"settings", settings},
                {"evaluation", eval::comparison_summary(result)}};
  io::write_model_file(out, file);

  if (args.json) {
    nlohmann::json summary = eval::comparison_summary(result);
    summary["out"] = out;
    fmt::print("{}\n", summary.dump(2));
  } else {
    print_summary(out, model, train, result);
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train",
      "Train one model on the training part of a price file and save it as a model file.\n"
      "Example: stockcast train --data data/kaggle_stock_market_data/GOOG.csv --model lstm --units 50 "
      "--dropout 0.2 --epochs 20 --batch 32 --seed 1 --out goog-lstm.scm\n"
      "The validation part drives early stopping; the test part is scored beside the naive forecast.\n"
      "Every flag can be given in a TOML --config file (docs/compare.md); flags win over the file.");
  args->command = cmd;
  cmd->add_option("--data", args->data, "Price file to train on")->group("Data");
  cmd->add_option(
      "--model", args->model,
      "Model to train: a registry name (rnn, lstm, gru, naive, drift, ...), or with --config the name "
      "of one of its [[model]] tables");
  cmd->add_option("--out", args->out, "Model file to write (written atomically)");
  cmd->add_option("--split", args->split,
                  "Chronological train,validation,test fractions (default 0.7,0.15,0.15)")
      ->group("Data");
  cmd->add_option("--config", args->config,
                  "TOML file giving any of these flags ([data], [train], [[model]])");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  cmd->add_flag("--json", args->json, "Print the evaluation summary as JSON");
  add_data_options(*cmd, args->data_options);
  args->flags.add_to(*cmd);
  cmd->callback([args] { run_train(*args); });
}

}  // namespace stockcast::cli
