#pragma once
/// \file
/// The "ar" generator: an AR(p) model fitted by OLS (models/stat/autoreg.hpp, statsmodels' AutoReg)
/// to the log returns (default), the log prices or the prices, simulated forward from the last p
/// observations with Gaussian innovations of the fitted variance sigma2:
///
///     y_t = const + y.L1 y_{t-1} + ... + y.Lp y_{t-p} + sqrt(sigma2) z_t,   z_t iid N(0, 1)
///
/// then turned back into prices (returns are compounded from the last close). On prices themselves
/// (`transform = "none"`, as paper C fits AR(5) to scaled prices) nothing keeps a path positive.

#include <string_view>

#include "stockcast/gen/generator.hpp"
#include "stockcast/models/stat/autoreg.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::gen {

/// Options of the ar generator.
struct ArGeneratorOptions {
  /// AR order p (>= 0).
  int lags = 5;
  /// What the AR model is fitted to: kReturn (log returns), kLog (log prices) or kNone (prices).
  models::stat::Transform transform = models::stat::Transform::kReturn;

  /// Throws InvalidInput naming `where` and the option when a value is out of range.
  void validate(std::string_view where) const;
};

/// AR(p) simulation with Gaussian innovations.
class ArGenerator final : public Generator {
 public:
  /// Validates the options.
  explicit ArGenerator(ArGeneratorOptions options);

  [[nodiscard]] std::string kind() const override { return "ar"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] bool needs_fit() const override { return true; }
  /// Fits AR(p) with a constant; throws InvalidInput when the series is too short or constant.
  void fit(const PriceSeries& train) override;
  [[nodiscard]] PricePaths sample(int length, int paths, std::uint64_t seed) const override;
  [[nodiscard]] nlohmann::json parameters() const override;

 private:
  ArGeneratorOptions options_;
  models::stat::AutoRegFit fit_;
  std::vector<double> state_;  // last p values of the modelled series, oldest first
  double last_close_ = 0;
  bool fitted_ = false;
};

/// Registry factory: options "lags", "transform" ("return" | "log" | "none").
std::unique_ptr<Generator> make_ar_generator(const nlohmann::json& options);

}  // namespace stockcast::gen
