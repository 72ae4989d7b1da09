// stockcast validate: rolling- or expanding-window cross-validation of one model, every fold beside
// the naive forecast on the same days (docs/validation.md). Paper D's protocol is the default:
// 200 training days, 10 validation days, windows rolling forward by 10 days.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "data_options.hpp"
#include "model_flags.hpp"
#include "report_flags.hpp"
#include "single_model.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/core/progress.hpp"
#include "stockcast/eval/validation.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/folds.hpp"

namespace stockcast::cli {
namespace {

/// Folds run by default for a neural model (each fold trains a network from scratch).
constexpr long long kDefaultNeuralFolds = 20;

struct ValidateArgs {
  std::string data;
  std::string model;
  std::string config;
  std::string out;
  bool quiet = false;
  bool json = false;
  DataCliOptions data_options;
  ReportCliOptions report;
  ModelFlags flags;
  CommandSettings settings;
  CLI::App* command = nullptr;
};

void run_validate(ValidateArgs& args) {
  const SingleModelPlan plan = plan_single_model("validate", args.config, args.model, args.data, args.out, "",
                                                 args.flags, args.settings, "validate");
  const std::string& source = plan.source;
  if (args.command->count("--on-duplicate") == 0 && args.command->count("--fill") == 0) {
    apply_data_keys(plan.run, source, args.data_options);
  }
  const std::string out = string_setting(plan.run, "out", "", source);
  if (out.empty()) throw InvalidInput("validate: no output directory given (use --out DIR)");
  const std::string data_path = string_setting(plan.run, "data", "", source);
  const bool quiet = quiet_setting(args.quiet, plan.run);

  const nlohmann::json& c = plan.command;
  const std::string scheme = string_setting(c, "scheme", "rolling", source);
  if (scheme != "rolling" && scheme != "expanding") {
    throw InvalidInput(fmt::format("{}: --scheme '{}' is not rolling or expanding", source, scheme));
  }
  const auto train_days = static_cast<std::size_t>(integer_setting(c, "train_days", 200, 1, source));
  const auto valid_days = static_cast<std::size_t>(integer_setting(c, "valid_days", 10, 1, source));
  const auto stride = static_cast<std::size_t>(integer_setting(c, "stride", 0, 0, source));
  const long long max_folds =
      integer_setting(c, "max_folds", plan.trainable ? kDefaultNeuralFolds : 0, 0, source);
  const double inner_valid = number_setting(c, "inner_valid", 0.15, source);
  if (!(inner_valid > 0 && inner_valid < 1)) {
    throw InvalidInput(fmt::format("{}: --inner-valid {} must be in (0, 1)", source, inner_valid));
  }

  try {
    (void)models::make_forecaster(plan.kind, plan.options);  // bad options fail before any data is read
  } catch (const InvalidInput& error) {
    throw InvalidInput(fmt::format("{}: model '{}': {}", source, plan.label, error.what()));
  }
  if (plan.run.contains("split") && !quiet) {
    fmt::print(stderr, "validate: the split setting of {} is not used (folds replace it)\n", source);
  }
  const PriceSeries series = read_series(data_path, args.data_options);
  const prep::RowRange rows{0, series.size()};
  std::vector<prep::Fold> all;
  if (scheme == "rolling") {
    all =
        prep::rolling_folds(rows, {.train_length = train_days, .valid_length = valid_days, .stride = stride});
  } else {
    all = prep::expanding_folds(
        rows, {.initial_train_length = train_days, .valid_length = valid_days, .stride = stride});
  }
  const std::size_t total = all.size();
  const std::size_t kept = max_folds == 0 ? total : std::min(total, static_cast<std::size_t>(max_folds));
  const std::vector<prep::Fold> folds(all.end() - static_cast<std::ptrdiff_t>(kept), all.end());

  eval::ValidationOptions options;
  options.cv.target = string_setting(plan.options, "target", "close", source);
  options.cv.horizon = static_cast<int>(integer_setting(plan.options, "horizon", 1, 1, source));
  options.cv.inner_valid_fraction = inner_valid;
  ProgressReporter progress({.mode = progress_mode(quiet), .round_name = "validation"});
  if (!quiet) {
    fmt::print(stderr,
               "validate {} on {}: {} folds of {} training and {} validation days, stride {}: {} of {} folds",
               plan.label, series.ticker(), scheme, train_days, valid_days, stride == 0 ? valid_days : stride,
               kept, total);
    if (kept < total) fmt::print(stderr, " (the last {}; --max-folds 0 runs all)", kept);
    fmt::print(stderr, ", validation days {} .. {}\n", to_string(series.date(folds.front().valid.begin)),
               to_string(series.date(folds.back().valid.end - 1)));
    std::fflush(stderr);
  }
  // One round of `kept` folds: a live bar on a terminal, and a line per fold for neural models (each
  // fold trains a network), at most one a second for the others.
  progress.start(plan.label, 1, kept);
  auto last_line = std::chrono::steady_clock::now() - std::chrono::hours(1);
  options.on_fold = [&](std::size_t index, std::size_t count, const eval::FoldResult& fold,
                        const eval::FoldTraining& training) {
    const eval::NaiveComparison& cmp = fold.comparison;
    progress.step(1, index + 1, {{"rmse", cmp.model.rmse}, {"skill", cmp.skill}});
    const auto now = std::chrono::steady_clock::now();
    if (!plan.trainable && index + 1 < count && now - last_line < std::chrono::seconds(1)) return;
    last_line = now;
    const double elapsed = progress.elapsed_seconds();
    const double eta = elapsed / static_cast<double>(index + 1) * static_cast<double>(count - index - 1);
    const std::string epochs =
        training.history ? fmt::format(", {} epochs", training.history->epochs.size()) : std::string();
    progress.note(
        fmt::format("fold {}/{} (validation {} .. {}): RMSE {:.4g} (naive {:.4g}), skill {:+.3f}, fit "
                    "{:.1f}s{}, ETA {}",
                    index + 1, count, to_string(series.date(fold.fold.valid.begin)),
                    to_string(series.date(fold.fold.valid.end - 1)), cmp.model.rmse, cmp.naive.rmse,
                    cmp.skill, fold.fit_seconds, epochs, format_duration(eta)));
  };
  const eval::ForecasterMaker maker = [&] { return models::make_forecaster(plan.kind, plan.options); };
  const eval::ValidationResult result = eval::validate_model(maker, series, folds, options);
  progress.finish(
      fmt::format("{}: {} folds in {}", plan.label, kept, format_duration(progress.elapsed_seconds())));

  nlohmann::json settings = {{"model", plan.kind},
                             {"label", plan.label},
                             {"options", plan.options},
                             {"scheme", scheme},
                             {"train_days", train_days},
                             {"valid_days", valid_days},
                             {"stride", stride == 0 ? valid_days : stride},
                             {"folds", kept},
                             {"folds_available", total},
                             {"max_folds", max_folds},
                             {"inner_valid", inner_valid},
                             {"horizon", options.cv.horizon},
                             {"target", options.cv.target}};
  if (plan.trainable) settings["loss"] = string_setting(plan.options, "loss", "mse", source);
  io::RunInfo run;
  run.command = "validate";
  run.title = fmt::format("{} validation of {} on {}", scheme == "rolling" ? "Rolling" : "Expanding",
                          plan.label, series.ticker());
  run.settings = settings;
  run.data_path = data_path;
  io::write_run_json(out, run, &series);
  io::write_data_csv(out, series);
  eval::write_validation(out, result, series, plan.label, {});

  if (args.json) {
    nlohmann::json summary = eval::validation_summary(result, series);
    summary["settings"] = settings;
    summary["out"] = out;
    summary.update(write_report_quietly(out, args.report));
    fmt::print("{}\n", summary.dump(2));
    return;
  }
  {
    fmt::print(
        "{} validation on {}: {} folds of {} training and {} validation days ({} of {} available), "
        "{}-day-ahead forecasts of {}, errors in price units.\n",
        scheme, series.ticker(), kept, train_days, valid_days, kept, total, options.cv.horizon,
        options.cv.target);
    fmt::print("{}", eval::format_validation_report(result, series, plan.label));
  }
  std::fflush(stdout);
  if (!quiet)
    fmt::print(stderr, "wrote {}/{{run.json,data.csv,folds.csv,metrics.csv,metrics.json,...}}\n", out);
  finish_with_report(out, args.report);
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Rolling- or expanding-window cross-validation of one model (any registered model, neural ones "
      "included). Each fold fits a fresh model on its training days and forecasts its validation days one "
      "step ahead from the history before each day; the naive forecast is scored on the same days. Prints "
      "a per-fold table (RMSE and MAE beside naive, skill, Diebold-Mariano p-value), the spread of each "
      "metric "
      "across folds (mean, sd, median, ...) and the verdict over all folds' forecasts pooled. Writes "
      "folds.csv, metrics.csv, metrics.json, predictions.csv, history.csv (neural models), run.json, "
      "data.csv and report.html to --out (docs/validation.md).\n"
      "Defaults are paper D's protocol: 200 training days, 10 validation days, rolling by 10 days. A neural "
      "model trains one network per fold, so by default only the LAST 20 folds run for neural models "
      "(--max-folds 0 runs all; every fold for other models); progress goes to stderr. Neural models hold "
      "out the last --inner-valid share of each fold's training days for early stopping.\n"
      "Example (paper D): stockcast validate --data data/yahoo_finance/AAPL.csv --model lstm --layers 2 "
      "--units 50 --dropout 0.2 --features close --window 20 --epochs 10 --batch 10 --early-stopping "
      "--patience 5 --scheme rolling --train-days 200 --valid-days 10 --out out/aapl-cv");
  args->command = cmd;
  cmd->add_option("--data", args->data, "Price file")->group("Data");
  cmd->add_option(
      "--model", args->model,
      "Model to validate: a registry name (naive, drift, moving_average, rnn, lstm, gru, ...), or "
      "with --config the name of one of its [[model]] tables");
  cmd->add_option("--config", args->config,
                  "TOML file: [data], [train], [[model]] and a [validate] table with the flags below "
                  "(docs/validation.md); flags win over the file");
  cmd->add_option("--out", args->out, "Directory for the result files (created when missing)");
  const std::string group = "Validation";
  args->settings
      .add<std::string>(*cmd, "--scheme",
                        "rolling (default; a fixed-length training window slides forward) or "
                        "expanding (training starts at the first day and grows)")
      ->group(group);
  args->settings
      .add<int>(*cmd, "--train-days",
                "Training days of each fold (the first fold's, expanding) (default 200)")
      ->group(group);
  args->settings
      .add<int>(*cmd, "--valid-days", "Validation days of each fold, forecast one step ahead (default 10)")
      ->group(group);
  args->settings
      .add<int>(*cmd, "--stride",
                "Days between fold starts (default 0 = --valid-days: validation windows do not overlap)")
      ->group(group);
  args->settings
      .add<int>(*cmd, "--max-folds",
                "Run only the last K folds; 0 = all (default: 20 for neural models, all for others)")
      ->group(group);
  args->settings
      .add<double>(*cmd, "--inner-valid",
                   "Share of each fold's training days held out for early stopping of neural models, "
                   "in (0, 1) (default 0.15)")
      ->group(group);
  cmd->add_flag("--quiet,-q", args->quiet, "No progress on stderr");
  cmd->add_flag("--json", args->json, "Print the summary as JSON instead of the tables");
  add_data_options(*cmd, args->data_options);
  add_report_options(*cmd, args->report);
  args->flags.add_to(*cmd);
  cmd->callback([args] { run_validate(*args); });
}

}  // namespace stockcast::cli
