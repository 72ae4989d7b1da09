// stockcast plot DIR | --data CSV: static figures (PNG or SVG) drawn by gnuplot: every chart of the
// report of a result directory, or the price, volume and returns figures of a price file.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "data_options.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/report/figures.hpp"
#include "stockcast/report/report.hpp"

namespace stockcast::cli {
namespace {

struct PlotArgs {
  std::string dir;
  std::string data;
  std::string out;
  std::string format = "png";
  std::string gnuplot = "gnuplot";
  int width = 1200;
  int height = 600;
  DataCliOptions data_options;
};

void run_plot(const PlotArgs& args) {
  if (args.dir.empty() == args.data.empty())
    throw InvalidInput("plot: give either a result directory DIR or --data CSV");
  report::FigureOptions figures;
  figures.format = report::parse_figure_format(args.format, "--format");
  figures.gnuplot = args.gnuplot;
  figures.width = args.width;
  figures.height = args.height;
  figures.validate();

  report::ResultDir results;
  std::filesystem::path out = args.out;
  if (!args.dir.empty()) {
    results = report::load_result_dir(args.dir);
    if (out.empty()) out = std::filesystem::path(args.dir) / std::string(io::result_file::kFigures);
  } else {
    const data::ReadResult read = data::read_prices(args.data, to_read_options(args.data_options));
    results.dir = std::filesystem::path(args.data).parent_path();
    results.data = read.series;
    if (out.empty()) out = "figures";
  }
  const auto model = report::build_report_model(results);
  for (const auto& path : report::write_figures(model, out, figures)) fmt::print("{}\n", path.string());
}

}  // namespace

void add_plot_command(CLI::App& app) {
  auto args = std::make_shared<PlotArgs>();
  auto* cmd = app.add_subcommand(
      "plot",
      "Write static figures with gnuplot: every chart of DIR's report (predicted vs actual, residuals, loss "
      "curves, ACF/PACF, paths, ...) into DIR/figures, or with --data CSV the price with moving averages, "
      "volume and daily returns. One file per chart, named after it (docs/report.md).");
  cmd->add_option("dir", args->dir, "Result directory (docs/result-files.md)");
  cmd->add_option("--data", args->data, "Price file to plot instead of a result directory");
  cmd->add_option("--out", args->out, "Figure directory (default DIR/figures, or ./figures with --data)");
  cmd->add_option("--format", args->format, "png or svg")->capture_default_str();
  cmd->add_option("--width", args->width, "Width in pixels")->capture_default_str();
  cmd->add_option("--height", args->height, "Height in pixels")->capture_default_str();
  cmd->add_option("--gnuplot", args->gnuplot, "gnuplot program (name on PATH or a path)")
      ->capture_default_str();
  add_data_options(*cmd, args->data_options);
  cmd->callback([args] { run_plot(*args); });
}

}  // namespace stockcast::cli
