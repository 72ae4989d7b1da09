#include "stockcast/gen/arima_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/gen/random.hpp"

namespace stockcast::gen {

namespace stat = models::stat;

namespace {

// Value of deterministic regressor `name` at time t (1-based, as ArimaModel's x_t).
double regressor(const std::string& name, double t) { return name == "drift" ? t : 1.0; }

double deterministic(const stat::ArimaModel& model, double t) {
  const auto names = model.trend_names();
  const auto& beta = model.coefficients().trend;
  double s = 0;
  for (std::size_t k = 0; k < names.size(); ++k) s += beta[k] * regressor(names[k], t);
  return s;
}

}  // namespace

ArimaGenerator::ArimaGenerator(stat::ArimaForecasterOptions options) : options_(std::move(options)) {
  options_.validate("arima");
}

std::string ArimaGenerator::describe() const {
  const std::string model = forecaster_ ? forecaster_->describe() : "ARIMA (not fitted)";
  return model + " with Gaussian innovations";
}

const stat::ArimaModel& ArimaGenerator::model() const {
  if (!forecaster_) throw NotFitted("generator 'arima': used before fit()");
  return forecaster_->model();
}

void ArimaGenerator::fit(const PriceSeries& train) {
  const auto close = detail::training_closes(train, "arima", 4);
  auto forecaster = std::make_unique<stat::ArimaForecaster>("arima", options_);
  forecaster->fit(train, PriceSeries{});
  const auto y = stat::transform_series(close, options_.transform, "generator 'arima'");
  const stat::ArimaModel& m = forecaster->model();
  const auto order = m.order();
  // u_t = y_t - beta' x_t, its d differences, and the state at the end.
  std::vector<double> u(y.size());
  for (std::size_t t = 0; t < y.size(); ++t) u[t] = y[t] - deterministic(m, static_cast<double>(t + 1));
  levels_.clear();
  std::vector<double> w = u;
  for (int k = 0; k < order.d; ++k) {
    levels_.push_back(w.back());
    std::vector<double> next(w.size() - 1);
    for (std::size_t t = 1; t < w.size(); ++t) next[t - 1] = w[t] - w[t - 1];
    w = std::move(next);
  }
  const auto p = static_cast<std::size_t>(order.p);
  const auto q = static_cast<std::size_t>(order.q);
  w_tail_.assign(p, 0.0);
  for (std::size_t i = 0; i < std::min(p, w.size()); ++i) w_tail_[p - 1 - i] = w[w.size() - 1 - i];
  const auto convention = forecaster->last_fit() ? forecaster->last_fit()->likelihood : options_.likelihood;
  const auto innov = m.innovations(y, convention).residuals;
  innovations_.assign(q, 0.0);
  for (std::size_t i = 0; i < std::min(q, innov.size()); ++i)
    innovations_[q - 1 - i] = innov[innov.size() - 1 - i];
  n_ = y.size();
  last_close_ = close.back();
  forecaster_ = std::move(forecaster);
}

PricePaths ArimaGenerator::sample(int length, int paths, std::uint64_t seed) const {
  const stat::ArimaModel& m = model();
  detail::check_sample_request("arima", length, paths);
  const auto& c = m.coefficients();
  const double sd = std::sqrt(c.sigma2);
  const std::size_t p = c.ar.size();
  const std::size_t q = c.ma.size();
  PricePaths out(static_cast<std::size_t>(paths), std::vector<double>(static_cast<std::size_t>(length)));
  for (int k = 0; k < paths; ++k) {
    Random rng(path_seed(seed, static_cast<std::uint64_t>(k)));
    std::vector<double> w = w_tail_;       // oldest first
    std::vector<double> e = innovations_;  // oldest first
    std::vector<double> levels = levels_;
    double price = last_close_;
    for (int h = 1; h <= length; ++h) {
      const double eps = sd * rng.normal();
      double w_new = eps;
      for (std::size_t i = 1; i <= p; ++i) w_new += c.ar[i - 1] * w[w.size() - i];
      for (std::size_t j = 1; j <= q; ++j) w_new += c.ma[j - 1] * e[e.size() - j];
      if (p > 0) {
        std::rotate(w.begin(), w.begin() + 1, w.end());
        w.back() = w_new;
      }
      if (q > 0) {
        std::rotate(e.begin(), e.begin() + 1, e.end());
        e.back() = eps;
      }
      // Integrate: (1 - B)^(d-1) u += w, then each lower difference from the one above.
      double value = w_new;
      for (std::size_t level = levels.size(); level-- > 0;) {
        levels[level] += value;
        value = levels[level];
      }
      const double y = value + deterministic(m, static_cast<double>(n_ + static_cast<std::size_t>(h)));
      switch (options_.transform) {
        case stat::Transform::kNone:
          price = y;
          break;
        case stat::Transform::kLog:
          price = std::exp(y);
          break;
        case stat::Transform::kReturn:
          price *= std::exp(y);
          break;
      }
      out[static_cast<std::size_t>(k)][static_cast<std::size_t>(h - 1)] = price;
    }
  }
  return out;
}

nlohmann::json ArimaGenerator::parameters() const {
  nlohmann::json j = options_.to_json();
  if (forecaster_) {
    const auto& m = forecaster_->model();
    const auto& c = m.coefficients();
    j["fitted_order"] = {m.order().p, m.order().d, m.order().q};
    j["ar"] = c.ar;
    j["ma"] = c.ma;
    nlohmann::json trend = nlohmann::json::object();
    const auto names = m.trend_names();
    for (std::size_t k = 0; k < names.size(); ++k) trend[names[k]] = c.trend[k];
    j["trend_coefficients"] = trend;
    j["sigma2"] = c.sigma2;
    j["start"] = last_close_;
  }
  return j;
}

std::unique_ptr<Generator> make_arima_generator(const nlohmann::json& options) {
  nlohmann::json with_default = options.is_null() ? nlohmann::json::object() : options;
  if (with_default.is_object() && !with_default.contains("transform")) with_default["transform"] = "log";
  return std::make_unique<ArimaGenerator>(stat::ArimaForecasterOptions::from_json(with_default, "arima"));
}

}  // namespace stockcast::gen
