#pragma once
/// \file
/// The result-directory contract (docs/result-files.md): the files that `compare`, `fit`, `generate`,
/// rolling validation, `tune` and `synth-eval` write into their output directory, with a writer and a
/// reader for each. `stockcast report DIR` (report::write_report) rebuilds report.html from whichever
/// of these files are present, so writing them through these helpers is all a command needs to do to
/// get its charts.
///
///     io::RunInfo run;  run.command = "compare";  run.settings = settings;  run.data_path = csv;
///     io::write_run_json(dir, run, &series);
///     io::write_data_csv(dir, series);
///     io::write_metrics(dir, rows);            // metrics.csv + metrics.json
///     io::write_predictions_csv(dir, table);
///     io::write_history_csv(dir, epochs);
///     report::write_report(dir);               // report.html
///
/// Every file is written atomically (io::write_file_atomically). Numbers are written as the shortest
/// text that reads back exactly; a missing value is an empty cell. Dates are ISO (YYYY-MM-DD).

#include <filesystem>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast::io {

/// File names inside a result directory.
namespace result_file {
inline constexpr std::string_view kRun = "run.json";                 ///< settings and data summary
inline constexpr std::string_view kData = "data.csv";                ///< the input price series
inline constexpr std::string_view kMetricsCsv = "metrics.csv";       ///< one row per model and split
inline constexpr std::string_view kMetricsJson = "metrics.json";     ///< the same rows as JSON
inline constexpr std::string_view kPredictions = "predictions.csv";  ///< date, split, actual, naive, models
inline constexpr std::string_view kHistory = "history.csv";          ///< per-epoch losses
inline constexpr std::string_view kFolds = "folds.csv";              ///< rolling/expanding validation
inline constexpr std::string_view kForecast = "forecast.csv";        ///< h-step forecasts with intervals
inline constexpr std::string_view kVolatility = "volatility.csv";    ///< GARCH conditional volatility
inline constexpr std::string_view kPaths = "paths.csv";              ///< synthetic price paths
inline constexpr std::string_view kFidelity = "fidelity.csv";        ///< synthetic-vs-real statistics
inline constexpr std::string_view kTrials = "trials.csv";            ///< hyper-parameter search trials
inline constexpr std::string_view kFit = "fit.json";                 ///< a fitted model (fit --json)
inline constexpr std::string_view kReport = "report.html";           ///< the HTML report
inline constexpr std::string_view kFigures = "figures";              ///< static figures (--figures)
}  // namespace result_file

/// Not a number: the value of a missing cell.
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------- run.json and data.csv

/// What run.json records about a run.
struct RunInfo {
  std::string command;  ///< the subcommand that wrote the directory, e.g. "compare"
  std::string title;    ///< optional heading for the report ("" = derived from command and ticker)
  nlohmann::json settings = nlohmann::json::object();  ///< every effective setting, flat or nested
  std::string data_path;  ///< the input data file as the user gave it ("" when there is none)
  std::string currency;   ///< unit of prices for axis labels, e.g. "USD" ("" = unknown)
};

/// Writes DIR/run.json: {"stockcast_version", "command", "title", "created" (UTC ISO 8601),
/// "settings", "data": {"path", "ticker", "rows", "first_date", "last_date", "columns", "currency"}}.
/// `data` may be null (fBm generation has no input data). Creates DIR when missing.
void write_run_json(const std::filesystem::path& dir, const RunInfo& run, const PriceSeries* data = nullptr);

/// Writes DIR/data.csv: `date,<every column of the series>` (so the report can show the data itself).
void write_data_csv(const std::filesystem::path& dir, const PriceSeries& series);

/// Reads a data.csv written by write_data_csv; the ticker is taken from `ticker`.
PriceSeries read_data_csv(const std::filesystem::path& path, std::string ticker = "data");

// ---------------------------------------------------------------- metrics

