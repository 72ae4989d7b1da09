#pragma once
/// \file
/// The naive (random-walk) forecast: every future day equals the last observed value. The yardstick
/// every stockcast report sets beside each model.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "stockcast/models/forecaster.hpp"

namespace stockcast::models {

/// Options of the naive forecaster.
struct NaiveOptions {
  std::string target = "close";  ///< column forecast

  /// Throws InvalidInput when the target is empty.
  void validate() const;
  /// Strict parse (unknown keys are errors): {"target": "close"}.
  static NaiveOptions from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// Tomorrow = today; the h-step forecast repeats the last observed value h times.
class NaiveForecaster final : public Forecaster {
 public:
  explicit NaiveForecaster(NaiveOptions options = {});

  [[nodiscard]] std::string kind() const override { return "naive"; }
  [[nodiscard]] Capabilities capabilities() const override { return {}; }
  /// Checks the target column exists and is finite; learns nothing else.
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  [[nodiscard]] const NaiveOptions& options() const noexcept { return options_; }

 private:
  NaiveOptions options_;
  bool fitted_ = false;
};

/// Registry factory: a NaiveForecaster from JSON options.
std::unique_ptr<Forecaster> make_naive(const nlohmann::json& options);

}  // namespace stockcast::models
