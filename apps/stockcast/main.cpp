// stockcast: forecast stock prices and generate synthetic price series.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "stockcast/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "stockcast: forecast daily stock prices and generate synthetic price series.\n"
      "Reads Kaggle, Yahoo, Alpha Vantage, Investing.com and plain OHLCV files (format detected).\n"
      "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 I/O, 5 model file format,\n"
      "6 numerical failure (see docs/exit-codes.md).",
      "stockcast"};
  app.set_version_flag("--version", std::string("stockcast ") + STOCKCAST_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  stockcast::cli::add_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return static_cast<int>(stockcast::ExitCode::kUsage);
  } catch (const std::exception& e) {
    std::fflush(stdout);
    fmt::print(stderr, "stockcast: error: {}\n", e.what());
    return static_cast<int>(stockcast::exit_code(e));
  }
  return 0;
}
