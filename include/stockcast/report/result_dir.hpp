#pragma once
/// \file
/// Loading a result directory (docs/result-files.md): every known file that is present, parsed and
/// checked; absent files stay empty.

#include <filesystem>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"
#include "stockcast/io/result_files.hpp"

namespace stockcast::report {

/// The result files found in one directory.
struct ResultDir {
  std::filesystem::path dir;                                 ///< where they were read from
  std::optional<nlohmann::json> run;                         ///< run.json
  std::optional<PriceSeries> data;                           ///< data.csv
  std::optional<std::vector<io::MetricsRow>> metrics;        ///< metrics.csv
  std::optional<io::PredictionTable> predictions;            ///< predictions.csv
  std::optional<std::vector<io::HistoryRow>> history;        ///< history.csv
  std::optional<io::FoldTable> folds;                        ///< folds.csv
  std::optional<io::ForecastTable> forecast;                 ///< forecast.csv
  std::optional<std::vector<io::VolatilityRow>> volatility;  ///< volatility.csv
  std::optional<std::vector<io::PathSet>> paths;             ///< paths.csv
  std::optional<std::vector<io::FidelityRow>> fidelity;      ///< fidelity.csv
  std::optional<io::TrialTable> trials;                      ///< trials.csv
  std::optional<nlohmann::json> fit;                         ///< fit.json (the object fit --json prints)

  /// True when no result file was found (run.json alone does not count as results).
  [[nodiscard]] bool empty() const noexcept;
};

/// Reads every result file present in `dir`. Throws IoError when `dir` is not a readable directory,
/// InvalidInput when it holds none of the result files (listing the names looked for), and
/// FormatError (naming file, line and column) when a present file is malformed.
ResultDir load_result_dir(const std::filesystem::path& dir);

}  // namespace stockcast::report
