#pragma once
/// \file
/// The HTML report of a result directory (docs/report.md).
///
/// Commands that write a result directory (docs/result-files.md) end with
///
///     const std::filesystem::path html = report::write_report(out_dir);
///     fmt::print("report: {}\n", html.string());
///
/// and `stockcast report DIR` calls the same function. The page is one self-contained file: the
/// result data is embedded as JSON and drawn by uPlot (embedded into the binary at build time), so it
/// opens offline and makes no network request at all.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stockcast/report/chart.hpp"
#include "stockcast/report/result_dir.hpp"

namespace stockcast::report {

/// File format of static figures.
enum class FigureFormat {
  kPng,  ///< raster, 1200×600 pixels by default (gnuplot's pngcairo terminal)
  kSvg,  ///< vector (gnuplot's svg terminal)
};

/// Parses "png" or "svg" (the CLI's --figures value); throws InvalidInput naming `option` otherwise.
FigureFormat parse_figure_format(std::string_view text, std::string_view option = "--figures");

/// File extension of a format, without the dot ("png", "svg").
std::string_view extension(FigureFormat format) noexcept;

/// What goes into a report. Defaults suit daily prices.
struct ReportOptions {
  std::vector<std::size_t> moving_averages{10, 20, 50};  ///< windows (trading days) on the price chart
  std::size_t max_lags = 40;                             ///< lags of the ACF/PACF charts
  std::size_t max_paths_shown = 20;     ///< synthetic paths drawn per generator (all are used for statistics)
  std::size_t histogram_bins = 50;      ///< bins of the return histograms
  std::size_t qq_points = 500;          ///< quantiles on the QQ plot
  std::optional<FigureFormat> figures;  ///< also write static figures into DIR/figures (gnuplot)
  std::string gnuplot = "gnuplot";      ///< gnuplot program: a name looked up on PATH, or a path

  /// Throws InvalidInput naming the field when a value is out of range.
  void validate() const;
};

/// Builds the report's sections, charts and tables from the loaded result files.
ReportModel build_report_model(const ResultDir& results, const ReportOptions& options = {});

/// Renders a model as one self-contained HTML page (embedded uPlot, styles and JSON data; every
/// embedded string is escaped so that e.g. a model named "</script>" cannot break the page).
std::string render_html(const ReportModel& model);

/// Escapes text for HTML element content and attribute values (& < > " ').
std::string escape_html(std::string_view text);

/// Loads DIR's result files, writes DIR/report.html atomically (and DIR/figures/* when
/// options.figures is set) and returns the report's path. Throws as load_result_dir(), and IoError
/// when gnuplot is needed but missing.
std::filesystem::path write_report(const std::filesystem::path& dir, const ReportOptions& options = {});

}  // namespace stockcast::report
