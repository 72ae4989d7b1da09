#pragma once
/// \file
/// The browser side of the HTML report, embedded into the binary at build time
/// (src/report/CMakeLists.txt: uPlot from the npm registry, pinned by report/web/package-lock.json,
/// and the report's own script and styles from report/web/src).

#include <string_view>

namespace stockcast::report::assets {

/// uPlot's minified browser build (dist/uPlot.iife.min.js), which defines the global `uPlot`.
std::string_view uplot_js();
/// uPlot's stylesheet (dist/uPlot.min.css).
std::string_view uplot_css();
/// The report's script (report/web/src/report.js): builds tables and charts from the embedded JSON.
std::string_view report_js();
/// The report's stylesheet (report/web/src/report.css).
std::string_view report_css();

}  // namespace stockcast::report::assets
