#pragma once
/// \file
/// Rolling- and expanding-window cross-validation of any Forecaster, over prep::folds.
///
///     auto folds = prep::rolling_folds({0, n}, {.train_length = 200, .valid_length = 10});
///     auto cv = cross_validate([] { return models::make_forecaster("drift"); }, series, folds, {});
///     // cv.folds[k].comparison.skill, cv.pooled.skill, ...

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "stockcast/core/price_series.hpp"
#include "stockcast/eval/backtest.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/prep/folds.hpp"

namespace stockcast::eval {

/// Makes a fresh, unfitted model for each fold.
using ForecasterMaker = std::function<std::unique_ptr<models::Forecaster>()>;

/// How each fold is evaluated.
struct CrossValidationOptions {
  int horizon = 1;               ///< days forecast from each origin, >= 1
  std::size_t stride = 1;        ///< rows between origins inside a validation window, >= 1
  std::string target = "close";  ///< column forecast (price units)
  /// For models whose capabilities() need validation data: the share at the end of each fold's
  /// training rows passed to fit() as `valid`; in (0, 1).
  double inner_valid_fraction = 0.15;
  double alpha = 0.05;  ///< significance level of the DM test behind beats_naive
};

/// One fold's outcome.
struct FoldResult {
  prep::Fold fold;                ///< the rows used (rows of the full series)
  HistoricalForecasts forecasts;  ///< forecasts whose targets lie in fold.valid (full-series rows)
  NaiveComparison comparison;     ///< the model beside naive on those targets
  double fit_seconds = 0;         ///< wall time of fit()
};

/// Results of every fold and of all folds pooled.
struct CrossValidationResult {
  std::string model;                     ///< describe() of the first fold's model
  std::vector<FoldResult> folds;         ///< in fold order
  HistoricalForecasts pooled_forecasts;  ///< every fold's forecasts, concatenated in time order
  NaiveComparison pooled;                ///< metrics, skill and DM test over all folds' points
  double mean_skill = 0;                 ///< average of the folds' skill scores
};

/// Fits a fresh model on each fold's training rows and forecasts its validation rows (origins from
/// fold.valid.begin - 1, so every validation row is a target; the model sees only rows
/// [fold.train.begin, origin]). Throws InvalidInput when there are no folds, a fold lies outside
/// the series, or a validation window is shorter than the horizon.
CrossValidationResult cross_validate(const ForecasterMaker& make_model, const PriceSeries& series,
                                     std::span<const prep::Fold> folds,
                                     const CrossValidationOptions& options);

}  // namespace stockcast::eval
