#pragma once
/// \file
/// The report's content model: sections of charts and tables, built once from a result directory
/// (report::build_report_model) and drawn twice: in the browser by uPlot (report.html) and by gnuplot
/// for static figures. Keeping one model means the HTML charts and the PNG/SVG figures show the same
/// numbers.

#include <optional>
#include <string>
#include <vector>

namespace stockcast::report {

/// How a series is drawn.
enum class SeriesStyle {
  kLine,       ///< solid line
  kDashed,     ///< dashed line (reference series such as naive, confidence bands)
  kPoints,     ///< markers only (QQ plots)
  kBars,       ///< vertical bars from zero (volume, ACF)
  kStep,       ///< step line: the value holds until the next x (best-so-far curves)
  kHistogram,  ///< histogram bars centred on x, translucent so two distributions can overlap
};

/// One series of a chart, aligned with the chart's x values (NaN = no value there).
struct ChartSeries {
  std::string label;                       ///< legend text
  std::vector<double> y;                   ///< one value per x
  SeriesStyle style = SeriesStyle::kLine;  ///< how it is drawn
  std::string color;                       ///< CSS colour "#rrggbb"
  double width = 1.5;                      ///< line width in CSS pixels
  bool right_axis = false;                 ///< plotted against the right-hand y axis
  /// Key entry in static figures: std::nullopt = `label`, "" = not listed (e.g. the 2nd..20th of
  /// many synthetic paths, listed once as "synthetic paths"). The HTML legend lists every series.
  std::optional<std::string> figure_key;
};

/// A filled band between two series (e.g. a 95 % prediction interval).
struct ChartBand {
  std::size_t upper = 0;  ///< index into Chart::series
  std::size_t lower = 0;  ///< index into Chart::series
  std::string fill;       ///< CSS colour with alpha, e.g. "rgba(31,119,180,0.15)"
};

/// A 2-D chart with shared x values.
struct Chart {
  std::string id;          ///< stable id, unique in a report (e.g. "pred-val"); also the figure's file stem
  std::string title;       ///< shown above the chart
  std::string x_label;     ///< axis label with units, e.g. "Date"
  std::string y_label;     ///< axis label with units, e.g. "Price (USD)"
  std::string y2_label;    ///< right axis label ("" = no right axis)
  bool x_is_time = false;  ///< x holds Unix seconds (UTC midnight of each day)
  bool y2_log = false;     ///< right axis on a log scale (learning rates)
  std::vector<double> x;   ///< x values, increasing
  std::vector<ChartSeries> series;  ///< drawn in order
  std::vector<ChartBand> bands;     ///< filled areas
  std::string sync;                 ///< charts with the same non-empty key share the cursor
  std::string note;                 ///< one line under the chart explaining what it shows
};

/// A table cell: text, or a number shown with `digits` significant digits (sorts numerically).
struct TableCell {
  std::string text;        ///< shown when is_number is false
  double number = 0;       ///< shown when is_number is true (NaN shows as "–")
  bool is_number = false;  ///< which of the two
  std::string css_class;   ///< optional class, e.g. "bad" for a value that fails a check
};

/// A table (sortable in the browser by clicking a header).
struct Table {
  std::string id;                            ///< stable id, unique in a report
  std::string title;                         ///< caption
  std::vector<std::string> columns;          ///< header
  std::vector<std::vector<TableCell>> rows;  ///< body
  std::vector<std::string> row_classes;      ///< per row ("" or e.g. "worse-than-naive"); may be empty
  std::string note;                          ///< one line under the table
  bool sortable = true;                      ///< headers sort on click
};

/// One section of the report.
struct Section {
  std::string id;             ///< anchor, e.g. "comparison"
  std::string title;          ///< heading
  std::string intro;          ///< a sentence under the heading
  std::vector<Table> tables;  ///< shown first
  std::vector<Chart> charts;  ///< shown after the tables
  bool grid = false;          ///< charts two per row (small multiples such as loss curves)
};

/// The whole report.
struct ReportModel {
  std::string title;              ///< page title and heading
  std::string subtitle;           ///< one line under the heading (command, data, date)
  std::vector<Section> sections;  ///< in page order
};

/// A number cell.
inline TableCell number_cell(double value, std::string css_class = {}) {
  return {{}, value, true, std::move(css_class)};
}
/// A text cell.
inline TableCell text_cell(std::string text, std::string css_class = {}) {
  return {std::move(text), 0, false, std::move(css_class)};
}

}  // namespace stockcast::report
