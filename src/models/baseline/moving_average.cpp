#include "stockcast/models/baseline/moving_average.hpp"

#include "baseline_common.hpp"
#include "stockcast/models/json_options.hpp"

namespace stockcast::models {

using baseline_detail::check_horizon;
using baseline_detail::check_state;
using baseline_detail::finite_target;

namespace {
constexpr int kMaxWindow = 100000;
}

void MovingAverageOptions::validate() const {
  if (target.empty()) throw InvalidInput("model 'moving_average': option 'target' is empty");
  if (window < 1 || window > kMaxWindow) {
    throw InvalidInput(
        fmt::format("model 'moving_average': option 'window' must be in 1..{}, got {}", kMaxWindow, window));
  }
}

MovingAverageOptions MovingAverageOptions::from_json(const nlohmann::json& json) {
  MovingAverageOptions options;
  OptionReader reader(json, "moving_average");
  reader.read("target", options.target);
  reader.read("window", options.window);
  reader.finish();
  options.validate();
  return options;
}

nlohmann::json MovingAverageOptions::to_json() const { return {{"target", target}, {"window", window}}; }

MovingAverageForecaster::MovingAverageForecaster(MovingAverageOptions options)
    : options_(std::move(options)) {
  options_.validate();
}

std::string MovingAverageForecaster::describe() const {
  return fmt::format("moving_average({})", options_.window);
}

void MovingAverageForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  const auto y = finite_target(train, options_.target, "moving_average::fit");
  if (y.size() < static_cast<std::size_t>(options_.window)) {
    throw InvalidInput(fmt::format("moving_average::fit: {} training rows are fewer than the window {}",
                                   y.size(), options_.window));
  }
  fitted_ = true;
}

Forecast MovingAverageForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!fitted_) throw NotFitted("moving_average::predict: the model is not fitted");
  check_horizon(horizon, "moving_average::predict");
  const auto w = static_cast<std::size_t>(options_.window);
  if (history.size() < w) {
    throw InvalidInput(
        fmt::format("moving_average::predict: the history has {} rows, fewer than the window {}",
                    history.size(), options_.window));
  }
  const auto y = history.column(options_.target);
  double sum = 0;
  for (std::size_t i = y.size() - w; i < y.size(); ++i) {
    if (!std::isfinite(y[i])) {
      throw InvalidInput(fmt::format("moving_average::predict: '{}' holds {} at {}", options_.target, y[i],
                                     to_string(history.date(i))));
    }
    sum += y[i];
  }
  Forecast forecast;
  forecast.dates = forecast_dates(history.last_date(), horizon);
  forecast.mean.assign(static_cast<std::size_t>(horizon), sum / static_cast<double>(w));
  return forecast;
}

ModelState MovingAverageForecaster::save_state() const {
  if (!fitted_) throw NotFitted("moving_average::save_state: the model is not fitted");
  return {{{"kind", kind()}, {"options", options_.to_json()}, {"fitted", nlohmann::json::object()}}, {}};
}

void MovingAverageForecaster::load_state(const ModelState& state) {
  check_state(state, kind());
  try {
    options_ = MovingAverageOptions::from_json(state.config["options"]);
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("moving_average model state: {}", e.what()));
  }
  fitted_ = true;
}

std::unique_ptr<Forecaster> make_moving_average(const nlohmann::json& options) {
  return std::make_unique<MovingAverageForecaster>(MovingAverageOptions::from_json(options));
}

}  // namespace stockcast::models
