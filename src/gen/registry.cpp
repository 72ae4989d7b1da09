#include "stockcast/gen/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "stockcast/core/error.hpp"
#include "stockcast/gen/ar_generator.hpp"
#include "stockcast/gen/arima_generator.hpp"
#include "stockcast/gen/fbm_generator.hpp"
#include "stockcast/gen/garch_generator.hpp"

namespace stockcast::gen {

// The one table of generators: {name, description, factory}. The name must equal Generator::kind().
const std::vector<GeneratorEntry>& generator_registry() {
  static const std::vector<GeneratorEntry> kRegistry = {
      {"fbm",
       "exp of fractional Brownian motion with drift (options hurst, sigma, drift, start; fitted to data "
       "when given)",
       make_fbm_generator},
      {"ar",
       "AR(p) on log returns (option lags, default 5; transform return|log|none) with Gaussian innovations",
       make_ar_generator},
      {"arima",
       "ARIMA on log prices (options order [p, d, q] or auto-ARIMA, trend, transform log|none|return), "
       "simulated "
       "from the end of the data",
       make_arima_generator},
      {"garch",
       "GARCH(p,q) on percent log returns (options p, q, mean, dist normal|t), simulated from the fitted "
       "state",
       make_garch_generator},
      {"gjr-garch", "GJR-GARCH(1,1,1) on percent log returns (as garch with o = 1)",
       make_gjr_garch_generator},
  };
  return kRegistry;
}

const GeneratorEntry* find_generator(std::string_view name) {
  for (const auto& entry : generator_registry()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::vector<std::string> generator_names() {
  std::vector<std::string> names;
  for (const auto& entry : generator_registry()) names.push_back(entry.name);
  return names;
}

std::unique_ptr<Generator> make_generator(std::string_view name, const nlohmann::json& options) {
  const GeneratorEntry* entry = find_generator(name);
  if (entry == nullptr) {
    throw InvalidInput(fmt::format("unknown generator '{}'; valid generators: {}", name,
                                   fmt::join(generator_names(), ", ")));
  }
  return entry->factory(options);
}

}  // namespace stockcast::gen
