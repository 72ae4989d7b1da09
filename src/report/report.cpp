#include "stockcast/report/report.hpp"

#include "stockcast/io/atomic_file.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/report/figures.hpp"

namespace stockcast::report {

std::filesystem::path write_report(const std::filesystem::path& dir, const ReportOptions& options) {
  options.validate();
  const ResultDir results = load_result_dir(dir);
  const ReportModel model = build_report_model(results, options);
  const std::filesystem::path html = dir / std::string(io::result_file::kReport);
  io::write_file_atomically(html, render_html(model));
  if (options.figures) {
    FigureOptions figure_options;
    figure_options.format = *options.figures;
    figure_options.gnuplot = options.gnuplot;
    write_figures(model, dir / std::string(io::result_file::kFigures), figure_options);
  }
  return html;
}

}  // namespace stockcast::report
