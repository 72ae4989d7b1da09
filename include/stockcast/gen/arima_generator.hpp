#pragma once
/// \file
/// The "arima" generator: an ARIMA model fitted by the "arima" forecaster (models/stat/forecasters.hpp:
/// fixed orders, or auto-ARIMA when no order is given) to the log prices (default), the prices or the
/// log returns, simulated forward conditionally on the end of the data:
///
///     y_t = beta' x_t + u_t,   (1 - B)^d u_t = w_t,
///     w_t = phi_1 w_{t-1} + ... + phi_p w_{t-p} + e_t + theta_1 e_{t-1} + ... + theta_q e_{t-q},
///     e_t iid N(0, sigma2),
///
/// started from the last p values of w and the last q one-step innovations of the fitted Kalman
/// filter (for a long series and an invertible MA part these are the innovations e_t themselves),
/// integrated d times from the last values and turned back into prices.

#include <memory>

#include "stockcast/gen/generator.hpp"
#include "stockcast/models/stat/forecasters.hpp"

namespace stockcast::gen {

/// ARIMA simulation of price paths.
class ArimaGenerator final : public Generator {
 public:
  /// Options as the "arima" forecaster's (order, trend, transform, likelihood, stepwise, threads).
  explicit ArimaGenerator(models::stat::ArimaForecasterOptions options);

  [[nodiscard]] std::string kind() const override { return "arima"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] bool needs_fit() const override { return true; }
  /// Fits the model; throws as the "arima" forecaster's fit().
  void fit(const PriceSeries& train) override;
  [[nodiscard]] PricePaths sample(int length, int paths, std::uint64_t seed) const override;
  [[nodiscard]] nlohmann::json parameters() const override;

  /// The fitted model (of the transformed series); throws NotFitted before fit().
  [[nodiscard]] const models::stat::ArimaModel& model() const;

 private:
  models::stat::ArimaForecasterOptions options_;
  std::unique_ptr<models::stat::ArimaForecaster> forecaster_;
  // The state at the end of the training data.
  std::vector<double> w_tail_;       // last p values of the differenced deterministic-free series
  std::vector<double> innovations_;  // last q one-step innovations
  std::vector<double> levels_;       // last values of (1 - B)^k u, k = 0 .. d - 1
  std::size_t n_ = 0;                // length of the fitted (transformed) series
  double last_close_ = 0;
};

/// Registry factory: the "arima" forecaster's options ("order": [p, d, q] or null for auto-ARIMA,
/// "trend": "n" | "c" | "t", "likelihood", "stepwise", "threads"), with "transform" defaulting to
/// "log" so that paths stay positive.
std::unique_ptr<Generator> make_arima_generator(const nlohmann::json& options);

}  // namespace stockcast::gen
