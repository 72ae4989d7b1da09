#include "commands.hpp"

#include <CLI/CLI.hpp>

namespace stockcast::cli {

// One line per subcommand, defined in cmd_<name>.cpp.

void add_commands(CLI::App& app) { (void)app; }

}  // namespace stockcast::cli
