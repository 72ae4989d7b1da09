#include "stockcast/models/baseline/naive.hpp"

#include "baseline_common.hpp"
#include "stockcast/models/json_options.hpp"

namespace stockcast::models {

using baseline_detail::check_horizon;
using baseline_detail::check_state;
using baseline_detail::finite_target;

void NaiveOptions::validate() const {
  if (target.empty()) throw InvalidInput("model 'naive': option 'target' is empty");
}

NaiveOptions NaiveOptions::from_json(const nlohmann::json& json) {
  NaiveOptions options;
  OptionReader reader(json, "naive");
  reader.read("target", options.target);
  reader.finish();
  options.validate();
  return options;
}

nlohmann::json NaiveOptions::to_json() const { return {{"target", target}}; }

NaiveForecaster::NaiveForecaster(NaiveOptions options) : options_(std::move(options)) { options_.validate(); }

void NaiveForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  (void)finite_target(train, options_.target, "naive::fit");
  fitted_ = true;
}

Forecast NaiveForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!fitted_) throw NotFitted("naive::predict: the model is not fitted");
  check_horizon(horizon, "naive::predict");
  if (history.empty()) throw InvalidInput("naive::predict: the history is empty");
  const double last = history.column(options_.target).back();
  if (!std::isfinite(last)) {
    throw InvalidInput(fmt::format("naive::predict: the last '{}' ({}) is {}", options_.target,
                                   to_string(history.last_date()), last));
  }
  Forecast forecast;
  forecast.dates = forecast_dates(history.last_date(), horizon);
  forecast.mean.assign(static_cast<std::size_t>(horizon), last);
  return forecast;
}

ModelState NaiveForecaster::save_state() const {
  if (!fitted_) throw NotFitted("naive::save_state: the model is not fitted");
  return {{{"kind", kind()}, {"options", options_.to_json()}, {"fitted", nlohmann::json::object()}}, {}};
}

void NaiveForecaster::load_state(const ModelState& state) {
  check_state(state, kind());
  try {
    options_ = NaiveOptions::from_json(state.config["options"]);
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("naive model state: {}", e.what()));
  }
  fitted_ = true;
}

std::unique_ptr<Forecaster> make_naive(const nlohmann::json& options) {
  return std::make_unique<NaiveForecaster>(NaiveOptions::from_json(options));
}

}  // namespace stockcast::models
