#include "commands.hpp"

#include <CLI/CLI.hpp>

namespace stockcast::cli {

// One line per subcommand, defined in cmd_<name>.cpp.
void add_info_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_plot_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_forecast_command(CLI::App& app);
void add_compare_command(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_hurst_command(CLI::App& app);
void add_fit_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_tune_command(CLI::App& app);

void add_commands(CLI::App& app) {
  add_info_command(app);
  add_report_command(app);
  add_plot_command(app);
  add_train_command(app);
  add_evaluate_command(app);
  add_forecast_command(app);
  add_compare_command(app);
  add_generate_command(app);
  add_hurst_command(app);
  add_fit_command(app);
  add_validate_command(app);
  add_tune_command(app);
}

}  // namespace stockcast::cli
