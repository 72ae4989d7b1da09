#include <gtest/gtest.h>

#include "cli/cli_runner.hpp"

namespace stockcast::test {
namespace {

TEST(CliBasics, HelpExitsZeroAndListsExitCodes) {
  const auto result = run_cli({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("Exit codes"), std::string::npos) << result.out;
}

TEST(CliBasics, VersionPrintsVersion) {
  const auto result = run_cli({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("stockcast "), std::string::npos) << result.out;
}

TEST(CliBasics, UnknownSubcommandIsUsageError) {
  const auto result = run_cli({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(result.err.empty());
}

}  // namespace
}  // namespace stockcast::test
