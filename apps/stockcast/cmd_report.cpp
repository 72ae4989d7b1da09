// stockcast report DIR | --data CSV --out DIR: (re)builds the self-contained HTML report of a result
// directory (docs/report.md, docs/result-files.md).
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "data_options.hpp"
#include "report_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/io/result_files.hpp"

namespace stockcast::cli {
namespace {

struct ReportArgs {
  std::string dir;
  std::string data;
  std::string out;
  ReportCliOptions report;
  DataCliOptions data_options;
};

void run_report(const ReportArgs& args) {
  if (args.dir.empty() == args.data.empty()) {
    throw InvalidInput("report: give either a result directory DIR or --data CSV --out DIR");
  }
  if (!args.data.empty() && args.out.empty()) throw InvalidInput("report --data: --out DIR is required");
  if (args.data.empty() && !args.out.empty()) throw InvalidInput("report DIR: --out is only for --data");
  (void)to_report_options(args.report);  // a bad --figures fails before any file is written
  std::filesystem::path dir = args.dir;
  if (!args.data.empty()) {
    // A report of the data itself: the price file becomes a small result directory.
    const data::ReadResult read = data::read_prices(args.data, to_read_options(args.data_options));
    dir = args.out;
    io::RunInfo run;
    run.command = "report";
    run.settings = {{"format", read.format}};
    run.data_path = args.data;
    io::write_run_json(dir, run, &read.series);
    io::write_data_csv(dir, read.series);
  }
  finish_with_report(dir, args.report);
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Build report.html (one self-contained page: tables and zoomable charts, opens offline) from the "
      "result files in DIR, as written by compare, fit, generate, ... (docs/result-files.md). With --data "
      "CSV --out "
      "DIR: a report of a price file itself (price with moving averages, volume, daily returns).");
  cmd->add_option("dir", args->dir, "Result directory to (re)build DIR/report.html in");
  cmd->add_option("--data", args->data, "Price file to report on instead of a result directory");
  cmd->add_option("--out", args->out, "Output directory for --data (created when missing)");
  add_report_options(*cmd, args->report);
  add_data_options(*cmd, args->data_options);
  cmd->callback([args] { run_report(*args); });
}

}  // namespace stockcast::cli
