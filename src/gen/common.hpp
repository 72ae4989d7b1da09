#pragma once
// Checks shared by the generators.
#include <cstddef>
#include <string_view>
#include <vector>

#include "stockcast/core/price_series.hpp"

namespace stockcast::gen::detail {

/// Throws InvalidInput naming the generator when length or paths is below 1.
void check_sample_request(std::string_view kind, int length, int paths);

/// The close prices of `train`; throws InvalidInput naming the generator when there are fewer than
/// `min_rows` or a close is not positive and finite.
std::vector<double> training_closes(const PriceSeries& train, std::string_view kind, std::size_t min_rows);

}  // namespace stockcast::gen::detail
