#include "stockcast/models/forecaster.hpp"

#include <fmt/format.h>

#include "stockcast/core/error.hpp"

namespace stockcast::models {

std::vector<Forecast> Forecaster::predict_from(const PriceSeries& series,
                                               std::span<const std::size_t> origins, int horizon) const {
  std::vector<Forecast> forecasts;
  forecasts.reserve(origins.size());
  for (const std::size_t origin : origins) {
    if (origin >= series.size()) {
      throw InvalidInput(fmt::format("{}::predict_from: origin {} out of range (series has {} rows)", kind(),
                                     origin, series.size()));
    }
    forecasts.push_back(predict(series.slice(0, origin + 1), horizon));
  }
  return forecasts;
}

std::vector<Date> forecast_dates(Date last, int horizon) {
  std::vector<Date> dates;
  dates.reserve(static_cast<std::size_t>(std::max(horizon, 0)));
  Date day = last;
  for (int h = 0; h < horizon; ++h) {
    day = next_business_day(day);
    dates.push_back(day);
  }
  return dates;
}

}  // namespace stockcast::models
