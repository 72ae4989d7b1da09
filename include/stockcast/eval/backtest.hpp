#pragma once
/// \file
/// Walk-forward evaluation written once against models::Forecaster (Darts'
/// `historical_forecasts`): forecasts from many origins, aligned with the actual values, and the
/// naive forecast set beside the model on exactly the same targets.
///
///     BacktestOptions options = BacktestOptions::over_part(split.test, /*horizon=*/1);
///     HistoricalForecasts hf = historical_forecasts(model, series, options);
///     NaiveComparison cmp = compare_with_naive(hf);   // metrics, skill, DM test, beats_naive

#include <cstddef>
#include <string>
#include <vector>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/eval/diebold_mariano.hpp"
#include "stockcast/eval/metrics.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::eval {

/// Which origins to forecast from, and whether to refit on the way.
struct BacktestOptions {
  std::size_t first_origin = 0;  ///< row of the first origin (the last day observed), >= 0
  /// Row of the last origin; origins are first_origin, first_origin + stride, ... <= last_origin.
  /// Must leave `horizon` rows after it (last_origin + horizon <= last row of the series).
  std::size_t last_origin = 0;
  int horizon = 1;               ///< days forecast from each origin, >= 1
  std::size_t stride = 1;        ///< rows between consecutive origins, >= 1
  std::string target = "close";  ///< column compared with the forecasts (price units)
  /// Refit the model every `refit_every` origins (0 = never: the model must already be fitted).
  /// Each refit uses rows [train_begin, origin] where train_begin is 0 (expanding) or
  /// origin + 1 - refit_train_length (rolling) when refit_train_length > 0.
  std::size_t refit_every = 0;
  std::size_t refit_train_length = 0;  ///< rows of a rolling refit window; 0 = expanding from row 0
  /// Share of the refit rows held out (at their end) as validation data, for models whose
  /// capabilities() say they need it; in (0, 1).
  double refit_valid_fraction = 0.15;

  /// Origins whose step-1 .. step-h targets all lie inside `part` (as prep::window_origins):
  /// first_origin = part.begin - 1 (or 0), last_origin = part.end - 1 - horizon. With stride 1 and
  /// horizon 1 every row of the part is forecast exactly once. Throws InvalidInput when the part
  /// is shorter than the horizon or starts at row 0.
  static BacktestOptions over_part(prep::RowRange part, int horizon = 1, std::size_t stride = 1);

  /// Throws InvalidInput (naming the field) when an option is out of range for a series of
  /// `n_rows` rows.
  void validate(std::size_t n_rows) const;
};

/// Forecasts aligned with actuals, one entry per (origin, step), ordered by origin then step.
/// All vectors have size(); `lower`/`upper` are empty when the model has no intervals.
struct HistoricalForecasts {
  std::string model;                    ///< the model's describe()
  int horizon = 1;                      ///< steps per origin
  std::size_t stride = 1;               ///< rows between origins
  std::vector<std::size_t> origin_row;  ///< row of the last observed day
  std::vector<int> step;                ///< 1 .. horizon
  std::vector<std::size_t> target_row;  ///< origin_row + step
  std::vector<Date> date;               ///< date of target_row
  std::vector<double> actual;           ///< target column at target_row (price units)
  std::vector<double> forecast;         ///< the model's forecast for that row (price units)
  std::vector<double> origin_value;     ///< target column at origin_row: also the naive forecast
  std::vector<double> lower;            ///< interval lower bound (empty without intervals)
  std::vector<double> upper;            ///< interval upper bound (empty without intervals)

  [[nodiscard]] std::size_t size() const noexcept { return actual.size(); }
  /// The points of one step (1 .. horizon), e.g. only the 1-day-ahead forecasts.
  [[nodiscard]] HistoricalForecasts only_step(int k) const;
  /// Appends `other` (same horizon), e.g. to pool cross-validation folds.
  void append(const HistoricalForecasts& other);
};

/// Walk-forward forecasts of `model` over `series`: for each origin o the model sees rows [0, o]
/// and forecasts rows o+1 .. o+horizon. Without refitting all origins go to one
/// Forecaster::predict_from call (neural models batch it). Throws InvalidInput on bad options,
/// NotFitted when refit_every = 0 and the model is not fitted, NumericalError (naming the model and
/// the date) when a forecast is NaN/Inf.
HistoricalForecasts historical_forecasts(models::Forecaster& model, const PriceSeries& series,
                                         const BacktestOptions& options);

/// The naive forecast (each origin's last observed value, for every step) in the same layout, so it
/// can be written or plotted beside any model.
HistoricalForecasts naive_forecasts(const HistoricalForecasts& forecasts);

/// A model set beside the naive forecast on the same targets.
struct NaiveComparison {
  Metrics model;            ///< the model's metrics (price units)
  Metrics naive;            ///< the naive forecast's metrics on the same points
  double skill = 0;         ///< 1 - MSE_model / MSE_naive
  DieboldMarianoResult dm;  ///< model vs naive: negative statistic = model has lower loss
  /// True when the model has the lower MSE (skill > 0) AND the DM test rejects equal accuracy at
  /// `alpha`; a model that is only insignificantly better does not "beat naive".
  bool beats_naive = false;
  double alpha = 0.05;  ///< significance level used for beats_naive
};

/// Compares `forecasts` with the naive forecast. Metrics pool every (origin, step) point. The DM
/// test runs on the per-origin loss differential averaged over the steps, with lag window
/// ceil(horizon / stride) (overlapping multi-step forecasts are autocorrelated up to that lag).
/// When the model equals naive everywhere, skill is 0, the p-value 1 and beats_naive false.
NaiveComparison compare_with_naive(const HistoricalForecasts& forecasts, double alpha = 0.05,
                                   DmVariance variance = DmVariance::kBartlett);

}  // namespace stockcast::eval
