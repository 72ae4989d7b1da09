#include "stockcast/eval/metrics.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::eval {

namespace {

void check_values(std::string_view where, std::span<const double> values, std::string_view what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(fmt::format("{}: {} value {} at index {} is not finite", where, what, values[i], i));
    }
  }
}

void check_pair(std::string_view where, std::span<const double> actual, std::span<const double> forecast) {
  if (actual.empty()) throw InvalidInput(fmt::format("{}: no values", where));
  if (actual.size() != forecast.size()) {
    throw InvalidInput(
        fmt::format("{}: {} actual values but {} forecasts", where, actual.size(), forecast.size()));
  }
  check_values(where, actual, "actual");
  check_values(where, forecast, "forecast");
}

int sign(double x) { return (x > 0) - (x < 0); }

double mean(std::span<const double> values) {
  double sum = 0;
  for (const double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

// 1 - numerator / denominator with scikit-learn's convention for a zero denominator.
double one_minus_ratio(double numerator, double denominator) {
  if (denominator == 0.0) return numerator == 0.0 ? 1.0 : 0.0;
  return 1.0 - numerator / denominator;
}

}  // namespace

double mse(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("mse", actual, forecast);
  double sum = 0;
  for (std::size_t i = 0; i < actual.size(); ++i)
    sum += (actual[i] - forecast[i]) * (actual[i] - forecast[i]);
  return sum / static_cast<double>(actual.size());
}

double rmse(std::span<const double> actual, std::span<const double> forecast) {
  return std::sqrt(mse(actual, forecast));
}

double mae(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("mae", actual, forecast);
  double sum = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) sum += std::abs(actual[i] - forecast[i]);
  return sum / static_cast<double>(actual.size());
}

double mape(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("mape", actual, forecast);
  double sum = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] == 0.0) {
      throw InvalidInput(
          fmt::format("mape: the actual value at index {} is 0 (percentage error undefined)", i));
    }
    sum += std::abs((actual[i] - forecast[i]) / actual[i]);
  }
  return 100.0 * sum / static_cast<double>(actual.size());
}

double smape(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("smape", actual, forecast);
  double sum = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double denominator = std::abs(actual[i]) + std::abs(forecast[i]);
    if (denominator > 0) sum += 2.0 * std::abs(actual[i] - forecast[i]) / denominator;
  }
  return 100.0 * sum / static_cast<double>(actual.size());
}

double r2_score(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("r2_score", actual, forecast);
  const double m = mean(actual);
  double ss_res = 0;
  double ss_tot = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    ss_res += (actual[i] - forecast[i]) * (actual[i] - forecast[i]);
    ss_tot += (actual[i] - m) * (actual[i] - m);
  }
  return one_minus_ratio(ss_res, ss_tot);
}

double explained_variance(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("explained_variance", actual, forecast);
  const auto n = static_cast<double>(actual.size());
  const double mean_actual = mean(actual);
  double mean_error = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) mean_error += actual[i] - forecast[i];
  mean_error /= n;
  double var_error = 0;
  double var_actual = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e = actual[i] - forecast[i] - mean_error;
    var_error += e * e;
    var_actual += (actual[i] - mean_actual) * (actual[i] - mean_actual);
  }
  return one_minus_ratio(var_error / n, var_actual / n);
}

double max_error(std::span<const double> actual, std::span<const double> forecast) {
  check_pair("max_error", actual, forecast);
  double worst = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) worst = std::max(worst, std::abs(actual[i] - forecast[i]));
  return worst;
}

double directional_accuracy(std::span<const double> actual, std::span<const double> forecast,
                            std::span<const double> origin_values) {
  check_pair("directional_accuracy", actual, forecast);
  if (origin_values.size() != actual.size()) {
    throw InvalidInput(fmt::format("directional_accuracy: {} actual values but {} origin values",
                                   actual.size(), origin_values.size()));
  }
  check_values("directional_accuracy", origin_values, "origin");
  std::size_t hits = 0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (sign(forecast[i] - origin_values[i]) == sign(actual[i] - origin_values[i])) ++hits;
  }
  return static_cast<double>(hits) / static_cast<double>(actual.size());
}

Metrics compute_metrics(std::span<const double> actual, std::span<const double> forecast,
                        std::span<const double> origin_values) {
  Metrics m;
  m.n = actual.size();
  m.mse = mse(actual, forecast);
  m.rmse = std::sqrt(m.mse);
  m.mae = mae(actual, forecast);
  m.mape = mape(actual, forecast);
  m.smape = smape(actual, forecast);
  m.r2 = r2_score(actual, forecast);
  m.explained_variance = explained_variance(actual, forecast);
  m.max_error = max_error(actual, forecast);
  m.directional_accuracy = directional_accuracy(actual, forecast, origin_values);
  return m;
}

double skill_score(double mse_model, double mse_reference) {
  if (!std::isfinite(mse_model) || !std::isfinite(mse_reference) || mse_model < 0 || mse_reference < 0) {
    throw InvalidInput(fmt::format("skill_score: MSEs must be finite and >= 0 (model {}, reference {})",
                                   mse_model, mse_reference));
  }
  if (mse_reference == 0.0) {
    if (mse_model == 0.0) return 0.0;
    throw InvalidInput(
        fmt::format("skill_score: the reference forecast is perfect (MSE 0) while the model's MSE "
                    "is {}; the skill score is undefined",
                    mse_model));
  }
  return 1.0 - mse_model / mse_reference;
}

}  // namespace stockcast::eval
