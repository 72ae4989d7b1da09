#pragma once
/// \file
/// The model registry: one explicit table {name, description, factory} of every forecasting model
/// (ARCHITECTURE.md). The CLI, experiment configs and the server build models only through it, and
/// model files are restored with make_forecaster(kind) followed by Forecaster::load_state().
///
/// The table lives in src/models/registry.cpp, which includes each model's factory header and adds
/// one row per model. Options arrive as JSON (from the CLI or a config file); each factory parses
/// them into the model's typed options struct and validates them once.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/models/forecaster.hpp"

namespace stockcast::models {

/// Builds an unfitted model from JSON options (an empty object means all defaults); throws
/// InvalidInput naming the model and the option when an option is unknown or out of range.
using ForecasterFactory = std::function<std::unique_ptr<Forecaster>(const nlohmann::json& options)>;

/// One row of the registry.
struct ModelEntry {
  std::string name;           ///< registry name, e.g. "naive"; equals Forecaster::kind()
  std::string description;    ///< one line for `stockcast models` and --help
  ForecasterFactory factory;  ///< builds the model from JSON options
  /// Options for a quick run of the model (tests, smoke runs): tiny networks, few epochs. An empty
  /// object means the defaults are already quick.
  nlohmann::json quick_options = nlohmann::json::object();
};

/// Every registered model, in the order `stockcast models` lists them.
const std::vector<ModelEntry>& model_registry();

/// The entry named `name`, or nullptr.
const ModelEntry* find_model(std::string_view name);

/// The registered names, in registry order.
std::vector<std::string> model_names();

/// Builds model `name` with `options`; throws InvalidInput listing the valid names when `name` is
/// not registered.
std::unique_ptr<Forecaster> make_forecaster(std::string_view name,
                                            const nlohmann::json& options = nlohmann::json::object());

}  // namespace stockcast::models
