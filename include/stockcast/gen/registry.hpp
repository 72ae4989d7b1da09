#pragma once
/// \file
/// The generator registry: one explicit table {name, description, factory} of every synthetic-price
/// generator (ARCHITECTURE.md), as models/registry.hpp is for forecasters. `stockcast generate`,
/// configs and the server build generators only through it.
///
/// The table lives in src/gen/registry.cpp; options arrive as JSON and each factory reads them
/// strictly (models::OptionReader: unknown keys and wrong types are InvalidInput naming the option).
/// Neural generators will join the table the way the neural forecasters join theirs (rows under
/// STOCKCAST_HAS_NN, the file compiled into stockcast_nn when it is built).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/gen/generator.hpp"

namespace stockcast::gen {

/// Builds an unfitted generator from JSON options (an empty object means all defaults); throws
/// InvalidInput naming the generator and the option when an option is unknown or out of range.
using GeneratorFactory = std::function<std::unique_ptr<Generator>(const nlohmann::json& options)>;

/// One row of the registry.
struct GeneratorEntry {
  std::string name;          ///< registry name; equals Generator::kind()
  std::string description;   ///< one line for --help
  GeneratorFactory factory;  ///< builds the generator from JSON options
};

/// Every registered generator, in table order.
const std::vector<GeneratorEntry>& generator_registry();

/// The entry named `name`, or nullptr.
const GeneratorEntry* find_generator(std::string_view name);

/// The registered names, in table order.
std::vector<std::string> generator_names();

/// Builds generator `name` with `options`; throws InvalidInput listing the valid names when `name`
/// is not registered.
std::unique_ptr<Generator> make_generator(std::string_view name,
                                          const nlohmann::json& options = nlohmann::json::object());

}  // namespace stockcast::gen
