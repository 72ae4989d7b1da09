#include "stockcast/gen/ar_generator.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/gen/random.hpp"
#include "stockcast/models/json_options.hpp"

namespace stockcast::gen {

namespace stat = models::stat;

void ArGeneratorOptions::validate(std::string_view where) const {
  if (lags < 0) throw InvalidInput(fmt::format("{}: option 'lags' must be >= 0, got {}", where, lags));
}

ArGenerator::ArGenerator(ArGeneratorOptions options) : options_(options) {
  options_.validate("generator 'ar'");
}

std::string ArGenerator::describe() const {
  return fmt::format("AR({}) on {} with Gaussian innovations", options_.lags,
                     options_.transform == stat::Transform::kReturn ? "log returns"
                     : options_.transform == stat::Transform::kLog  ? "log prices"
                                                                    : "prices");
}

void ArGenerator::fit(const PriceSeries& train) {
  // The regression needs more rows than regressors (1 + lags) after holding back `lags` values.
  const auto min_rows = static_cast<std::size_t>(2 * options_.lags + 3);
  const auto close = detail::training_closes(train, "ar", min_rows);
  std::vector<double> y;
  switch (options_.transform) {
    case stat::Transform::kReturn:
      y = eval::log_returns(close);
      break;
    case stat::Transform::kLog:
      for (const double p : close) y.push_back(std::log(p));
      break;
    case stat::Transform::kNone:
      y = close;
      break;
  }
  fit_ = stat::fit_autoreg(y, {.lags = options_.lags});
  state_.assign(y.end() - options_.lags, y.end());
  last_close_ = close.back();
  fitted_ = true;
}

PricePaths ArGenerator::sample(int length, int paths, std::uint64_t seed) const {
  if (!fitted_) throw NotFitted("generator 'ar': sample() before fit()");
  detail::check_sample_request("ar", length, paths);
  const int p = options_.lags;
  const double c = fit_.params[0];
  const double sd = std::sqrt(fit_.sigma2);
  PricePaths out(static_cast<std::size_t>(paths), std::vector<double>(static_cast<std::size_t>(length)));
  std::vector<double> history;
  for (int k = 0; k < paths; ++k) {
    Random rng(path_seed(seed, static_cast<std::uint64_t>(k)));
    history = state_;  // oldest first
    double price = last_close_;
    for (int t = 0; t < length; ++t) {
      double y = c;
      for (int i = 1; i <= p; ++i)
        y += fit_.params[i] * history[history.size() - static_cast<std::size_t>(i)];
      y += sd * rng.normal();
      history.push_back(y);
      switch (options_.transform) {
        case stat::Transform::kReturn:
          price *= std::exp(y);
          break;
        case stat::Transform::kLog:
          price = std::exp(y);
          break;
        case stat::Transform::kNone:
          price = y;
          break;
      }
      out[static_cast<std::size_t>(k)][static_cast<std::size_t>(t)] = price;
    }
  }
  return out;
}

nlohmann::json ArGenerator::parameters() const {
  nlohmann::json j{{"lags", options_.lags}, {"transform", stat::to_string(options_.transform)}};
  if (fitted_) {
    nlohmann::json params = nlohmann::json::object();
    for (std::size_t i = 0; i < fit_.names.size(); ++i)
      params[fit_.names[i]] = fit_.params[static_cast<Eigen::Index>(i)];
    j["params"] = params;
    j["sigma2"] = fit_.sigma2;
    j["start"] = last_close_;
  }
  return j;
}

std::unique_ptr<Generator> make_ar_generator(const nlohmann::json& options) {
  models::OptionReader reader(options, "ar");
  ArGeneratorOptions o;
  std::string transform = "return";
  reader.read("lags", o.lags);
  reader.read("transform", transform);
  reader.finish();
  o.transform = stat::parse_transform(transform, "generator 'ar': option 'transform'");
  return std::make_unique<ArGenerator>(o);
}

}  // namespace stockcast::gen
