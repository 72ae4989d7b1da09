#pragma once
/// \file
/// The "garch" and "gjr-garch" generators: a GARCH model (models/stat/garch.hpp) fitted to the
/// percent log returns r_t = 100 log(P_t / P_{t-1}), simulated forward from the fitted state at the
/// end of the data (last residuals and conditional variances), and compounded into prices from the
/// last close: P_t = P_{t-1} exp(r_t / 100).

#include <optional>
#include <string_view>

#include "stockcast/gen/generator.hpp"
#include "stockcast/models/stat/garch.hpp"

namespace stockcast::gen {

/// GARCH simulation of price paths.
class GarchGenerator final : public Generator {
 public:
  /// `kind` is the registry name ("garch" or "gjr-garch"); validates the options.
  GarchGenerator(std::string kind, models::stat::GarchOptions options);

  [[nodiscard]] std::string kind() const override { return kind_; }
  [[nodiscard]] std::string describe() const override { return options_.describe(); }
  [[nodiscard]] bool needs_fit() const override { return true; }
  /// Fits the model to the percent log returns of the closes; throws as fit_garch().
  void fit(const PriceSeries& train) override;
  [[nodiscard]] PricePaths sample(int length, int paths, std::uint64_t seed) const override;
  [[nodiscard]] nlohmann::json parameters() const override;

  /// The fitted model; throws NotFitted before fit().
  [[nodiscard]] const models::stat::GarchFit& fitted() const;

 private:
  std::string kind_;
  models::stat::GarchOptions options_;
  std::optional<models::stat::GarchFit> fit_;
  double last_close_ = 0;
};

/// Registry factory of "garch": options "p", "o", "q", "mean" ("zero" | "constant" | "ar1"),
/// "dist" ("normal" | "t"), "max_evaluations" (the optimiser's cap).
std::unique_ptr<Generator> make_garch_generator(const nlohmann::json& options);

/// Registry factory of "gjr-garch": as make_garch_generator() with o = 1 by default.
std::unique_ptr<Generator> make_gjr_garch_generator(const nlohmann::json& options);

}  // namespace stockcast::gen
