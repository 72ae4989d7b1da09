#include "stockcast/gen/garch_generator.hpp"

#include <fmt/format.h>

#include <cmath>

#include "common.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/json_options.hpp"

namespace stockcast::gen {
namespace {

constexpr double kPercent = 100.0;

std::unique_ptr<Generator> make(const std::string& kind, const nlohmann::json& options, int default_o) {
  models::OptionReader reader(options, kind);
  models::stat::GarchOptions o;
  o.o = default_o;
  std::string mean = "constant";
  std::string dist = "normal";
  reader.read("p", o.p);
  reader.read("o", o.o);
  reader.read("q", o.q);
  reader.read("mean", mean);
  reader.read("dist", dist);
  reader.read("max_evaluations", o.max_evaluations);
  reader.finish();
  const std::string where = fmt::format("generator '{}'", kind);
  o.mean = models::stat::parse_garch_mean(mean, where + ": option 'mean'");
  o.distribution = models::stat::parse_garch_distribution(dist, where + ": option 'dist'");
  return std::make_unique<GarchGenerator>(kind, o);
}

}  // namespace

GarchGenerator::GarchGenerator(std::string kind, models::stat::GarchOptions options)
    : kind_(std::move(kind)), options_(options) {
  options_.validate(fmt::format("generator '{}'", kind_));
}

void GarchGenerator::fit(const PriceSeries& train) {
  const auto close = detail::training_closes(train, kind_, 2);
  fit_ = models::stat::fit_garch(eval::log_returns(close, kPercent), options_);
  last_close_ = close.back();
}

const models::stat::GarchFit& GarchGenerator::fitted() const {
  if (!fit_) throw NotFitted(fmt::format("generator '{}': used before fit()", kind_));
  return *fit_;
}

PricePaths GarchGenerator::sample(int length, int paths, std::uint64_t seed) const {
  const auto& fit = fitted();
  detail::check_sample_request(kind_, length, paths);
  auto out = fit.simulate(length, paths, seed);
  for (auto& path : out) {
    double log_price = std::log(last_close_);
    for (double& v : path) {
      log_price += v / kPercent;
      v = std::exp(log_price);
    }
  }
  return out;
}

nlohmann::json GarchGenerator::parameters() const {
  nlohmann::json j{{"model", options_.describe()},
                   {"p", options_.p},
                   {"o", options_.o},
                   {"q", options_.q},
                   {"mean", models::stat::to_string(options_.mean)},
                   {"dist", models::stat::to_string(options_.distribution)},
                   {"returns", "100 * log(P_t / P_(t-1))"}};
  if (fit_) {
    nlohmann::json params = nlohmann::json::object();
    nlohmann::json se = nlohmann::json::object();
    for (const auto& [name, value] : fit_->named_params()) params[name] = value;
    for (const auto& [name, value] : fit_->named_std_errors()) se[name] = value;
    j["params"] = params;
    j["std_errors"] = se;
    j["loglik"] = fit_->loglik;
    j["start"] = last_close_;
  }
  return j;
}

std::unique_ptr<Generator> make_garch_generator(const nlohmann::json& options) {
  return make("garch", options, 0);
}

std::unique_ptr<Generator> make_gjr_garch_generator(const nlohmann::json& options) {
  return make("gjr-garch", options, 1);
}

}  // namespace stockcast::gen
