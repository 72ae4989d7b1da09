#include "stockcast/gen/fbm_generator.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/json_options.hpp"
#include "stockcast/models/stat/hurst.hpp"

namespace stockcast::gen {
namespace {

constexpr double kDefaultSigma = 0.01;  // 1% daily log-return standard deviation
// Rows needed to estimate H by DFA with its default windows (10 .. n/4, at least 3 sizes).
constexpr std::size_t kMinRowsForHurst = 50;
constexpr std::size_t kMinRows = 3;

}  // namespace

void FbmGeneratorOptions::validate(std::string_view where) const {
  if (hurst && !(*hurst > 0 && *hurst < 1)) {
    throw InvalidInput(
        fmt::format("{}: option 'hurst' must lie strictly between 0 and 1, got {}", where, *hurst));
  }
  if (sigma && !(*sigma > 0 && std::isfinite(*sigma))) {
    throw InvalidInput(fmt::format("{}: option 'sigma' must be positive and finite, got {}", where, *sigma));
  }
  if (drift && !std::isfinite(*drift)) {
    throw InvalidInput(fmt::format("{}: option 'drift' must be finite, got {}", where, *drift));
  }
  if (!(start > 0 && std::isfinite(start))) {
    throw InvalidInput(fmt::format("{}: option 'start' must be positive and finite, got {}", where, start));
  }
}

FbmGenerator::FbmGenerator(FbmGeneratorOptions options) : options_(options) {
  options_.validate("generator 'fbm'");
  hurst_ = options_.hurst.value_or(0.5);
  sigma_ = options_.sigma.value_or(kDefaultSigma);
  drift_ = options_.drift.value_or(0.0);
  start_ = options_.start;
}

std::string FbmGenerator::describe() const {
  return fmt::format("exp of fBm: H = {:.4g}, sigma = {:.4g}, drift = {:.4g} per day, start {:.6g}", hurst_,
                     sigma_, drift_, start_);
}

void FbmGenerator::fit(const PriceSeries& train) {
  const std::size_t min_rows = options_.hurst ? kMinRows : kMinRowsForHurst;
  const auto close = detail::training_closes(train, "fbm", min_rows);
  const auto r = eval::log_returns(close);
  const auto m = eval::moments(r);
  if (!options_.hurst) hurst_ = models::stat::hurst_dfa(r).hurst;
  if (!(hurst_ > 0 && hurst_ < 1)) {
    throw InvalidInput(fmt::format(
        "generator 'fbm': the DFA estimate of H on {}'s log returns is {:.4f}, outside (0, 1); give --hurst",
        train.ticker(), hurst_));
  }
  if (!options_.sigma) {
    if (!(m.sd > 0)) {
      throw InvalidInput(fmt::format("generator 'fbm': {}'s closes are constant; sigma cannot be estimated",
                                     train.ticker()));
    }
    sigma_ = m.sd;
  }
  if (!options_.drift) drift_ = m.mean;
  start_ = close.back();
  fitted_ = true;
}

PricePaths FbmGenerator::sample(int length, int paths, std::uint64_t seed) const {
  detail::check_sample_request("fbm", length, paths);
  auto out =
      models::stat::simulate_fgn({.hurst = hurst_, .length = length, .method = options_.method}, paths, seed);
  const double log_start = std::log(start_);
  for (auto& path : out) {
    double level = log_start;
    for (double& v : path) {
      level += drift_ + sigma_ * v;
      v = std::exp(level);
    }
  }
  return out;
}

nlohmann::json FbmGenerator::parameters() const {
  return {{"hurst", hurst_},
          {"sigma", sigma_},
          {"drift", drift_},
          {"start", start_},
          {"method", models::stat::to_string(options_.method)},
          {"hurst_from", options_.hurst ? "option" : (fitted_ ? "dfa" : "default")}};
}

std::unique_ptr<Generator> make_fbm_generator(const nlohmann::json& options) {
  models::OptionReader reader(options, "fbm");
  FbmGeneratorOptions o;
  double hurst = 0.5;
  double sigma = kDefaultSigma;
  double drift = 0.0;
  std::string method = "davies-harte";
  reader.read("hurst", hurst);
  reader.read("sigma", sigma);
  reader.read("drift", drift);
  reader.read("start", o.start);
  reader.read("method", method);
  reader.finish();
  if (options.is_object()) {
    if (options.contains("hurst")) o.hurst = hurst;
    if (options.contains("sigma")) o.sigma = sigma;
    if (options.contains("drift")) o.drift = drift;
  }
  o.method = models::stat::parse_fbm_method(method, "generator 'fbm': option 'method'");
  return std::make_unique<FbmGenerator>(o);
}

}  // namespace stockcast::gen
