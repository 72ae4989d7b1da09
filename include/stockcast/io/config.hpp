#pragma once
/// \file
/// Experiment configuration files (TOML, docs/compare.md): every command-line flag of `train` and
/// `compare` can be given in a file instead. A file is read into JSON so the same strict option
/// readers serve the command line and configs:
///
///     # examples/paper_a.toml
///     [data]                      # data flags for every model (--split, --features, --window, ...)
///     split = "0.7,0.15,0.15"
///     features = "open,high,low,close,volume"
///     window = 30
///     [train]                     # training flags for every neural model (--epochs, --lr, --seed, ...)
///     epochs = 20
///     [[model]]                   # one table per model to compare
///     name = "lstm-optimized"     # label in tables and files
///     kind = "lstm"               # registry name
///     units = 50                  # the model's own options
///
/// `stockcast validate` reads a [validate] table (its flags: scheme, train_days, ...) and
/// `stockcast tune` a [tune] table (search, trials, seed, ...) with [tune.params] holding the
/// search space (docs/validation.md); other commands ignore both.
///
/// Keys are flag names without the leading dashes; '-' and '_' are interchangeable.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stockcast::io {

/// Parses TOML text into JSON: tables become objects, arrays arrays, dates and times ISO strings;
/// keys have '-' replaced by '_'. Throws InvalidInput "SOURCE:LINE:COLUMN: message" on a syntax
/// error.
nlohmann::json parse_toml(std::string_view text, std::string_view source);

/// Reads a TOML file with parse_toml(); throws IoError when it cannot be read.
nlohmann::json read_toml(const std::filesystem::path& path);

/// One model of an experiment.
struct ModelSpec {
  std::string name;  ///< label in tables and result files (unique within the experiment)
  std::string kind;  ///< registry name
  nlohmann::json options = nlohmann::json::object();  ///< the model's own options (flag names)
};

/// An experiment file: shared settings and the models to run.
struct ExperimentConfig {
  nlohmann::json data = nlohmann::json::object();      ///< [data]: data and window flags
  nlohmann::json train = nlohmann::json::object();     ///< [train]: training flags
  std::vector<ModelSpec> models;                       ///< [[model]] tables, in file order
  nlohmann::json validate = nlohmann::json::object();  ///< [validate]: flags of `stockcast validate`
  nlohmann::json tune = nlohmann::json::object();      ///< [tune]: flags of `stockcast tune`, [tune.params]
};

/// Splits parsed TOML into an ExperimentConfig. Top-level keys other than the tables data, train,
/// model, validate and tune are an error, as are a model without `kind`, a repeated name, or a section of the
/// wrong type; messages name `source` and the key. A model without `name` is named after its kind.
ExperimentConfig experiment_from_json(const nlohmann::json& json, std::string_view source);

/// read_toml() then experiment_from_json().
ExperimentConfig read_experiment_config(const std::filesystem::path& path);

}  // namespace stockcast::io
