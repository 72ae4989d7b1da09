#pragma once
/// \file
/// Generator: the one interface of every synthetic-price model (fBm, AR, GARCH and ARIMA simulation
/// now; the neural generators later). A generator learns from a training series and samples whole
/// price paths that continue from a start price, each path drawn from its own seeded random stream.
///
///     auto generator = stockcast::gen::make_generator("garch", {{"dist", "t"}});
///     generator->fit(train);                          // prices; the generator picks its own transform
///     auto paths = generator->sample(/*length=*/252, /*paths=*/100, /*seed=*/42);
///     paths[0][251];                                  // close of path 1 on day 252

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "stockcast/core/price_series.hpp"

namespace stockcast::gen {

/// Simulated price paths: paths[k][t] is the close of path k + 1 on day t + 1 after the start price
/// (the start price itself is not repeated). Every path has the same length.
using PricePaths = std::vector<std::vector<double>>;

/// One interface for every generator.
class Generator {
 public:
  virtual ~Generator() = default;
  Generator() = default;
  Generator(const Generator&) = delete;
  Generator& operator=(const Generator&) = delete;

  /// Registry name, e.g. "fbm", "garch".
  [[nodiscard]] virtual std::string kind() const = 0;
  /// One line describing the configured (and fitted) generator, e.g. "GARCH(1,1), constant mean, normal".
  [[nodiscard]] virtual std::string describe() const { return kind(); }
  /// True when sample() needs fit() first; false for generators fully given by their options (fBm).
  [[nodiscard]] virtual bool needs_fit() const = 0;

  /// Learns from the close prices of `train` (which must be positive); the path start becomes its
  /// last close. Throws InvalidInput when the series is too short or unsuitable for the model.
  virtual void fit(const PriceSeries& train) = 0;

  /// `paths` (>= 1) price paths of `length` (>= 1) days each. Path k draws only from
  /// gen::Random(gen::path_seed(seed, k)) (fBm: from stream k / 2), so the same seed gives the same
  /// paths bit for bit, and a path does not depend on how many paths were asked for. Throws NotFitted
  /// when needs_fit() and fit() was not called; InvalidInput for a non-positive length or count.
  [[nodiscard]] virtual PricePaths sample(int length, int paths, std::uint64_t seed) const = 0;

  /// The generator's options and fitted parameters as JSON (for run.json and `generate --json`).
  [[nodiscard]] virtual nlohmann::json parameters() const = 0;
};

}  // namespace stockcast::gen
