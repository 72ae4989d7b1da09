#pragma once
// Shared helpers of the baseline forecasters (private to src/models/baseline).
#include <fmt/format.h>
#include <cmath>
#include <span>
#include <string>
#include <string_view>

#include "stockcast/core/error.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/models/forecaster.hpp"

namespace stockcast::models::baseline_detail {

/// The target column of `series`, checked to be non-empty and finite (named in errors by `where`).
inline std::span<const double> finite_target(const PriceSeries& series, std::string_view target,
                                             std::string_view where) {
  if (series.empty()) throw InvalidInput(fmt::format("{}: the series is empty", where));
  const auto values = series.column(target);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(
          fmt::format("{}: column '{}' holds {} at {}", where, target, values[i], to_string(series.date(i))));
    }
  }
  return values;
}

/// Throws InvalidInput unless horizon >= 1.
inline void check_horizon(int horizon, std::string_view where) {
  if (horizon < 1) throw InvalidInput(fmt::format("{}: horizon {} must be >= 1", where, horizon));
}

/// Throws FormatError unless `state` is a config of model `kind` holding "options" and "fitted".
inline void check_state(const ModelState& state, std::string_view kind) {
  if (!state.config.is_object() || !state.config.contains("kind") || !state.config["kind"].is_string()) {
    throw FormatError(fmt::format("{} model state: no 'kind' field", kind));
  }
  const auto found = state.config["kind"].get<std::string>();
  if (found != kind) {
    throw FormatError(fmt::format("{} model state: the state is of kind '{}'", kind, found));
  }
  if (!state.config.contains("options"))
    throw FormatError(fmt::format("{} model state: no 'options' field", kind));
}

}  // namespace stockcast::models::baseline_detail
