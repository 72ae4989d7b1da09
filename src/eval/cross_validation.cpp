#include "stockcast/eval/cross_validation.hpp"

#include <fmt/format.h>
#include <chrono>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::eval {

CrossValidationResult cross_validate(const ForecasterMaker& make_model, const PriceSeries& series,
                                     std::span<const prep::Fold> folds,
                                     const CrossValidationOptions& options) {
  if (folds.empty()) throw InvalidInput("cross_validate: no folds");
  if (!make_model) throw InvalidInput("cross_validate: no model factory");
  if (options.horizon < 1)
    throw InvalidInput(fmt::format("cross_validate: horizon {} must be >= 1", options.horizon));
  if (!(options.inner_valid_fraction > 0 && options.inner_valid_fraction < 1)) {
    throw InvalidInput(fmt::format("cross_validate: inner_valid_fraction {} must be in (0, 1)",
                                   options.inner_valid_fraction));
  }
  const auto h = static_cast<std::size_t>(options.horizon);
  CrossValidationResult result;
  double skill_sum = 0;
  for (std::size_t k = 0; k < folds.size(); ++k) {
    const prep::Fold& fold = folds[k];
    if (fold.train.empty() || fold.valid.begin < fold.train.end || fold.valid.end > series.size()) {
      throw InvalidInput(
          fmt::format("cross_validate: fold {} (train [{}, {}), valid [{}, {})) does not fit a "
                      "series of {} rows with validation after training",
                      k, fold.train.begin, fold.train.end, fold.valid.begin, fold.valid.end, series.size()));
    }
    if (fold.valid.size() < h) {
      throw InvalidInput(
          fmt::format("cross_validate: fold {} has {} validation rows, fewer than the horizon {}", k,
                      fold.valid.size(), options.horizon));
    }
    // The model sees nothing before its training window and nothing after its validation window.
    const std::size_t base = fold.train.begin;
    const PriceSeries window = series.slice(base, fold.valid.end);
    const std::size_t n_train = fold.train.size();
    std::unique_ptr<models::Forecaster> model = make_model();
    if (!model) throw Internal("cross_validate: the model factory returned no model");

    const auto started = std::chrono::steady_clock::now();
    if (model->capabilities().needs_validation) {
      const auto n_valid = static_cast<std::size_t>(
          std::max(1.0, std::floor(static_cast<double>(n_train) * options.inner_valid_fraction)));
      if (n_valid >= n_train) {
        throw InvalidInput(
            fmt::format("cross_validate: fold {} has too few training rows ({}) to hold out "
                        "validation data",
                        k, n_train));
      }
      model->fit(window.slice(0, n_train - n_valid), window.slice(n_train - n_valid, n_train));
    } else {
      model->fit(window.slice(0, n_train), window.slice(n_train, n_train));
    }
    const double fit_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    BacktestOptions backtest = BacktestOptions::over_part({fold.valid.begin - base, fold.valid.end - base},
                                                          options.horizon, options.stride);
    backtest.target = options.target;
    HistoricalForecasts forecasts = historical_forecasts(*model, window, backtest);
    for (auto& row : forecasts.origin_row) row += base;
    for (auto& row : forecasts.target_row) row += base;

    FoldResult fold_result;
    fold_result.fold = fold;
    fold_result.comparison = compare_with_naive(forecasts, options.alpha);
    fold_result.forecasts = std::move(forecasts);
    fold_result.fit_seconds = fit_seconds;
    if (k == 0) result.model = model->describe();
    skill_sum += fold_result.comparison.skill;
    result.pooled_forecasts.append(fold_result.forecasts);
    result.folds.push_back(std::move(fold_result));
  }
  result.pooled_forecasts.model = result.model;
  result.pooled = compare_with_naive(result.pooled_forecasts, options.alpha);
  result.mean_skill = skill_sum / static_cast<double>(result.folds.size());
  return result;
}

}  // namespace stockcast::eval
