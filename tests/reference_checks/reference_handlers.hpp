#pragma once
// The handlers of test_reference_checks: one per check id, computing stockcast's value for a series
// and applying the check (and its tight block) with EXPECT_* assertions.
#include <functional>
#include <string_view>
#include <vector>

#include "reference_checks/reference_checks.hpp"
#include "stockcast/core/price_series.hpp"

namespace stockcast::test {

/// A reference series read with stockcast's own reader, shared by the handlers.
struct ReferenceContext {
  ReferenceSeries series;
  PriceSeries prices;           ///< data::read_prices(data/<file>)
  std::vector<double> close;    ///< the Close column
  std::vector<double> returns;  ///< 100 * diff(log(close))
};

/// The context of `series`, read once and cached.
const ReferenceContext& reference_context(const ReferenceSeries& series);

/// How one check id is computed and applied.
struct Handler {
  bool slow = false;  ///< runs in test_reference_checks_slow
  std::function<void(const ReferenceContext&, const ReferenceCheck&)> run;
};

/// The handler of `id`, or nullptr.
const Handler* find_handler(std::string_view id);

}  // namespace stockcast::test