/// One row of metrics.csv: a model's errors on one split, in price units (NaN = not computed).
struct MetricsRow {
  std::string model;                       ///< registry name or label, e.g. "lstm-optimized"
  std::string split;                       ///< "val" or "test" (or "train")
  double mse = kMissing;                   ///< mean squared error (price units²)
  double rmse = kMissing;                  ///< root mean squared error (price units)
  double mae = kMissing;                   ///< mean absolute error (price units)
  double mape = kMissing;                  ///< mean absolute percentage error (%)
  double smape = kMissing;                 ///< symmetric MAPE (%)
  double r2 = kMissing;                    ///< coefficient of determination
  double explained_variance = kMissing;    ///< explained variance score
  double max_error = kMissing;             ///< largest absolute error (price units)
  double directional_accuracy = kMissing;  ///< share of days with the right sign of change, in [0, 1]
  double skill_vs_naive = kMissing;        ///< 1 - MSE_model / MSE_naive (> 0: beats naive)
  double dm_pvalue = kMissing;             ///< Diebold–Mariano p-value vs naive (squared-error loss)
  double train_seconds = kMissing;         ///< wall-clock training time (s)
};

/// The metrics.csv columns, in order (fixed by issue 3).
const std::vector<std::string>& metrics_columns();

/// Writes DIR/metrics.csv and DIR/metrics.json ({"metrics": [ {column: value, ...}, ... ]}, NaN as
/// null). `extra` (e.g. {"lstm": {"params": 10851}}) is stored under "models" in metrics.json.
void write_metrics(const std::filesystem::path& dir, std::span<const MetricsRow> rows,
                   const nlohmann::json& extra = nlohmann::json::object());

/// Reads metrics.csv; columns other than `model` and `split` may be missing (NaN).
std::vector<MetricsRow> read_metrics_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- predictions

/// Predictions of several models on the same target days (predictions.csv).
struct PredictionTable {
  /// One model's predictions, aligned with `dates` (NaN where it made none).
  struct Model {
    std::string name;            ///< column name in the file
    std::vector<double> values;  ///< price units
  };
  std::vector<Date> dates;          ///< target days, increasing within each split
  std::vector<std::string> splits;  ///< split of each day: "val" or "test" (or "train")
  std::vector<double> actual;       ///< actual price (the target) in price units
  std::vector<double> naive;        ///< naive forecast (yesterday's price) for the same day
  std::vector<Model> models;        ///< every other model, in table order
};

/// Writes DIR/predictions.csv: `date,split,actual,naive,<model>...`. A model named "naive" is the
/// naive column itself and is written once (InvalidInput when its values differ from `naive`).
/// Throws InvalidInput when the columns differ in length or a model is named date, split or actual.
void write_predictions_csv(const std::filesystem::path& dir, const PredictionTable& table);

/// Reads predictions.csv; every column after date, split, actual and naive is a model. A file
/// without `split` is read as a single split "test".
PredictionTable read_predictions_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- training history

/// One epoch of one model's training (history.csv). Losses are in the loss's own (scaled) units.
struct HistoryRow {
  std::string model;             ///< model label as in metrics.csv
  int epoch = 0;                 ///< 1-based epoch
  double train_loss = kMissing;  ///< mean training loss over the epoch
  double val_loss = kMissing;    ///< validation loss after the epoch
  double val_mae = kMissing;     ///< validation MAE (price units) after the epoch
  double lr = kMissing;          ///< learning rate used in the epoch
};

/// Writes DIR/history.csv: `model,epoch,train_loss,val_loss,val_mae,lr`.
void write_history_csv(const std::filesystem::path& dir, std::span<const HistoryRow> rows);

/// Reads history.csv (val_loss, val_mae and lr may be absent).
std::vector<HistoryRow> read_history_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- rolling / expanding validation

/// Per-fold metrics of rolling or expanding-window validation (folds.csv).
struct FoldTable {
  /// One model on one fold.
  struct Row {
    std::string model;           ///< model label
    int fold = 0;                ///< 1-based fold number
    Date test_start{};           ///< first target day of the fold
    Date test_end{};             ///< last target day of the fold
    std::vector<double> values;  ///< one per metric_names entry
  };
  std::vector<std::string> metric_names;  ///< e.g. {"mse", "rmse", "mae", "r2"}
  std::vector<Row> rows;
};

/// Writes DIR/folds.csv: `model,fold,test_start,test_end,<metric>...`.
void write_folds_csv(const std::filesystem::path& dir, const FoldTable& table);

/// Reads folds.csv; every column after the first four is a metric.
FoldTable read_folds_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- forecasts (fit)

