#pragma once
// Series and a recording forecaster for the backtest and cross-validation tests.
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "stockcast/core/date.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/models/forecaster.hpp"

namespace stockcast::test {

/// A close-only series of `n` business days from 2024-01-02: 100 + slope * t + noise, where the
/// noise is a fixed deterministic pseudo-random sequence in [-amplitude, amplitude].
inline PriceSeries trend_series(std::size_t n, double slope, double amplitude) {
  std::vector<Date> dates;
  std::vector<double> close;
  Date day = *parse_iso_date("2024-01-02");
  unsigned state = 12345U;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 1103515245U + 12345U;
    const double u = static_cast<double>((state >> 8) & 0xFFFFU) / 65535.0;  // in [0, 1]
    close.push_back(100.0 + slope * static_cast<double>(i) + amplitude * (2 * u - 1));
    dates.push_back(day);
    day = next_business_day(day);
  }
  return PriceSeries("TREND", std::move(dates), {Column{"close", std::move(close)}});
}

/// Forecasts last + step * `increment`, and records what it was shown.
class RecordingForecaster final : public models::Forecaster {
 public:
  struct FitCall {
    Date first;
    Date last;
    std::size_t train_rows;
    std::size_t valid_rows;
  };
  /// What the model was shown; shared so it outlives the model (cross-validation destroys it).
  struct Log {
    std::vector<FitCall> fits;
    int predicts = 0;
    int batches = 0;
    Date max_history_last{};
    Date first_seen{};
  };

  explicit RecordingForecaster(double increment = 0.0, bool needs_validation = false)
      : increment_(increment), needs_validation_(needs_validation) {}

  std::string kind() const override { return "recording"; }
  models::Capabilities capabilities() const override {
    models::Capabilities c;
    c.needs_validation = needs_validation_;
    return c;
  }
  void fit(const PriceSeries& train, const PriceSeries& valid) override {
    log->fits.push_back({train.first_date(), train.last_date(), train.size(), valid.size()});
    fitted_ = true;
  }
  models::Forecast predict(const PriceSeries& history, int horizon) const override {
    if (!fitted_) throw NotFitted("recording: not fitted");
    ++log->predicts;
    log->max_history_last = history.last_date();
    log->first_seen = history.first_date();
    models::Forecast f;
    f.dates = models::forecast_dates(history.last_date(), horizon);
    const double last = history.close().back();
    for (int k = 1; k <= horizon; ++k)
      f.mean.push_back(nan_ ? std::numeric_limits<double>::quiet_NaN() : last + k * increment_);
    return f;
  }
  std::vector<models::Forecast> predict_from(const PriceSeries& series, std::span<const std::size_t> origins,
                                             int horizon) const override {
    ++log->batches;
    return Forecaster::predict_from(series, origins, horizon);
  }
  models::ModelState save_state() const override { return {}; }
  void load_state(const models::ModelState&) override {}

  std::shared_ptr<Log> log = std::make_shared<Log>();
  bool nan_ = false;

 private:
  double increment_;
  bool needs_validation_;
  bool fitted_ = false;
};

}  // namespace stockcast::test
