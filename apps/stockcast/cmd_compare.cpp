// stockcast compare: train a set of models on one price file and print one honest table, every model
// beside the naive forecast (docs/compare.md). Without --config it runs paper A's experiment.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "data_options.hpp"
#include "model_flags.hpp"
#include "report_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/comparison.hpp"
#include "stockcast/io/config.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::cli {
namespace {

struct CompareArgs {
  std::string data;
  std::string config;
  std::string out;
  std::string split;
  std::vector<std::string> only;
  bool quiet = false;
  bool print_config = false;
  DataCliOptions data_options;
  ReportCliOptions report;
  ModelFlags flags;
  CLI::App* command = nullptr;
};

// Paper A (shared/papers/000_*), as examples/paper_a.toml states it.
io::ExperimentConfig paper_a_experiment() {
  io::ExperimentConfig config;
  config.data = {{"features", "open,high,low,close,volume"},
                 {"target", "close"},
                 {"window", 30},
                 {"horizon", 1},
                 {"split", "0.7,0.15,0.15"},
                 {"normalize", "global"}};
  config.train = {{"optimizer", "adam"}, {"lr", 0.001}, {"epochs", 20},
                  {"loss", "mse"},       {"seed", 1},   {"threads", 1}};
  for (const char* cell : {"rnn", "lstm", "gru"}) {
    config.models.push_back({fmt::format("{}-baseline", cell), cell, {{"units", 10}, {"batch", 64}}});
    config.models.push_back(
        {fmt::format("{}-optimized", cell), cell, {{"units", 50}, {"dropout", 0.2}, {"batch", 32}}});
  }
  config.models.push_back({"naive", "naive", nlohmann::json::object()});
  config.models.push_back({"drift", "drift", nlohmann::json::object()});
  return config;
}

struct Plan {
  nlohmann::json run = nlohmann::json::object();     // data, split, out, ...
  nlohmann::json shared = nlohmann::json::object();  // model and training keys for every neural model
  std::vector<io::ModelSpec> models;                 // with their effective options
};

Plan make_plan(const CompareArgs& args) {
  const std::string source = args.config.empty() ? "compare" : args.config;
  const io::ExperimentConfig config =
      args.config.empty() ? paper_a_experiment() : io::read_experiment_config(args.config);
  Plan plan;
  nlohmann::json merged = config.data;
  merged.update(config.train);
  if (!args.data.empty()) merged["data"] = args.data;
  if (!args.out.empty()) merged["out"] = args.out;
  if (!args.split.empty()) merged["split"] = args.split;
  const nlohmann::json given = args.flags.given();
  merged.update(given);
  for (const auto& [key, value] : merged.items()) {
    if (is_run_key(key)) {
      plan.run[key] = value;
    } else if (is_neural_key(key)) {
      plan.shared[key] = value;
    } else {
      throw InvalidInput(fmt::format("{}: unknown setting '{}' in [data]/[train]", source, key));
    }
  }
  if (config.models.empty())
    throw InvalidInput(fmt::format("{}: no [[model]] tables: nothing to compare", source));
  std::set<std::string> wanted(args.only.begin(), args.only.end());
  for (const auto& spec : config.models) {
    if (!wanted.empty() && wanted.erase(spec.name) == 0) continue;
    io::ModelSpec effective = spec;
    const bool trainable = models::make_forecaster(spec.kind)->capabilities().trainable;
    if (trainable) {
      // [data]/[train] < the model's own table < command-line flags.
      effective.options = plan.shared;
      effective.options.update(spec.options);
      effective.options.update(given);
    } else if (plan.shared.contains("target") && !spec.options.contains("target")) {
      effective.options["target"] = plan.shared.at("target");  // baselines forecast the same column
    }
    plan.models.push_back(std::move(effective));
  }
  if (!wanted.empty()) {
    std::vector<std::string> names;
    for (const auto& spec : config.models) names.push_back(spec.name);
    throw InvalidInput(fmt::format("--models: no model named {} in the experiment (it has: {})",
                                   fmt::join(wanted, ", "), fmt::join(names, ", ")));
  }
  return plan;
}

nlohmann::json plan_json(const Plan& plan) {
  nlohmann::json models = nlohmann::json::array();
  for (const auto& spec : plan.models) {
    models.push_back({{"name", spec.name}, {"kind", spec.kind}, {"options", spec.options}});
  }
  return {{"run", plan.run}, {"models", models}};
}

int int_setting(const nlohmann::json& settings, const std::string& key, int fallback) {
  if (!settings.contains(key)) return fallback;
  if (!settings.at(key).is_number_integer()) {
    throw InvalidInput(
        fmt::format("compare: '{}' must be an integer (got {})", key, settings.at(key).dump()));
  }
  return settings.at(key).get<int>();
}

void run_compare(CompareArgs& args) {
  const Plan plan = make_plan(args);
  if (args.print_config) {
    fmt::print("{}\n", plan_json(plan).dump(2));
    return;
  }
  const std::string source = args.config.empty() ? "compare" : args.config;
  if (args.command->count("--on-duplicate") == 0 && args.command->count("--fill") == 0) {
    apply_data_keys(plan.run, source, args.data_options);
  }
  const std::string out = string_setting(plan.run, "out", "", source);
  if (out.empty()) throw InvalidInput("compare: no output directory given (use --out DIR)");
  const std::string data_path = string_setting(plan.run, "data", "", source);
  const std::string split_text = string_setting(plan.run, "split", "0.7,0.15,0.15", source);
  const bool quiet = args.quiet || (plan.run.contains("quiet") && plan.run.at("quiet") == true);

  const PriceSeries series = read_series(data_path, args.data_options);
  const prep::SplitFractions fractions = prep::parse_split_fractions(split_text, "--split");
  const prep::Split split = prep::split_by_fractions(series.size(), fractions);

  std::vector<eval::ComparedModel> compared;
  for (const auto& spec : plan.models) {
    try {
      compared.push_back({spec.name, models::make_forecaster(spec.kind, spec.options)});
    } catch (const InvalidInput& error) {
      throw InvalidInput(fmt::format("{}: model '{}': {}", source, spec.name, error.what()));
    }
  }
  ProgressReporter progress({.mode = progress_mode(quiet)});
  for (auto& m : compared) attach_progress(*m.model, &progress, m.name);
  eval::ComparisonOptions options;
  options.target = plan.shared.contains("target") ? plan.shared.at("target").get<std::string>() : "close";
  options.horizon = int_setting(plan.shared, "horizon", 1);
  std::size_t index = 0;
  options.on_fit = [&](const std::string& name, const models::Forecaster& model, bool done) {
    if (quiet) return;
    if (!done) {
      fmt::print(stderr, "[{}/{}] {}: {}\n", ++index, compared.size(), name, model.describe());
      std::fflush(stderr);
    }
  };
  const eval::Comparison result = eval::compare_models(series, split, compared, options);

  fmt::print("{}", eval::format_comparison_table(result));
  std::fflush(stdout);
  io::RunInfo run;
  run.command = "compare";
  run.settings = plan_json(plan);
  run.data_path = data_path;
  io::write_run_json(out, run, &series);
  io::write_data_csv(out, series);
  eval::write_comparison(out, result);
  if (!quiet) {
    fmt::print(stderr,
               "wrote {}/{{run.json,data.csv,metrics.csv,metrics.json,predictions.csv,history.csv}}\n", out);
  }
  finish_with_report(out, args.report);
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Train a set of models on one price file and print one table: each model's validation and test errors "
      "in "
      "price units beside the naive forecast, with a skill score and a Diebold-Mariano test; models that do "
      "not "
      "beat naive are marked. Writes metrics.csv, metrics.json, predictions.csv and history.csv to --out.\n"
      "Without --config it runs paper A's experiment (RNN, LSTM and GRU, baseline and optimized, plus naive "
      "and "
      "drift; examples/paper_a.toml). Model and training flags override every neural model.\n"
      "Example: stockcast compare --data data/kaggle_stock_market_data/GOOG.csv --out out/goog");
  args->command = cmd;
  cmd->add_option("--data", args->data, "Price file")->group("Data");
  cmd->add_option("--config", args->config, "TOML experiment ([data], [train], [[model]]; docs/compare.md)");
  cmd->add_option("--out", args->out, "Directory for the result files (created when missing)");
  cmd->add_option("--split", args->split,
                  "Chronological train,validation,test fractions (default 0.7,0.15,0.15)")
      ->group("Data");
  cmd->add_option("--models", args->only, "Run only these models of the experiment (names, comma separated)")
      ->delimiter(',');
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  cmd->add_flag("--print-config", args->print_config,
                "Print the effective experiment (every model's options) as JSON and exit");
  add_data_options(*cmd, args->data_options);
  add_report_options(*cmd, args->report);
  args->flags.add_to(*cmd);
  cmd->callback([args] { run_compare(*args); });
}

}  // namespace stockcast::cli