/// h-step forecasts with prediction intervals (forecast.csv), in price units.
struct ForecastTable {
  /// One forecast day of one model.
  struct Row {
    std::string model;          ///< model label, e.g. "arima(1,1,1)"
    Date date{};                ///< forecast day
    double value = kMissing;    ///< point forecast (price units)
    std::vector<double> lower;  ///< lower bound per level (same order as levels)
    std::vector<double> upper;  ///< upper bound per level
  };
  std::vector<int> levels;  ///< interval levels in percent, e.g. {80, 95}
  std::vector<Row> rows;
};

/// Writes DIR/forecast.csv: `model,date,value,lower_<L>,upper_<L>...` for each level L.
void write_forecast_csv(const std::filesystem::path& dir, const ForecastTable& table);

/// Reads forecast.csv (any number of lower_L/upper_L pairs, none included).
ForecastTable read_forecast_csv(const std::filesystem::path& path);

/// One day of a volatility model (volatility.csv): in-sample rows carry the return the model saw;
/// forecast rows (after the data) have no return.
struct VolatilityRow {
  std::string model;               ///< e.g. "garch(1,1)"
  Date date{};                     ///< day
  double return_value = kMissing;  ///< the return on that day (percent log return by default)
  double volatility = kMissing;    ///< conditional standard deviation, same units as the return
};

/// Writes DIR/volatility.csv: `model,date,return,volatility`.
void write_volatility_csv(const std::filesystem::path& dir, std::span<const VolatilityRow> rows);

/// Reads volatility.csv.
std::vector<VolatilityRow> read_volatility_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- generators

/// Synthetic price paths (paths.csv, long format as issue 4 fixes it).
struct PathSet {
  std::string model;                       ///< generator name ("" = one unnamed generator)
  std::vector<std::vector<double>> paths;  ///< paths[k][t]: close of path k+1 on day t+1
};

/// Writes `file` (normally DIR/paths.csv): `path,day,close`, or `model,path,day,close` when any set
/// has a model name. `path` and `day` count from 1.
void write_paths_csv(const std::filesystem::path& file, std::span<const PathSet> sets);

/// Reads a paths file (with or without the model column); rows may come in any order.
std::vector<PathSet> read_paths_csv(const std::filesystem::path& path);

/// One statistic of real vs synthetic data (fidelity.csv), e.g. {"garch", "kurtosis", 5.1, 4.2}.
struct FidelityRow {
  std::string model;            ///< generator
  std::string statistic;        ///< name with units where it has them
  double real = kMissing;       ///< value on the real data (NaN for scores without one)
  double synthetic = kMissing;  ///< value on the synthetic data (or the score)
};

/// Writes DIR/fidelity.csv: `model,statistic,real,synthetic`.
void write_fidelity_csv(const std::filesystem::path& dir, std::span<const FidelityRow> rows);

/// Reads fidelity.csv.
std::vector<FidelityRow> read_fidelity_csv(const std::filesystem::path& path);

// ---------------------------------------------------------------- fit

/// Writes DIR/fit.json: the object `stockcast fit --json` prints ("model", "description", "params" and
/// "std_errors" keyed by parameter name, "loglik", "aic", "aicc", "bic", "nobs", "converged",
/// "ljung_box", "warnings", ...). The report shows its coefficients and statistics.
void write_fit_json(const std::filesystem::path& dir, const nlohmann::ordered_json& fit);

// ---------------------------------------------------------------- tune

/// Trials of a hyper-parameter search (trials.csv).
struct TrialTable {
  /// One trial.
  struct Row {
    int trial = 0;                    ///< 1-based trial number, in the order they ran
    double score = kMissing;          ///< the objective (lower is better), e.g. validation MSE
    std::vector<std::string> params;  ///< one per param_names entry, as text
  };
  std::string objective = "score";       ///< what score means, e.g. "val_mse"; the column name
  std::vector<std::string> param_names;  ///< e.g. {"units", "lr"}
  std::vector<Row> rows;
};

/// Writes DIR/trials.csv: `trial,<objective>,<param>...`.
void write_trials_csv(const std::filesystem::path& dir, const TrialTable& table);

/// Reads trials.csv: the second column is the objective, the rest are parameters.
TrialTable read_trials_csv(const std::filesystem::path& path);

}  // namespace stockcast::io
