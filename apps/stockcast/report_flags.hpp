#pragma once
/// \file
/// The report flags every command that writes a result directory shares (compare, fit, generate,
/// synth-eval, tune, ...): `--figures png|svg` and `--gnuplot PATH`, and the one call that ends such a
/// command (docs/report.md):
///
///     ReportCliOptions report;
///     add_report_options(*cmd, report);
///     ... write the result files into out_dir (io/result_files.hpp) ...
///     finish_with_report(out_dir, report);   // DIR/report.html (+ DIR/figures), prints its path

#include <filesystem>
#include <string>

#include "stockcast/report/report.hpp"

namespace CLI {
class App;
}

namespace stockcast::cli {

/// Values of the report flags as given on the command line.
struct ReportCliOptions {
  std::string figures;              ///< --figures: "" (none), "png" or "svg"
  std::string gnuplot = "gnuplot";  ///< --gnuplot: program for --figures
};

/// Adds --figures and --gnuplot (option group "Report") to `command`, writing into `options`, which
/// must outlive the parse.
void add_report_options(CLI::App& command, ReportCliOptions& options);

/// The library's ReportOptions for these flags; throws InvalidInput naming --figures for a bad format.
report::ReportOptions to_report_options(const ReportCliOptions& options);

/// Writes DIR/report.html (and DIR/figures/* with --figures) from the result files in `dir` and prints
/// "report: DIR/report.html" (and "figures: DIR/figures") on stdout. Returns the report's path.
std::filesystem::path finish_with_report(const std::filesystem::path& dir, const ReportCliOptions& options);

}  // namespace stockcast::cli
