#include "stockcast/models/stat/common.hpp"

#include <fmt/format.h>

#include <cmath>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/distributions.hpp"

namespace stockcast::models::stat {

std::string_view to_string(InformationCriterion criterion) noexcept {
  switch (criterion) {
    case InformationCriterion::kAic:
      return "aic";
    case InformationCriterion::kAicc:
      return "aicc";
    case InformationCriterion::kBic:
      return "bic";
  }
  return "aic";
}

InformationCriterion parse_information_criterion(std::string_view text, std::string_view where) {
  if (text == "aic") return InformationCriterion::kAic;
  if (text == "aicc") return InformationCriterion::kAicc;
  if (text == "bic") return InformationCriterion::kBic;
  throw InvalidInput(
      fmt::format("{}: unknown information criterion '{}'; expected aic, aicc or bic", where, text));
}

void set_intervals(IntervalForecast& forecast, double level) {
  if (!(level > 0 && level < 1)) {
    throw InvalidInput(fmt::format("forecast intervals: level {} must lie strictly between 0 and 1", level));
  }
  const double z = eval::normal_quantile(0.5 + level / 2.0);
  forecast.level = level;
  forecast.lower.resize(forecast.mean.size());
  forecast.upper.resize(forecast.mean.size());
  for (std::size_t h = 0; h < forecast.mean.size(); ++h) {
    forecast.lower[h] = forecast.mean[h] - z * forecast.se[h];
    forecast.upper[h] = forecast.mean[h] + z * forecast.se[h];
  }
}

std::string_view to_string(Transform transform) noexcept {
  switch (transform) {
    case Transform::kNone:
      return "none";
    case Transform::kLog:
      return "log";
    case Transform::kReturn:
      return "return";
  }
  return "none";
}

Transform parse_transform(std::string_view text, std::string_view where) {
  if (text == "none") return Transform::kNone;
  if (text == "log") return Transform::kLog;
  if (text == "return") return Transform::kReturn;
  throw InvalidInput(fmt::format("{}: unknown transform '{}'; expected none, log or return", where, text));
}

void require_finite_values(std::span<const double> values, std::string_view where, bool positive) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(fmt::format("{}: value {} at index {} is not finite (NaN or Inf in the data)", where,
                                     values[i], i));
    }
    if (positive && !(values[i] > 0)) {
      throw InvalidInput(fmt::format("{}: value {} at index {} is not positive", where, values[i], i));
    }
  }
}

}  // namespace stockcast::models::stat
