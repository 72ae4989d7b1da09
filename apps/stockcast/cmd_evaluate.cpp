// stockcast evaluate: score a saved model on the test part of a price file, beside the naive forecast.
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
#include "stockcast/io/model_file.hpp"
#include "stockcast/models/registry.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::cli {
namespace {

struct EvaluateArgs {
  std::string model;
  std::string data;
  std::string split;
  std::string part = "test";
  bool json = false;
  DataCliOptions data_options;
};

nlohmann::ordered_json metrics_json(const eval::Metrics& m) {
  return {{"n", m.n},
          {"mse", m.mse},
          {"rmse", m.rmse},
          {"mae", m.mae},
          {"mape", m.mape},
          {"smape", m.smape},
          {"r2", m.r2},
          {"explained_variance", m.explained_variance},
          {"max_error", m.max_error},
          {"directional_accuracy", m.directional_accuracy}};
}

void run_evaluate(const EvaluateArgs& args) {
  const io::ModelFile file = io::read_model_file(args.model);
  auto model = models::make_forecaster(file.kind);
  model->load_state(file.state);
  const PriceSeries series = read_series(args.data, args.data_options);

  std::string split_text = args.split;
  if (split_text.empty()) {
    split_text = file.extra.contains("split") && file.extra.at("split").is_string()
                     ? file.extra.at("split").get<std::string>()
                     : std::string("0.7,0.15,0.15");
  }
  const prep::Split split =
      prep::split_by_fractions(series.size(), prep::parse_split_fractions(split_text, "--split"));
  const std::string fingerprint = io::data_fingerprint(series.slice(split.train.begin, split.train.end));
  if (fingerprint != file.data.fingerprint) {
    fmt::print(
        stderr,
        "stockcast: warning: the training part of {} ({} rows) is not the data {} was trained on ({} rows of "
        "{}, {} .. {}); its test part may overlap the model's training data\n",
        args.data, split.train.size(), args.model, file.data.rows, file.data.ticker, file.data.first_date,
        file.data.last_date);
  }
  const prep::RowRange part = args.part == "val" ? split.valid : split.test;
  if (part.empty())
    throw InvalidInput(fmt::format("--part {}: the split {} has no such part", args.part, split_text));
  eval::ComparisonOptions options;
  options.target = file.extra.contains("target") && file.extra.at("target").is_string()
                       ? file.extra.at("target").get<std::string>()
                       : std::string("close");
  eval::HistoricalForecasts forecasts;
  const eval::NaiveComparison result = eval::score_part(*model, series, part, options, &forecasts);

  if (args.json) {
    const nlohmann::ordered_json out = {{"model", file.kind},
                                        {"description", file.description},
                                        {"part", args.part},
                                        {"first_date", to_string(forecasts.date.front())},
                                        {"last_date", to_string(forecasts.date.back())},
                                        {"metrics", metrics_json(result.model)},
                                        {"naive", metrics_json(result.naive)},
                                        {"skill_vs_naive", result.skill},
                                        {"dm_statistic", result.dm.statistic},
                                        {"dm_pvalue", result.dm.p_value},
                                        {"beats_naive", result.beats_naive}};
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{}: {}\n", args.model, file.description);
  fmt::print("{} part of {}: {} days {} .. {}, 1-day-ahead forecasts of {} in price units\n\n", args.part,
             series.ticker(), result.model.n, to_string(forecasts.date.front()),
             to_string(forecasts.date.back()), options.target);
  fmt::print("{:<22} {:>14} {:>14}\n", "metric", file.kind, "naive");
  const auto line = [](const char* name, double a, double b) {
    fmt::print("{:<22} {:>14.6g} {:>14.6g}\n", name, a, b);
  };
  line("MSE", result.model.mse, result.naive.mse);
  line("RMSE", result.model.rmse, result.naive.rmse);
  line("MAE", result.model.mae, result.naive.mae);
  line("MAPE %", result.model.mape, result.naive.mape);
  line("sMAPE %", result.model.smape, result.naive.smape);
  line("R2", result.model.r2, result.naive.r2);
  line("explained variance", result.model.explained_variance, result.naive.explained_variance);
  line("max error", result.model.max_error, result.naive.max_error);
  line("directional accuracy", result.model.directional_accuracy, result.naive.directional_accuracy);
  fmt::print("\nskill vs naive {:+.4f}, Diebold-Mariano statistic {:.3f}, p = {:.4g}: {}\n", result.skill,
             result.dm.statistic, result.dm.p_value,
             result.beats_naive ? "the model beats naive"
             : result.skill > 0 ? "NOT significantly better than naive"
                                : "WORSE than naive");
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto args = std::make_shared<EvaluateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "Score a model file on the test part of a price file (split as at training), beside the naive "
      "forecast.\n"
      "Example: stockcast evaluate --model goog-lstm.scm --data data/kaggle_stock_market_data/GOOG.csv");
  cmd->add_option("--model", args->model, "Model file written by `stockcast train`")->required();
  cmd->add_option("--data", args->data, "Price file")->required();
  cmd->add_option("--split", args->split, "Train,validation,test fractions (default: the model file's)");
  cmd->add_option("--part", args->part, "Part scored: test (default) or val")
      ->check(CLI::IsMember({"test", "val"}));
  cmd->add_flag("--json", args->json, "Print the metrics as JSON");
  add_data_options(*cmd, args->data_options);
  cmd->callback([args] { run_evaluate(*args); });
}

}  // namespace stockcast::cli
