#pragma once
/// \file
/// Static figures (PNG or SVG) of a report's charts, drawn by gnuplot (Debian's gnuplot-nox): the
/// papers' figures (predicted vs actual for validation and test, loss curves, ACF/PACF of real vs
/// synthetic returns, real vs synthetic paths, price with moving averages, daily returns) and every
/// other chart of the HTML report, one file per chart named after its id (docs/report.md).

#include <filesystem>
#include <string>
#include <vector>

#include "stockcast/report/chart.hpp"
#include "stockcast/report/report.hpp"

namespace stockcast::report {

/// How figures are drawn.
struct FigureOptions {
  FigureFormat format = FigureFormat::kPng;  ///< file format
  std::string gnuplot = "gnuplot";           ///< program: a name looked up on PATH, or a path
  int width = 1200;                          ///< pixels (PNG) or user units (SVG)
  int height = 600;                          ///< pixels (PNG) or user units (SVG)

  /// Throws InvalidInput naming the field when a value is out of range.
  void validate() const;
};

/// The full path of `program` (a bare name is looked up on PATH); throws IoError with an install hint
/// when it cannot be found or is not executable.
std::filesystem::path find_gnuplot(const std::string& program);

/// Draws every chart of `model` into `out_dir` (created when missing) as `<chart id>.<png|svg>`,
/// each written atomically, and returns the paths in chart order. Throws IoError when gnuplot is
/// missing or fails (with its message).
std::vector<std::filesystem::path> write_figures(const ReportModel& model,
                                                 const std::filesystem::path& out_dir,
                                                 const FigureOptions& options = {});

}  // namespace stockcast::report
