#include "stockcast/eval/backtest.hpp"

#include <fmt/format.h>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::eval {

BacktestOptions BacktestOptions::over_part(prep::RowRange part, int horizon, std::size_t stride) {
  if (horizon < 1) throw InvalidInput(fmt::format("backtest: horizon {} must be >= 1", horizon));
  const auto h = static_cast<std::size_t>(horizon);
  if (part.begin == 0) {
    throw InvalidInput(
        "backtest: the evaluated part starts at row 0, so no history precedes its first target");
  }
  if (part.size() < h) {
    throw InvalidInput(fmt::format("backtest: the evaluated part has {} rows, fewer than the horizon {}",
                                   part.size(), horizon));
  }
  BacktestOptions options;
  options.first_origin = part.begin - 1;
  options.last_origin = part.end - 1 - h;
  options.horizon = horizon;
  options.stride = stride;
  return options;
}

void BacktestOptions::validate(std::size_t n_rows) const {
  if (horizon < 1) throw InvalidInput(fmt::format("backtest: horizon {} must be >= 1", horizon));
  if (stride < 1) throw InvalidInput("backtest: stride must be >= 1");
  if (first_origin > last_origin) {
    throw InvalidInput(
        fmt::format("backtest: first_origin {} is after last_origin {}", first_origin, last_origin));
  }
  if (last_origin + static_cast<std::size_t>(horizon) >= n_rows) {
    throw InvalidInput(
        fmt::format("backtest: last_origin {} + horizon {} goes past the last row {} of the series",
                    last_origin, horizon, n_rows == 0 ? 0 : n_rows - 1));
  }
  if (!(refit_valid_fraction > 0 && refit_valid_fraction < 1)) {
    throw InvalidInput(
        fmt::format("backtest: refit_valid_fraction {} must be in (0, 1)", refit_valid_fraction));
  }
  if (refit_every > 0 && refit_train_length > first_origin + 1) {
    throw InvalidInput(
        fmt::format("backtest: a rolling refit window of {} rows does not fit before the first "
                    "origin (row {})",
                    refit_train_length, first_origin));
  }
  if (target.empty()) throw InvalidInput("backtest: the target column is empty");
}

HistoricalForecasts HistoricalForecasts::only_step(int k) const {
  if (k < 1 || k > horizon) {
    throw InvalidInput(fmt::format("HistoricalForecasts::only_step: step {} is not in 1..{}", k, horizon));
  }
  HistoricalForecasts out;
  out.model = model;
  out.horizon = 1;
  out.stride = stride;
  for (std::size_t i = 0; i < size(); ++i) {
    if (step[i] != k) continue;
    out.origin_row.push_back(origin_row[i]);
    out.step.push_back(step[i]);
    out.target_row.push_back(target_row[i]);
    out.date.push_back(date[i]);
    out.actual.push_back(actual[i]);
    out.forecast.push_back(forecast[i]);
    out.origin_value.push_back(origin_value[i]);
    if (!lower.empty()) {
      out.lower.push_back(lower[i]);
      out.upper.push_back(upper[i]);
    }
  }
  return out;
}

void HistoricalForecasts::append(const HistoricalForecasts& other) {
  if (other.size() == 0) return;
  if (size() == 0) {
    const std::string name = model.empty() ? other.model : model;
    *this = other;
    model = name;
    return;
  }
  if (other.horizon != horizon) {
    throw InvalidInput(
        fmt::format("HistoricalForecasts::append: horizon {} differs from {}", other.horizon, horizon));
  }
  if (lower.empty() != other.lower.empty()) {
    lower.clear();  // intervals are kept only when every part has them
    upper.clear();
  } else {
    lower.insert(lower.end(), other.lower.begin(), other.lower.end());
    upper.insert(upper.end(), other.upper.begin(), other.upper.end());
  }
  origin_row.insert(origin_row.end(), other.origin_row.begin(), other.origin_row.end());
  step.insert(step.end(), other.step.begin(), other.step.end());
  target_row.insert(target_row.end(), other.target_row.begin(), other.target_row.end());
  date.insert(date.end(), other.date.begin(), other.date.end());
  actual.insert(actual.end(), other.actual.begin(), other.actual.end());
  forecast.insert(forecast.end(), other.forecast.begin(), other.forecast.end());
  origin_value.insert(origin_value.end(), other.origin_value.begin(), other.origin_value.end());
}

