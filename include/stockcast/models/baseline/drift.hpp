#pragma once
/// \file
/// The drift method: a random walk with drift, the drift estimated on the training data.
///
/// With training values y_1..y_T: c = (y_T - y_1) / (T - 1), the mean daily change, and
/// sigma^2 = sum_t (y_t - y_{t-1} - c)^2 / (T - 2), the variance of the changes around it.
/// From a history ending at y_o the k-step forecast is y_o + k c, and the interval at `level`
/// is y_o + k c -/+ z sigma sqrt(k (1 + k / T)) with z the normal quantile (Hyndman &
/// Athanasopoulos, Forecasting: Principles and Practice, section 5.5).

#include <cstddef>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "stockcast/models/forecaster.hpp"

namespace stockcast::models {

/// Options of the drift forecaster.
struct DriftOptions {
  std::string target = "close";  ///< column forecast
  bool intervals = true;         ///< return prediction intervals
  double level = 0.95;           ///< interval coverage, in (0, 1)

  /// Throws InvalidInput when the target is empty or level is outside (0, 1).
  void validate() const;
  /// Strict parse: {"target": "close", "intervals": true, "level": 0.95}.
  static DriftOptions from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// Random walk with drift.
class DriftForecaster final : public Forecaster {
 public:
  explicit DriftForecaster(DriftOptions options = {});

  [[nodiscard]] std::string kind() const override { return "drift"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override;
  /// Estimates the drift and the change variance from `train` (needs >= 3 rows); `valid` unused.
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  [[nodiscard]] const DriftOptions& options() const noexcept { return options_; }
  /// The fitted drift c per day (price units); throws NotFitted before fit().
  [[nodiscard]] double drift() const;
  /// The fitted standard deviation of daily changes around the drift; throws NotFitted.
  [[nodiscard]] double sigma() const;

 private:
  DriftOptions options_;
  bool fitted_ = false;
  double drift_ = 0;
  double sigma_ = 0;
  std::size_t n_train_ = 0;
};

/// Registry factory: a DriftForecaster from JSON options.
std::unique_ptr<Forecaster> make_drift(const nlohmann::json& options);

}  // namespace stockcast::models
