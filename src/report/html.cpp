// Renders a ReportModel as one self-contained HTML page.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "stockcast/core/error.hpp"
#include "stockcast/report/embedded_assets.hpp"
#include "stockcast/report/report.hpp"

namespace stockcast::report {

namespace {

constexpr int kSignificantDigits = 7;  // enough for any chart or tooltip; keeps the page small

// Rounded to 7 significant digits; NaN and infinities become JSON null (a gap in a chart).
nlohmann::json chart_number(double value) {
  if (!std::isfinite(value)) return nullptr;
  if (value == 0) return 0.0;
  return std::stod(fmt::format("{:.{}g}", value, kSignificantDigits));
}

nlohmann::json chart_numbers(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  out.get_ref<nlohmann::json::array_t&>().reserve(values.size());
  for (const double v : values) out.push_back(chart_number(v));
  return out;
}

std::string_view style_name(SeriesStyle style) {
  switch (style) {
    case SeriesStyle::kLine:
      return "line";
    case SeriesStyle::kDashed:
      return "dashed";
    case SeriesStyle::kPoints:
      return "points";
    case SeriesStyle::kBars:
      return "bars";
    case SeriesStyle::kStep:
      return "step";
    case SeriesStyle::kHistogram:
      return "histogram";
  }
  return "line";
}

nlohmann::json to_json(const Chart& chart) {
  for (const auto& s : chart.series) {
    if (s.y.size() != chart.x.size()) {
      throw Internal(fmt::format("render_html: chart '{}' series '{}' has {} values for {} x values",
                                 chart.id, s.label, s.y.size(), chart.x.size()));
    }
  }
  nlohmann::json out;
  out["id"] = chart.id;
  out["title"] = chart.title;
  out["x_label"] = chart.x_label;
  out["y_label"] = chart.y_label;
  out["y2_label"] = chart.y2_label;
  out["x_time"] = chart.x_is_time;
  out["y2_log"] = chart.y2_log;
  out["x"] = chart.x_is_time ? nlohmann::json(chart.x) : chart_numbers(chart.x);
  out["series"] = nlohmann::json::array();
  for (const auto& s : chart.series) {
    out["series"].push_back({{"label", s.label},
                             {"y", chart_numbers(s.y)},
                             {"style", style_name(s.style)},
                             {"color", s.color},
                             {"width", s.width},
                             {"right", s.right_axis}});
  }
  out["bands"] = nlohmann::json::array();
  for (const auto& b : chart.bands)
    out["bands"].push_back({{"upper", b.upper}, {"lower", b.lower}, {"fill", b.fill}});
  out["sync"] = chart.sync;
  out["note"] = chart.note;
  return out;
}

nlohmann::json to_json(const Table& table) {
  nlohmann::json out;
  out["id"] = table.id;
  out["title"] = table.title;
  out["columns"] = table.columns;
  out["rows"] = nlohmann::json::array();
  for (const auto& row : table.rows) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& cell : row) {
      nlohmann::json c;
      if (cell.is_number) {
        c["n"] = std::isfinite(cell.number) ? nlohmann::json(cell.number) : nlohmann::json(nullptr);
      } else {
        c["t"] = cell.text;
      }
      if (!cell.css_class.empty()) c["cls"] = cell.css_class;
      cells.push_back(std::move(c));
    }
    out["rows"].push_back(std::move(cells));
  }
  out["row_classes"] = table.row_classes;
  out["note"] = table.note;
  out["sortable"] = table.sortable;
  return out;
}

nlohmann::json to_json(const ReportModel& model) {
  nlohmann::json out;
  out["title"] = model.title;
  out["subtitle"] = model.subtitle;
  out["sections"] = nlohmann::json::array();
  for (const auto& section : model.sections) {
    nlohmann::json s;
    s["id"] = section.id;
    s["title"] = section.title;
    s["intro"] = section.intro;
    s["grid"] = section.grid;
    s["tables"] = nlohmann::json::array();
    for (const auto& table : section.tables) s["tables"].push_back(to_json(table));
    s["charts"] = nlohmann::json::array();
    for (const auto& chart : section.charts) s["charts"].push_back(to_json(chart));
    out["sections"].push_back(std::move(s));
  }
  return out;
}

// JSON placed inside <script type="application/json">: ASCII only (so U+2028/2029 are escaped too),
// and <, >, & escaped so no text in the data can close the element or open a comment. JSON has these
// characters only inside strings, where \u003c is an equivalent spelling.
std::string script_safe_json(const nlohmann::json& value) {
  const std::string text =
      value.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (const char ch : text) {
    switch (ch) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

}  // namespace

/// HTML-escapes text for element content and attribute values.
std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string render_html(const ReportModel& model) {
  const std::string data = script_safe_json(to_json(model));
  std::string page;
  page.reserve(data.size() + assets::uplot_js().size() + assets::report_js().size() + 8192);
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // No network access at all: everything the page needs is inline.
  page +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
      "'unsafe-inline'; "
      "style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; form-action 'none'\">\n";
  page += "<meta name=\"generator\" content=\"stockcast " STOCKCAST_VERSION "\">\n";
  page += "<title>" + escape_html(model.title) + "</title>\n";
  page += "<style>\n";
  page += assets::uplot_css();
  page += "\n</style>\n<style>\n";
  page += assets::report_css();
  page += "\n</style>\n</head>\n<body>\n";
  page +=
      "<noscript><p>This report draws its tables and charts with JavaScript; please enable "
      "it.</p></noscript>\n";
  page += "<main id=\"report\"></main>\n";
  page += "<script type=\"application/json\" id=\"stockcast-data\">";
  page += data;
  page += "</script>\n<script>\n";
  page += assets::uplot_js();
  page += "\n</script>\n<script>\n";
  page += assets::report_js();
  page += "\n</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace stockcast::report
