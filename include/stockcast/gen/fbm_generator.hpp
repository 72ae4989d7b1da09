#pragma once
/// \file
/// The "fbm" generator: prices whose logarithm is a scaled fractional Brownian motion with drift,
///
///     P_t = P_0 exp(drift t + sigma B_H(t)),   t = 1, 2, ... trading days,
///
/// so the daily log returns are fractional Gaussian noise with mean `drift`, standard deviation
/// `sigma` and Hurst exponent H (persistent for H > 1/2, anti-persistent below, a geometric random
/// walk at H = 1/2). The exponential keeps prices positive; the fBm itself is not used as the level
/// because a level can go negative. Without training data the options alone define it; fit() takes
/// what is not given from the data (H by DFA on the log returns, sigma and drift from their moments,
/// P_0 the last close).

#include <optional>
#include <string_view>

#include "stockcast/gen/generator.hpp"
#include "stockcast/models/stat/fbm.hpp"

namespace stockcast::gen {

/// Options of the fbm generator.
struct FbmGeneratorOptions {
  /// Hurst exponent in (0, 1). Unset: DFA estimate on the training log returns, or 0.5 without data.
  std::optional<double> hurst{};
  /// Standard deviation of one day's log return (> 0). Unset: from the training data, or 0.01.
  std::optional<double> sigma{};
  /// Mean daily log return. Unset: from the training data, or 0.
  std::optional<double> drift{};
  /// Start price P_0 (> 0) without training data; fit() replaces it by the last close.
  double start = 100.0;
  /// Exact sampling method of the fBm.
  models::stat::FbmMethod method = models::stat::FbmMethod::kDaviesHarte;

  /// Throws InvalidInput naming `where` and the option when a value is out of range.
  void validate(std::string_view where) const;
};

/// Prices as the exponential of scaled fBm with drift.
class FbmGenerator final : public Generator {
 public:
  /// Validates the options.
  explicit FbmGenerator(FbmGeneratorOptions options);

  [[nodiscard]] std::string kind() const override { return "fbm"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] bool needs_fit() const override { return false; }
  void fit(const PriceSeries& train) override;
  [[nodiscard]] PricePaths sample(int length, int paths, std::uint64_t seed) const override;
  [[nodiscard]] nlohmann::json parameters() const override;

  /// The Hurst exponent in use.
  [[nodiscard]] double hurst() const noexcept { return hurst_; }
  /// The daily log-return standard deviation in use.
  [[nodiscard]] double sigma() const noexcept { return sigma_; }
  /// The daily log drift in use.
  [[nodiscard]] double drift() const noexcept { return drift_; }
  /// The start price in use.
  [[nodiscard]] double start() const noexcept { return start_; }

 private:
  FbmGeneratorOptions options_;
  double hurst_ = 0.5;
  double sigma_ = 0.01;
  double drift_ = 0.0;
  double start_ = 100.0;
  bool fitted_ = false;
};

/// Registry factory: options "hurst", "sigma", "drift", "start", "method" ("davies-harte" | "cholesky").
std::unique_ptr<Generator> make_fbm_generator(const nlohmann::json& options);

}  // namespace stockcast::gen
