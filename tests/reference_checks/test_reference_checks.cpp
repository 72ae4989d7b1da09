// Every check of tests/reference/*.json, applied as tests/reference/README.md states. Each check id
// has one handler that computes stockcast's value; a check without a handler fails the coverage
// test. Handlers marked slow run in test_reference_checks_slow (CTest label "slow").
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "reference_checks/reference_checks.hpp"
#include "reference_checks/reference_handlers.hpp"
#include "test_paths.hpp"

namespace stockcast::test {
namespace {

#ifdef STOCKCAST_REFERENCE_SLOW
constexpr bool kSlowBinary = true;
// A suite name of its own, so that CTest names of the two binaries differ.
#define STOCKCAST_REFERENCE_SUITE ReferenceChecksSlow
#else
constexpr bool kSlowBinary = false;
#define STOCKCAST_REFERENCE_SUITE ReferenceChecks
#endif

class STOCKCAST_REFERENCE_SUITE : public ::testing::TestWithParam<ReferenceSeries> {};

// The garch11.* checks are applied by tests/models/stat/test_garch.cpp through the same loader.
bool applied_elsewhere(const std::string& id) { return id.rfind("garch11.", 0) == 0; }

TEST_P(STOCKCAST_REFERENCE_SUITE, EveryCheckHasAHandler) {
  if (kSlowBinary) GTEST_SKIP() << "covered by the quick binary";
  const ReferenceFile file(reference_file(GetParam().name + ".json"));
  for (const auto& check : file.checks()) {
    EXPECT_TRUE(find_handler(check.id) != nullptr || applied_elsewhere(check.id))
        << GetParam().name << ": no handler for check " << check.id;
  }
}

TEST_P(STOCKCAST_REFERENCE_SUITE, ChecksPass) {
  const ReferenceFile file(reference_file(GetParam().name + ".json"));
  const ReferenceContext& context = reference_context(GetParam());
  int applied = 0;
  for (const auto& check : file.checks()) {
    const Handler* handler = find_handler(check.id);
    if (handler == nullptr || handler->slow != kSlowBinary) continue;
    SCOPED_TRACE(fmt::format("{}: {}", GetParam().name, check.id));
    handler->run(context, check);
    ++applied;
  }
  if (!kSlowBinary) {
    EXPECT_GT(applied, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Series, STOCKCAST_REFERENCE_SUITE, ::testing::ValuesIn(reference_series()),
                         [](const ::testing::TestParamInfo<ReferenceSeries>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace stockcast::test
