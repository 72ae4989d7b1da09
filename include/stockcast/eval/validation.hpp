#pragma once
/// \file
/// Rolling- and expanding-window validation of one model as `stockcast validate` runs it
/// (docs/validation.md): cross_validate() fold by fold with a callback after each fold (progress),
/// each fold's training record kept, the per-fold metrics summarised across folds (paper D's
/// Table 3: count, mean, sd, min, quartiles, max) beside the naive forecast's, and the result files.
///
///     auto folds = prep::rolling_folds({0, series.size()}, {.train_length = 200, .valid_length = 10});
///     ValidationResult v = validate_model(maker, series, folds, {});
///     v.summary;             // per metric, across folds, for the model and for naive
///     v.cv.pooled;           // every fold's forecasts together: metrics, skill, DM test
///     write_validation(dir, v, "lstm", {});   // folds.csv, metrics.csv/json, predictions.csv, history.csv

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"
#include "stockcast/eval/cross_validation.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/prep/folds.hpp"
#include "stockcast/train/options.hpp"

namespace stockcast::eval {

/// What the fitted model of one fold reported about its training.
struct FoldTraining {
  std::string description;                        ///< Forecaster::describe() after fitting
  std::int64_t parameters = 0;                    ///< trainable scalars (0 for models without weights)
  std::optional<train::TrainingHistory> history;  ///< per-epoch losses of a trainable model
};

/// A per-fold metric summarised across folds (one row of paper D's Table 3, transposed).
struct MetricSummary {
  std::string metric;            ///< e.g. "rmse" (the folds.csv column name)
  std::size_t count = 0;         ///< folds with a finite value
  double mean = io::kMissing;    ///< arithmetic mean
  double sd = io::kMissing;      ///< sample standard deviation (n - 1; NaN for one fold)
  double min = io::kMissing;     ///< smallest value
  double q25 = io::kMissing;     ///< first quartile (linear interpolation, as pandas' describe())
  double median = io::kMissing;  ///< median
  double q75 = io::kMissing;     ///< third quartile
  double max = io::kMissing;     ///< largest value
};

/// Summary statistics of `values` (NaN values are skipped); `metric` names the row.
MetricSummary summarize_values(std::string metric, std::span<const double> values);

/// How validate_model() runs.
struct ValidationOptions {
  CrossValidationOptions cv{};  ///< horizon, stride, target, inner validation share, DM alpha
  /// Called after each fold with its 0-based index, the number of folds, its result and its model's
  /// training record; may be empty (progress).
  std::function<void(std::size_t index, std::size_t count, const FoldResult& fold,
                     const FoldTraining& training)>
      on_fold;
};

/// The validation of one model over a set of folds.
struct ValidationResult {
  CrossValidationResult cv;                  ///< per-fold results and the pooled comparison
  std::vector<FoldTraining> training;        ///< one per fold, in fold order
  std::vector<MetricSummary> model_summary;  ///< per fold_metric_names() entry, across folds
  std::vector<MetricSummary> naive_summary;  ///< the naive forecast's, same metrics (skill, DM: NaN)
  /// Folds on which the model's MSE is below naive's (skill > 0).
  std::size_t folds_better_than_naive = 0;
};

/// Runs cross_validate() on one fold at a time, so `options.on_fold` can report each; the `cv`
/// member equals cross_validate() over all folds. Each fold's model is asked for its training
/// record (Forecaster::save_state()'s "history" and "parameter_count") right after fitting. Same
/// errors as cross_validate().
ValidationResult validate_model(const ForecasterMaker& make_model, const PriceSeries& series,
                                std::span<const prep::Fold> folds, const ValidationOptions& options);

/// The per-fold metrics folds.csv holds, in order: mse, rmse, mae, mape, smape, r2,
/// explained_variance, max_error, directional_accuracy, skill_vs_naive, dm_pvalue, fit_seconds.
const std::vector<std::string>& fold_metric_names();

/// Values of fold_metric_names() for one fold: the model's (`naive` false) or the naive
/// forecast's (skill, DM p-value and fit seconds are NaN for naive).
std::vector<double> fold_metric_values(const FoldResult& fold, bool naive);

/// folds.csv rows: for every fold the model (labelled `label`) and "naive", with the first and last
/// target day of the fold.
io::FoldTable fold_table(const ValidationResult& result, const std::string& label);

/// The text `stockcast validate` prints: a per-fold table (at most `max_rows` folds, the first and
/// last ones when there are more; 0 = all), the across-fold summary of the model beside naive, and
/// the pooled verdict.
std::string format_validation_report(const ValidationResult& result, const PriceSeries& series,
                                     const std::string& label, std::size_t max_rows = 40);

/// The validation as JSON: folds, per-metric summaries of model and naive, the pooled comparison.
nlohmann::json validation_summary(const ValidationResult& result, const PriceSeries& series);

/// What write_validation() writes besides folds.csv.
struct ValidationFileOptions {
  /// The training histories of the last this many folds go to history.csv as "<label> fold K"
  /// (each becomes one loss chart in the report); 0 = none.
  std::size_t history_folds = 10;
};

/// Writes DIR/folds.csv (fold_table), DIR/metrics.csv/json (the model and naive over all folds'
/// forecasts pooled, split "val"; metrics.json's "models" carries validation_summary()),
/// DIR/predictions.csv (the pooled 1-step forecasts, split "val"; only when the folds' target days
/// do not overlap, as predictions.csv has one row per day) and DIR/history.csv (see
/// ValidationFileOptions).
void write_validation(const std::filesystem::path& dir, const ValidationResult& result,
                      const PriceSeries& series, const std::string& label,
                      const ValidationFileOptions& options);

}  // namespace stockcast::eval