namespace {

// Appends one predict_from() batch to `out`, checking shape and finiteness.
void collect(HistoricalForecasts& out, const models::Forecaster& model, const PriceSeries& series,
             std::span<const double> target, std::span<const std::size_t> origins,
             const std::vector<models::Forecast>& forecasts, int horizon, bool& intervals) {
  if (forecasts.size() != origins.size()) {
    throw Internal(fmt::format("{}: predict_from returned {} forecasts for {} origins", model.kind(),
                               forecasts.size(), origins.size()));
  }
  for (std::size_t j = 0; j < origins.size(); ++j) {
    const models::Forecast& f = forecasts[j];
    if (f.horizon() != static_cast<std::size_t>(horizon)) {
      throw Internal(
          fmt::format("{}: forecast of {} steps for horizon {}", model.kind(), f.horizon(), horizon));
    }
    intervals = intervals && f.has_intervals();
    const std::size_t o = origins[j];
    for (std::size_t k = 0; k < f.horizon(); ++k) {
      const std::size_t row = o + 1 + k;
      if (!std::isfinite(f.mean[k])) {
        throw NumericalError(fmt::format("{}: non-finite forecast {} for {} (step {} from origin {})",
                                         model.describe(), f.mean[k], to_string(series.date(row)), k + 1,
                                         to_string(series.date(o))));
      }
      out.origin_row.push_back(o);
      out.step.push_back(static_cast<int>(k + 1));
      out.target_row.push_back(row);
      out.date.push_back(series.date(row));
      out.actual.push_back(target[row]);
      out.forecast.push_back(f.mean[k]);
      out.origin_value.push_back(target[o]);
      if (intervals) {
        out.lower.push_back(f.lower[k]);
        out.upper.push_back(f.upper[k]);
      }
    }
  }
}

}  // namespace

HistoricalForecasts historical_forecasts(models::Forecaster& model, const PriceSeries& series,
                                         const BacktestOptions& options) {
  options.validate(series.size());
  const std::span<const double> target = series.column(options.target);
  std::vector<std::size_t> origins;
  for (std::size_t o = options.first_origin; o <= options.last_origin; o += options.stride)
    origins.push_back(o);

  HistoricalForecasts out;
  out.horizon = options.horizon;
  out.stride = options.stride;
  bool intervals = true;
  if (options.refit_every == 0) {
    const auto forecasts = model.predict_from(series, origins, options.horizon);
    collect(out, model, series, target, origins, forecasts, options.horizon, intervals);
  } else {
    for (std::size_t start = 0; start < origins.size(); start += options.refit_every) {
      const std::size_t o = origins[start];
      const std::size_t end = o + 1;
      const std::size_t begin = options.refit_train_length > 0 ? end - options.refit_train_length : 0;
      if (model.capabilities().needs_validation) {
        const auto n_valid = static_cast<std::size_t>(
            std::max(1.0, std::floor(static_cast<double>(end - begin) * options.refit_valid_fraction)));
        if (n_valid >= end - begin) {
          throw InvalidInput(fmt::format(
              "backtest: {} rows before origin {} are too few to hold out validation data", end - begin, o));
        }
        model.fit(series.slice(begin, end - n_valid), series.slice(end - n_valid, end));
      } else {
        model.fit(series.slice(begin, end), series.slice(end, end));
      }
      const std::size_t stop = std::min(origins.size(), start + options.refit_every);
      const std::span<const std::size_t> block(origins.data() + start, stop - start);
      const auto forecasts = model.predict_from(series, block, options.horizon);
      collect(out, model, series, target, block, forecasts, options.horizon, intervals);
    }
  }
  if (!intervals) {
    out.lower.clear();
    out.upper.clear();
  }
  out.model = model.describe();
  return out;
}

HistoricalForecasts naive_forecasts(const HistoricalForecasts& forecasts) {
  HistoricalForecasts naive = forecasts;
  naive.model = "naive";
  naive.forecast = forecasts.origin_value;
  naive.lower.clear();
  naive.upper.clear();
  return naive;
}

NaiveComparison compare_with_naive(const HistoricalForecasts& forecasts, double alpha, DmVariance variance) {
  if (forecasts.size() == 0) throw InvalidInput("compare_with_naive: no forecasts");
  if (!(alpha > 0 && alpha < 1))
    throw InvalidInput(fmt::format("compare_with_naive: alpha {} is not in (0, 1)", alpha));
  NaiveComparison result;
  result.alpha = alpha;
  result.model = compute_metrics(forecasts.actual, forecasts.forecast, forecasts.origin_value);
  result.naive = compute_metrics(forecasts.actual, forecasts.origin_value, forecasts.origin_value);
  result.skill = skill_score(result.model.mse, result.naive.mse);

  // One loss differential per origin: the mean over its steps of e_model^2 - e_naive^2.
  std::vector<double> d;
  std::size_t i = 0;
  while (i < forecasts.size()) {
    const std::size_t origin = forecasts.origin_row[i];
    double sum = 0;
    std::size_t count = 0;
    for (; i < forecasts.size() && forecasts.origin_row[i] == origin; ++i, ++count) {
      const double e_model = forecasts.actual[i] - forecasts.forecast[i];
      const double e_naive = forecasts.actual[i] - forecasts.origin_value[i];
      sum += e_model * e_model - e_naive * e_naive;
    }
    d.push_back(sum / static_cast<double>(count));
  }
  const std::size_t stride = std::max<std::size_t>(1, forecasts.stride);
  const auto h = static_cast<std::size_t>(forecasts.horizon);
  const int lag_window = static_cast<int>((h + stride - 1) / stride);
  result.dm = diebold_mariano(d, lag_window, variance);
  result.beats_naive = result.skill > 0 && result.dm.p_value < alpha;
  return result;
}

}  // namespace stockcast::eval
