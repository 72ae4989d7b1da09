#pragma once
/// \file
/// Hyper-parameter tuning without peeking at the test part (`stockcast tune`, docs/validation.md).
/// Every trial is fitted on the training part (with the validation part for early stopping, as in
/// compare_models) and scored on the validation part only: the trials are run on the series cut
/// at the end of the validation part, so no trial can see a test row. The best configuration is
/// then refitted once and scored on the validation and test parts beside the naive forecast.
///
///     auto configs = train::random_configurations(space, 20, /*seed=*/7);
///     TuningResult result = tune_model(
///         [](const nlohmann::json& params) { return models::make_forecaster("lstm", params); },
///         series, split, configs, {});
///     result.trials[result.ranking.front()].params;   // the best configuration
///     result.final.models.front().test_vs_naive;       // its test score beside naive

#include <cstddef>
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
#include "stockcast/eval/comparison.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/train/options.hpp"

namespace stockcast::eval {

/// Builds an unfitted model from one trial's configuration (the caller merges it onto the model's
/// other options and goes through the registry, which rejects unknown names and bad values).
using ConfiguredMaker = std::function<std::unique_ptr<models::Forecaster>(const nlohmann::json& config)>;

/// What a trial minimises, measured on the validation part in price units.
enum class TuningObjective {
  kMse,   ///< mean squared error ("val_mse")
  kRmse,  ///< root mean squared error ("val_rmse"; ranks as val_mse does)
  kMae,   ///< mean absolute error ("val_mae")
  kMape,  ///< mean absolute percentage error ("val_mape")
};

/// "val_mse", "val_rmse", "val_mae", "val_mape" (the "val_" prefix may be left out); throws
/// InvalidInput naming `where` and listing them.
TuningObjective parse_tuning_objective(std::string_view name, std::string_view where);
/// The column name of the objective in trials.csv, e.g. "val_mse".
std::string_view to_string(TuningObjective objective) noexcept;
/// The objective's value in `metrics`.
double objective_value(TuningObjective objective, const Metrics& metrics) noexcept;

/// One trial's outcome.
struct TrialResult {
  int trial = 0;                                     ///< 1-based, in the order the trials ran
  nlohmann::json config = nlohmann::json::object();  ///< the searched values of this trial
  double score = io::kMissing;           ///< the objective on the validation part; NaN if it failed
  std::optional<NaiveComparison> valid;  ///< validation metrics beside naive (absent if it failed)
  std::string description;               ///< Forecaster::describe() after fitting
  double fit_seconds = 0.0;              ///< wall time of fit()
  int epochs = 0;                        ///< epochs trained (neural models; 0 otherwise)
  /// Why the trial failed (a NaN loss, a window longer than the data, ...); empty when it ran.
  std::string error;
};

/// How tune_model() runs.
struct TuningOptions {
  TuningObjective objective = TuningObjective::kMse;  ///< what the ranking minimises
  ComparisonOptions scoring{};  ///< target, horizon and DM alpha of every score (on_fit is not used)
  /// Called before each trial with its 0-based index, the number of trials and its configuration;
  /// may be empty (progress).
  std::function<void(std::size_t index, std::size_t count, const nlohmann::json& config)> on_trial_start;
  /// Called after each trial (also a failed one); may be empty (progress).
  std::function<void(std::size_t index, std::size_t count, const TrialResult& trial)> on_trial;
  /// Refit the best configuration and score it on the test part (false: trials only, `final` empty).
  bool score_best_on_test = true;
  std::string best_label = "best";  ///< label of the refitted best model in `final` and the files
};

/// The trials and the best configuration's test score.
struct TuningResult {
  std::vector<TrialResult> trials;  ///< in the order they ran
  /// Trial indices (into `trials`) from best to worst score; failed trials last, in run order.
  std::vector<std::size_t> ranking;
  TuningObjective objective = TuningObjective::kMse;  ///< what was minimised
  prep::Split split;                                  ///< the parts used
  /// The best configuration refitted on the training part and scored on the validation and test
  /// parts, beside the naive model (models: best_label, "naive"). Empty when score_best_on_test is
  /// false.
  std::optional<Comparison> final;
  /// The best trial (trials[ranking.front()]).
  [[nodiscard]] const TrialResult& best() const { return trials.at(ranking.at(0)); }
};

/// Runs one trial per configuration (fit on split.train with split.valid as validation data,
/// forecasts over split.valid one step apart, scored beside naive) on `series` cut after
/// split.valid, ranks them by `options.objective`, then refits the best configuration on the full
/// series' split and scores it on the test part beside naive. A trial whose fit or forecasts fail
/// with InvalidInput or NumericalError is recorded with its error and ranked last; when every trial
/// fails the first failure is rethrown. Throws InvalidInput when there are no configurations or the
/// split has no validation or no test rows.
TuningResult tune_model(const ConfiguredMaker& make_model, const PriceSeries& series,
                        const prep::Split& split, std::span<const nlohmann::json> configs,
                        const TuningOptions& options);

/// The trials table `stockcast tune` prints: rank, trial, the objective, validation RMSE/MAE/MAPE,
/// skill vs naive, fit seconds and each parameter, best first; at most `top` rows (0 = all).
std::string format_trials_table(const TuningResult& result, std::span<const std::string> param_names,
                                std::size_t top = 0);

/// The trials as trials.csv rows (run order; parameters as text in `param_names` order).
io::TrialTable trial_table(const TuningResult& result, std::span<const std::string> param_names);

/// The tuning summary as JSON: objective, split, every trial (config, score, validation metrics,
/// error) and the best configuration.
nlohmann::json tuning_summary(const TuningResult& result);

/// Writes DIR/trials.csv and, when `final` is present, the refitted best model beside naive through
/// write_comparison() (metrics.csv/json, predictions.csv, history.csv).
void write_tuning(const std::filesystem::path& dir, const TuningResult& result,
                  std::span<const std::string> param_names);

}  // namespace stockcast::eval
