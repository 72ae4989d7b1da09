#pragma once
/// \file
/// The stockcast subcommands. Each lives in its own cmd_<name>.cpp: it declares its flags on the
/// CLI11 subcommand, calls the library, and prints. Library errors propagate to main(), which maps
/// them to exit codes (docs/exit-codes.md).

namespace CLI {
class App;
}

namespace stockcast::cli {

/// Adds every subcommand to `app`, in the order `stockcast --help` lists them.
void add_commands(CLI::App& app);

}  // namespace stockcast::cli
