#include "stockcast/models/baseline/drift.hpp"

#include <cmath>

#include "baseline_common.hpp"
#include "stockcast/eval/distributions.hpp"
#include "stockcast/models/json_options.hpp"

namespace stockcast::models {

using baseline_detail::check_horizon;
using baseline_detail::check_state;
using baseline_detail::finite_target;

void DriftOptions::validate() const {
  if (target.empty()) throw InvalidInput("model 'drift': option 'target' is empty");
  if (!(level > 0 && level < 1)) {
    throw InvalidInput(fmt::format("model 'drift': option 'level' must be in (0, 1), got {}", level));
  }
}

DriftOptions DriftOptions::from_json(const nlohmann::json& json) {
  DriftOptions options;
  OptionReader reader(json, "drift");
  reader.read("target", options.target);
  reader.read("intervals", options.intervals);
  reader.read("level", options.level);
  reader.finish();
  options.validate();
  return options;
}

nlohmann::json DriftOptions::to_json() const {
  return {{"target", target}, {"intervals", intervals}, {"level", level}};
}

DriftForecaster::DriftForecaster(DriftOptions options) : options_(std::move(options)) { options_.validate(); }

std::string DriftForecaster::describe() const {
  if (!fitted_) return "drift";
  return fmt::format("drift ({:+.4g}/day)", drift_);
}

Capabilities DriftForecaster::capabilities() const {
  Capabilities capabilities;
  capabilities.probabilistic = options_.intervals;
  return capabilities;
}

void DriftForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  const auto y = finite_target(train, options_.target, "drift::fit");
  constexpr std::size_t kMinRows = 3;  // two changes: one for the drift, one for the variance
  if (y.size() < kMinRows) {
    throw InvalidInput(
        fmt::format("drift::fit: {} training rows; the drift method needs at least {}", y.size(), kMinRows));
  }
  const std::size_t n = y.size();
  const double drift = (y[n - 1] - y[0]) / static_cast<double>(n - 1);
  double ss = 0;
  for (std::size_t t = 1; t < n; ++t) {
    const double e = y[t] - y[t - 1] - drift;
    ss += e * e;
  }
  drift_ = drift;
  sigma_ = std::sqrt(ss / static_cast<double>(n - 2));
  n_train_ = n;
  fitted_ = true;
}

double DriftForecaster::drift() const {
  if (!fitted_) throw NotFitted("drift: the model is not fitted");
  return drift_;
}

double DriftForecaster::sigma() const {
  if (!fitted_) throw NotFitted("drift: the model is not fitted");
  return sigma_;
}

Forecast DriftForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!fitted_) throw NotFitted("drift::predict: the model is not fitted");
  check_horizon(horizon, "drift::predict");
  if (history.empty()) throw InvalidInput("drift::predict: the history is empty");
  const double last = history.column(options_.target).back();
  if (!std::isfinite(last)) {
    throw InvalidInput(fmt::format("drift::predict: the last '{}' ({}) is {}", options_.target,
                                   to_string(history.last_date()), last));
  }
  Forecast forecast;
  forecast.dates = forecast_dates(history.last_date(), horizon);
  forecast.level = options_.level;
  const double z = options_.intervals ? eval::normal_quantile(0.5 + options_.level / 2) : 0.0;
  const auto t = static_cast<double>(n_train_);
  for (int k = 1; k <= horizon; ++k) {
    const double kd = k;
    const double mean = last + kd * drift_;
    forecast.mean.push_back(mean);
    if (options_.intervals) {
      const double half = z * sigma_ * std::sqrt(kd * (1.0 + kd / t));
      forecast.lower.push_back(mean - half);
      forecast.upper.push_back(mean + half);
    }
  }
  return forecast;
}

ModelState DriftForecaster::save_state() const {
  if (!fitted_) throw NotFitted("drift::save_state: the model is not fitted");
  return {{{"kind", kind()},
           {"options", options_.to_json()},
           {"fitted", {{"drift", drift_}, {"sigma", sigma_}, {"n_train", n_train_}}}},
          {}};
}

void DriftForecaster::load_state(const ModelState& state) {
  check_state(state, kind());
  const auto& fitted = state.config.contains("fitted") ? state.config["fitted"] : nlohmann::json();
  if (!fitted.is_object() || !fitted.contains("drift") || !fitted["drift"].is_number() ||
      !fitted.contains("sigma") || !fitted["sigma"].is_number() || !fitted.contains("n_train") ||
      !fitted["n_train"].is_number_unsigned()) {
    throw FormatError("drift model state: 'fitted' needs numbers 'drift', 'sigma' and 'n_train'");
  }
  DriftOptions options;
  try {
    options = DriftOptions::from_json(state.config["options"]);
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("drift model state: {}", e.what()));
  }
  const double drift = fitted["drift"].get<double>();
  const double sigma = fitted["sigma"].get<double>();
  const auto n_train = fitted["n_train"].get<std::size_t>();
  if (!std::isfinite(drift) || !std::isfinite(sigma) || sigma < 0 || n_train < 3) {
    throw FormatError("drift model state: 'fitted' holds an invalid drift, sigma or n_train");
  }
  options_ = std::move(options);
  drift_ = drift;
  sigma_ = sigma;
  n_train_ = n_train;
  fitted_ = true;
}

std::unique_ptr<Forecaster> make_drift(const nlohmann::json& options) {
  return std::make_unique<DriftForecaster>(DriftOptions::from_json(options));
}

}  // namespace stockcast::models
