// stockcast forecast: the next trading day(s) after a price file's last date, from a saved model.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "data_options.hpp"
#include "model_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/io/model_file.hpp"
#include "stockcast/models/registry.hpp"

namespace stockcast::cli {
namespace {

struct ForecastArgs {
  std::string model;
  std::string data;
  int horizon = 1;
  bool json = false;
  DataCliOptions data_options;
};

void run_forecast(const ForecastArgs& args) {
  if (args.horizon < 1) throw InvalidInput(fmt::format("--horizon {}: must be >= 1", args.horizon));
  const io::ModelFile file = io::read_model_file(args.model);
  auto model = models::make_forecaster(file.kind);
  model->load_state(file.state);
  const PriceSeries series = read_series(args.data, args.data_options);
  const models::Forecast forecast = model->predict(series, args.horizon);

  if (args.json) {
    nlohmann::ordered_json out = {{"model", file.kind},
                                  {"description", file.description},
                                  {"last_date", to_string(series.last_date())},
                                  {"forecasts", nlohmann::ordered_json::array()}};
    for (std::size_t k = 0; k < forecast.horizon(); ++k) {
      nlohmann::ordered_json day = {{"date", to_string(forecast.dates[k])}, {"value", forecast.mean[k]}};
      if (forecast.has_intervals()) {
        day["lower"] = forecast.lower[k];
        day["upper"] = forecast.upper[k];
        day["level"] = forecast.level;
      }
      out["forecasts"].push_back(std::move(day));
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  fmt::print("{} ({}), data up to {}:\n", file.kind, file.description, to_string(series.last_date()));
  for (std::size_t k = 0; k < forecast.horizon(); ++k) {
    if (forecast.has_intervals()) {
      fmt::print("{}  {:.4f}  [{:.4f}, {:.4f}] ({:g}%)\n", to_string(forecast.dates[k]), forecast.mean[k],
                 forecast.lower[k], forecast.upper[k], forecast.level * 100);
    } else {
      fmt::print("{}  {:.4f}\n", to_string(forecast.dates[k]), forecast.mean[k]);
    }
  }
}

}  // namespace

void add_forecast_command(CLI::App& app) {
  auto args = std::make_shared<ForecastArgs>();
  CLI::App* cmd = app.add_subcommand(
      "forecast",
      "Forecast the trading day(s) after a price file's last date with a saved model, in price units.\n"
      "Example: stockcast forecast --model goog-lstm.scm --data data/kaggle_stock_market_data/GOOG.csv "
      "--json");
  cmd->add_option("--model", args->model, "Model file written by `stockcast train`")->required();
  cmd->add_option("--data", args->data, "Price file whose last rows are the model's input")->required();
  cmd->add_option("--horizon", args->horizon,
                  "Trading days to forecast (default 1; at most the trained horizon)");
  cmd->add_flag("--json", args->json,
                R"(Print {"model", "last_date", "forecasts": [{"date", "value"}, ...]})");
  add_data_options(*cmd, args->data_options);
  cmd->callback([args] { run_forecast(*args); });
}

}  // namespace stockcast::cli
