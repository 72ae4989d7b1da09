#include "common.hpp"

#include <fmt/format.h>

#include "stockcast/core/error.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::gen::detail {

void check_sample_request(std::string_view kind, int length, int paths) {
  if (length < 1) {
    throw InvalidInput(
        fmt::format("generator '{}': the path length must be at least 1, got {}", kind, length));
  }
  if (paths < 1) {
    throw InvalidInput(
        fmt::format("generator '{}': the number of paths must be at least 1, got {}", kind, paths));
  }
}

std::vector<double> training_closes(const PriceSeries& train, std::string_view kind, std::size_t min_rows) {
  const auto close = train.close();
  if (close.size() < min_rows) {
    throw InvalidInput(fmt::format("generator '{}': {} has {} rows; at least {} are needed to fit it", kind,
                                   train.ticker(), close.size(), min_rows));
  }
  models::stat::require_finite_values(close, fmt::format("generator '{}': close of {}", kind, train.ticker()),
                                      /*positive=*/true);
  return {close.begin(), close.end()};
}

}  // namespace stockcast::gen::detail
