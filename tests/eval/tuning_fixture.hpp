#pragma once
// A configurable forecaster for the validation and tuning tests: forecasts last + step * increment,
// can fail on purpose, reports a made-up training history, and records the latest date it was
// shown through any door (fit, predict, predict_from).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/date.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/train/options.hpp"

namespace stockcast::test {

class StepForecaster final : public models::Forecaster {
 public:
  /// What every instance was shown; shared so it outlives the models.
  struct Log {
    Date latest_seen{};  ///< latest date of any series given to the model
    int fits = 0;
  };

  /// Options: {"increment": number, "fail": "numerical"|"invalid", "epochs": int (fake history)}.
  StepForecaster(const nlohmann::json& options, std::shared_ptr<Log> log) : log_(std::move(log)) {
    for (const auto& [key, value] : options.items()) {
      if (key == "increment") {
        increment_ = value.get<double>();
      } else if (key == "fail") {
        fail_ = value.get<std::string>();
      } else if (key == "epochs") {
        epochs_ = value.get<int>();
      } else {
        throw InvalidInput("model 'step': unknown option '" + key + "'; accepted: increment, fail, epochs");
      }
    }
  }

  std::string kind() const override { return "step"; }
  std::string describe() const override { return "step(" + std::to_string(increment_) + ")"; }
  models::Capabilities capabilities() const override { return {}; }

  void fit(const PriceSeries& train, const PriceSeries& valid) override {
    see(train);
    if (valid.size() > 0) see(valid);
    ++log_->fits;
    if (fail_ == "numerical") throw NumericalError("step: loss is NaN at epoch 1, batch 1");
    if (fail_ == "invalid") throw InvalidInput("step: window longer than the data");
    fitted_ = true;
  }
  models::Forecast predict(const PriceSeries& history, int horizon) const override {
    if (!fitted_) throw NotFitted("step: not fitted");
    see(history);
    models::Forecast f;
    f.dates = models::forecast_dates(history.last_date(), horizon);
    for (int k = 1; k <= horizon; ++k) f.mean.push_back(history.close().back() + k * increment_);
    return f;
  }
  std::vector<models::Forecast> predict_from(const PriceSeries& series, std::span<const std::size_t> origins,
                                             int horizon) const override {
    see(series);
    return Forecaster::predict_from(series, origins, horizon);
  }
  models::ModelState save_state() const override {
    models::ModelState state;
    state.config = {{"kind", "step"}};
    if (epochs_ > 0) {
      train::TrainingHistory history;
      for (int e = 1; e <= epochs_; ++e) {
        train::EpochRecord record;
        record.epoch = e;
        record.train_loss = 1.0 / e;
        record.val_loss = 2.0 / e;
        record.learning_rate = 1e-3;
        history.epochs.push_back(record);
      }
      history.best_epoch = epochs_;
      state.config["history"] = train::to_json(history);
      state.config["parameter_count"] = 42;
    }
    return state;
  }
  void load_state(const models::ModelState&) override {}

 private:
  void see(const PriceSeries& s) const {
    if (s.size() > 0) log_->latest_seen = std::max(log_->latest_seen, s.last_date());
  }

  std::shared_ptr<Log> log_;
  double increment_ = 0.0;
  std::string fail_;
  int epochs_ = 0;
  bool fitted_ = false;
};

}  // namespace stockcast::test
