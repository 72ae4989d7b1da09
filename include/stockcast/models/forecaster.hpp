#pragma once
/// \file
/// Forecaster: the one interface every forecasting model implements (naive, AR, ARIMA, GARCH, RNN,
/// LSTM, GRU, ...). Evaluation, backtesting, the CLI and model files all go through it.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast::models {

/// A forecast in price units for the `horizon` trading days after a history's last row.
struct Forecast {
  std::vector<Date> dates;    ///< one business day per step after the history's last date
  std::vector<double> mean;   ///< point forecast, price units
  std::vector<double> lower;  ///< lower interval bound (empty when the model has no intervals)
  std::vector<double> upper;  ///< upper interval bound (empty when the model has no intervals)
  double level = 0.95;        ///< coverage of [lower, upper]
  [[nodiscard]] std::size_t horizon() const noexcept { return mean.size(); }
  [[nodiscard]] bool has_intervals() const noexcept { return !lower.empty(); }
};

/// What a model can do, queried rather than guessed.
struct Capabilities {
  bool multivariate_input = false;  ///< uses columns other than the target
  bool probabilistic = false;       ///< returns prediction intervals
  bool needs_validation = false;    ///< fit() requires validation data (early stopping)
  bool trainable = false;           ///< trained by the Trainer (neural model)
};

/// Learned state of a model, written to and read from a model file (io/model_file.hpp).
/// `config` holds options and small learned values as JSON; `blob` holds binary weights, if any.
struct ModelState {
  nlohmann::json config;
  std::string blob;
};

/// One interface for every forecasting model.
class Forecaster {
 public:
  virtual ~Forecaster() = default;
  Forecaster() = default;
  Forecaster(const Forecaster&) = delete;
  Forecaster& operator=(const Forecaster&) = delete;

  /// Registry name of the model kind, e.g. "naive", "arima", "lstm".
  [[nodiscard]] virtual std::string kind() const = 0;
  /// Human-readable one-line description of the fitted configuration, e.g. "ARIMA(1,1,1)".
  [[nodiscard]] virtual std::string describe() const { return kind(); }
  [[nodiscard]] virtual Capabilities capabilities() const = 0;

  /// Learns from raw prices. The model owns its scaler and window settings, so nothing of `valid`
  /// (or of any later data) leaks into the scaling of `train`. `valid` may be empty.
  virtual void fit(const PriceSeries& train, const PriceSeries& valid) = 0;

  /// Forecast for the `horizon` trading days after `history`'s last row, in price units.
  /// Throws NotFitted before fit()/load_state().
  [[nodiscard]] virtual Forecast predict(const PriceSeries& history, int horizon) const = 0;

  /// Forecasts from many origins at once: for each origin i, the history is rows [0, i] of `series`
  /// (inclusive) and the forecast covers rows i+1 .. i+horizon. The default loops over predict();
  /// neural models batch it, state-space models update their state instead of refitting.
  [[nodiscard]] virtual std::vector<Forecast> predict_from(const PriceSeries& series,
                                                           std::span<const std::size_t> origins,
                                                           int horizon) const;

  /// Learned state for a model file; load_state() restores a model that predicts identically.
  [[nodiscard]] virtual ModelState save_state() const = 0;
  virtual void load_state(const ModelState& state) = 0;
};

/// The `horizon` business days after `last`.
std::vector<Date> forecast_dates(Date last, int horizon);

}  // namespace stockcast::models
