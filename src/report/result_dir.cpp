#include "stockcast/report/result_dir.hpp"

#include <fmt/format.h>

#include <fstream>

#include "stockcast/core/error.hpp"

namespace stockcast::report {

namespace fs = std::filesystem;
namespace rf = io::result_file;

bool ResultDir::empty() const noexcept {
  return !data && !metrics && !predictions && !history && !folds && !forecast && !volatility && !paths &&
         !fidelity && !trials && !fit;
}

namespace {

template <typename Reader>
auto read_if_present(const fs::path& dir, std::string_view name, Reader reader)
    -> std::optional<decltype(reader(dir))> {
  const fs::path file = dir / std::string(name);
  std::error_code error;
  if (!fs::is_regular_file(file, error)) return std::nullopt;
  return reader(file);
}

nlohmann::json read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot read '{}'", file.string()));
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw FormatError(fmt::format("{}: not valid JSON (byte {}): {}", file.string(), e.byte, e.what()));
  }
}

}  // namespace

ResultDir load_result_dir(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    throw IoError(
        fmt::format("'{}' is not a directory (expected a result directory written by compare, fit, "
                    "generate, ...)",
                    dir.string()));
  }
  ResultDir out;
  out.dir = dir;
  out.run = read_if_present(dir, rf::kRun, read_json);
  if (out.run && !out.run->is_object()) {
    throw FormatError(fmt::format("{}: expected a JSON object", (dir / std::string(rf::kRun)).string()));
  }
  std::string ticker = "data";
  if (out.run && out.run->contains("data") && (*out.run)["data"].is_object()) {
    ticker = (*out.run)["data"].value("ticker", ticker);
  }
  out.data = read_if_present(dir, rf::kData, [&](const fs::path& f) { return io::read_data_csv(f, ticker); });
  out.metrics = read_if_present(dir, rf::kMetricsCsv, io::read_metrics_csv);
  out.predictions = read_if_present(dir, rf::kPredictions, io::read_predictions_csv);
  out.history = read_if_present(dir, rf::kHistory, io::read_history_csv);
  out.folds = read_if_present(dir, rf::kFolds, io::read_folds_csv);
  out.forecast = read_if_present(dir, rf::kForecast, io::read_forecast_csv);
  out.volatility = read_if_present(dir, rf::kVolatility, io::read_volatility_csv);
  out.paths = read_if_present(dir, rf::kPaths, io::read_paths_csv);
  out.fidelity = read_if_present(dir, rf::kFidelity, io::read_fidelity_csv);
  out.trials = read_if_present(dir, rf::kTrials, io::read_trials_csv);
  out.fit = read_if_present(dir, rf::kFit, read_json);
  if (out.fit && !out.fit->is_object()) {
    throw FormatError(fmt::format("{}: expected a JSON object", (dir / std::string(rf::kFit)).string()));
  }
  if (out.empty()) {
    throw InvalidInput(
        fmt::format("'{}' holds no result files (looked for {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}; see "
                    "docs/result-files.md)",
                    dir.string(), rf::kData, rf::kMetricsCsv, rf::kPredictions, rf::kHistory, rf::kFolds,
                    rf::kForecast, rf::kVolatility, rf::kPaths, rf::kFidelity, rf::kTrials, rf::kFit));
  }
  return out;
}

}  // namespace stockcast::report
