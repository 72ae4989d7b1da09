#pragma once
// Runs the built stockcast binary end to end and captures its exit code, stdout and stderr.
#include <string>
#include <vector>

namespace stockcast::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `stockcast args...` (no shell involved) in the current directory.
CliResult run_cli(const std::vector<std::string>& args);

}  // namespace stockcast::test
