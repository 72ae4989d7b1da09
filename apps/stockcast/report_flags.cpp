#include "report_flags.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdio>

#include "stockcast/io/result_files.hpp"

namespace stockcast::cli {

void add_report_options(CLI::App& command, ReportCliOptions& options) {
  command
      .add_option("--figures", options.figures,
                  "Also write static figures into DIR/figures: png or svg (gnuplot)")
      ->group("Report");
  command.add_option("--gnuplot", options.gnuplot, "gnuplot program for --figures (name on PATH or a path)")
      ->capture_default_str()
      ->group("Report");
}

report::ReportOptions to_report_options(const ReportCliOptions& options) {
  report::ReportOptions out;
  if (!options.figures.empty()) out.figures = report::parse_figure_format(options.figures, "--figures");
  out.gnuplot = options.gnuplot;
  return out;
}

std::filesystem::path finish_with_report(const std::filesystem::path& dir, const ReportCliOptions& options) {
  const report::ReportOptions report_options = to_report_options(options);
  const auto html = report::write_report(dir, report_options);
  std::fflush(stdout);
  fmt::print("report: {}\n", html.string());
  if (report_options.figures)
    fmt::print("figures: {}\n", (dir / std::string(io::result_file::kFigures)).string());
  std::fflush(stdout);
  return html;
}

}  // namespace stockcast::cli
