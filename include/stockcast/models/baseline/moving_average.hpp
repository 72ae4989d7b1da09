#pragma once
/// \file
/// The moving-average forecast: every future day equals the mean of the last `window` values.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "stockcast/models/forecaster.hpp"

namespace stockcast::models {

/// Options of the moving-average forecaster.
struct MovingAverageOptions {
  std::string target = "close";  ///< column forecast
  int window = 5;                ///< days averaged, >= 1 (1 is the naive forecast)

  /// Throws InvalidInput when the target is empty or the window is < 1 or > 100000.
  void validate() const;
  /// Strict parse: {"target": "close", "window": 5}.
  static MovingAverageOptions from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// Forecast = mean of the last `window` observed values, for every step.
class MovingAverageForecaster final : public Forecaster {
 public:
  explicit MovingAverageForecaster(MovingAverageOptions options = {});

  [[nodiscard]] std::string kind() const override { return "moving_average"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override { return {}; }
  /// Checks that `train` has at least `window` finite values of the target; `valid` unused.
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  /// Throws InvalidInput when `history` has fewer than `window` rows.
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  [[nodiscard]] const MovingAverageOptions& options() const noexcept { return options_; }

 private:
  MovingAverageOptions options_;
  bool fitted_ = false;
};

/// Registry factory: a MovingAverageForecaster from JSON options.
std::unique_ptr<Forecaster> make_moving_average(const nlohmann::json& options);

}  // namespace stockcast::models
