#pragma once
/// \file
/// Flags shared by `train` and `compare`: the model options of the neural forecasters (--units,
/// --window, --features, ...) and the Trainer's options (--epochs, --lr, --seed, ...), plus the
/// handling of `--config FILE` (io/config.hpp) under them. Flags are collected as JSON option keys
/// (flag name without dashes, '-' -> '_'), so the registry's strict option readers validate them
/// and a config file can give every one of them.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data_options.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/core/progress.hpp"
#include "stockcast/models/forecaster.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace stockcast::cli {

/// The model and training flags of a subcommand. Must outlive the parse.
class ModelFlags {
 public:
  /// Adds every model flag (group "Model") and training flag (group "Training") to `command`.
  void add_to(CLI::App& command);
  /// The flags given on the command line, as {"units": 50, "epochs": 20, ...}.
  [[nodiscard]] nlohmann::json given() const;

 private:
  struct Entry {
    std::string key;
    CLI::Option* option = nullptr;
    std::function<nlohmann::json()> value;
  };
  template <typename T>
  void add(CLI::App& command, const std::string& flag, const std::string& help, const std::string& group);
  void add_switch(CLI::App& command, const std::string& flag, const std::string& key, bool value,
                  const std::string& help, const std::string& group);
  std::vector<Entry> entries_;
};

/// Keys that describe the run rather than a model: where the data is, how it is split and
/// cleaned, where results go, how much is printed.
bool is_run_key(const std::string& key);

/// Keys understood by the neural models (model and training options).
bool is_neural_key(const std::string& key);

/// Applies `on_duplicate` / `fill` given in a config file (CLI flags, parsed later, win).
void apply_data_keys(const nlohmann::json& settings, const std::string& source, DataCliOptions& data);

/// A string setting, or `fallback` when absent; throws InvalidInput naming `source` when the key
/// holds something else.
std::string string_setting(const nlohmann::json& settings, const std::string& key,
                           const std::string& fallback, const std::string& source);

/// The ProgressReporter mode for --quiet.
ProgressMode progress_mode(bool quiet);

/// Sends a trainable model's training progress to `progress`, lines prefixed with `label` (no-op
/// for other models).
void attach_progress(models::Forecaster& model, ProgressReporter* progress, const std::string& label);

/// Reads a price file with the shared data flags; the error names the flag when `path` is empty.
PriceSeries read_series(const std::string& path, const DataCliOptions& data);

}  // namespace stockcast::cli
