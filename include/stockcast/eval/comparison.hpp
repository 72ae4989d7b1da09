#pragma once
/// \file
/// Comparing forecasters honestly (`stockcast compare`, docs/compare.md): every model is fitted on
/// the same chronological training part (validation part for early stopping), then forecasts every
/// day of the validation and test parts one step ahead from the history before it; its errors are
/// reported in price units beside the naive forecast on exactly the same days, with a skill score
/// and a Diebold–Mariano test.
///
///     std::vector<ComparedModel> models;  // names and unfitted models (from the registry)
///     Comparison result = compare_models(series, split, models, {});
///     std::cout << format_comparison_table(result);
///     write_comparison(dir, result);     // metrics.csv/json, predictions.csv, history.csv

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"
#include "stockcast/eval/backtest.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/train/options.hpp"

namespace stockcast::eval {

/// A model to compare: its label and the unfitted model.
struct ComparedModel {
  std::string name;                           ///< label in tables and files, unique
  std::unique_ptr<models::Forecaster> model;  ///< unfitted; compare_models() fits it
};

/// How models are compared.
struct ComparisonOptions {
  std::string target = "close";  ///< column forecast and scored (price units)
  int horizon = 1;               ///< steps ahead scored from every origin (1 = next day)
  double alpha = 0.05;           ///< DM significance level for "beats naive"
  /// Called before and after each model is fitted (e.g. to print a heading); may be empty.
  std::function<void(const std::string& name, const models::Forecaster& model, bool done)> on_fit;
};

/// One fitted model's results.
struct ModelResult {
  std::string name;         ///< label
  std::string kind;         ///< registry name
  std::string description;  ///< Forecaster::describe() after fitting
  /// Trainable scalars, from the state's "parameter_count" (0 when the model does not report it:
  /// naive, drift and other models without weights).
  std::int64_t parameters = 0;
  double train_seconds = 0.0;                     ///< wall time of fit()
  std::optional<train::TrainingHistory> history;  ///< per-epoch losses of trainable models
  std::optional<HistoricalForecasts> valid;       ///< forecasts over the validation part
  std::optional<NaiveComparison> valid_vs_naive;  ///< its metrics beside naive
  HistoricalForecasts test;                       ///< forecasts over the test part
  NaiveComparison test_vs_naive;                  ///< its metrics beside naive
};

/// The whole comparison.
struct Comparison {
  std::string ticker;               ///< series name
  std::size_t rows = 0;             ///< rows of the series
  Date first_date{};                ///< first day of the series
  Date last_date{};                 ///< last day of the series
  prep::Split split;                ///< the parts used
  ComparisonOptions options;        ///< how it was compared
  std::vector<ModelResult> models;  ///< in the order given
};

/// Fits every model on `split.train` (with `split.valid` as validation data) and scores it over
/// the validation and test parts against the naive forecast; the models stay fitted. Throws
/// InvalidInput when names repeat or the split cannot hold the forecasts; the models' own errors
/// (InvalidInput, NumericalError) propagate with the model's name prefixed.
Comparison compare_models(const PriceSeries& series, const prep::Split& split,
                          std::span<ComparedModel> models, const ComparisonOptions& options);

/// Scores an already fitted model over rows `part` of `series` (one forecast per target day) beside
/// the naive forecast.
NaiveComparison score_part(models::Forecaster& model, const PriceSeries& series, prep::RowRange part,
                           const ComparisonOptions& options, HistoricalForecasts* forecasts = nullptr);

/// The table `stockcast compare` prints: one row per model with params, train seconds, validation
/// and test MSE/RMSE/MAE/MAPE/R² (price units), test skill vs naive and DM p-value, and a verdict
/// column marking every model that does not beat naive; then a legend.
std::string format_comparison_table(const Comparison& comparison);

/// Writes DIR/metrics.csv, DIR/metrics.json, DIR/predictions.csv and DIR/history.csv through
/// io/result_files.hpp (atomically; DIR is created when missing).
void write_comparison(const std::filesystem::path& dir, const Comparison& comparison);

/// The comparison as JSON (what metrics.json's "models" block holds per model, plus the split).
nlohmann::json comparison_summary(const Comparison& comparison);

}  // namespace stockcast::eval
