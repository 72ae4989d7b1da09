#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.hpp"
#include "result_fixture.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/report/figures.hpp"
#include "stockcast/report/report.hpp"
#include "stockcast/report/series_stats.hpp"
#include "test_paths.hpp"

namespace stockcast::report {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("stockcast_report_" + std::to_string(::getpid()) + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const PriceSeries& goog() {
  static const PriceSeries series =
      data::read_prices(test::data_file("kaggle_stock_market_data/GOOG.csv")).series;
  return series;
}

std::map<std::string, const Chart*> charts_by_id(const ReportModel& model) {
  std::map<std::string, const Chart*> out;
  for (const auto& section : model.sections) {
    for (const auto& chart : section.charts) out[chart.id] = &chart;
  }
  return out;
}

// ---------------------------------------------------------------- statistics

TEST(SeriesStats, NormalQuantileMatchesScipyAndInvertsTheCdf) {
  // scipy.stats.norm.ppf
  const std::vector<std::pair<double, double>> cases{{1e-10, -6.361340902404056},
                                                     {0.001, -3.090232306167813},
                                                     {0.02, -2.053748910631823},
                                                     {0.3, -0.5244005127080409},
                                                     {0.5, 0.0},
                                                     {0.975, 1.959963984540054},
                                                     {0.999999, 4.753424308817087}};
  for (const auto& [p, z] : cases)
    EXPECT_NEAR(normal_quantile(p), z, 1e-12 * std::max(1.0, std::abs(z))) << p;
  for (double p = 0.0005; p < 1; p += 0.0173) {
    EXPECT_NEAR(0.5 * std::erfc(-normal_quantile(p) / std::sqrt(2.0)), p, 1e-14) << p;
  }
  EXPECT_THROW((void)normal_quantile(0), InvalidInput);
  EXPECT_THROW((void)normal_quantile(1), InvalidInput);
}

TEST(SeriesStats, MovingAverageHistogramAndQuantile) {
  const std::vector<double> x{1, 2, 3, 4, 5};
  const auto ma = moving_average(x, 3);
  EXPECT_TRUE(std::isnan(ma[1]));
  EXPECT_DOUBLE_EQ(ma[2], 2);
  EXPECT_DOUBLE_EQ(ma[4], 4);
  EXPECT_THROW((void)moving_average(x, 0), InvalidInput);
  const auto density = histogram_density(x, 0, 10, 4);
  double area = 0;
  for (const double d : density) area += d * 2.5;
  EXPECT_NEAR(area, 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(density[0], 2.0 / (5 * 2.5));  // 1 and 2 fall into [0, 2.5)
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 0.5), 3);
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 0.125), 1.5);
  EXPECT_NEAR(normal_pdf(0, 0, 1), 0.3989422804014327, 1e-15);
}

// ---------------------------------------------------------------- loading

TEST_F(TempDir, LoadingErrorsNameTheProblem) {
  EXPECT_THROW((void)load_result_dir(dir_ / "missing"), IoError);
  try {
    (void)load_result_dir(dir_);
    FAIL() << "an empty directory must be an error";
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.csv"), std::string::npos) << e.what();
  }
  std::ofstream(dir_ / "metrics.csv") << "model,split,mse\nlstm,val,0.5\nnaive,val,abc\n";
  try {
    (void)load_result_dir(dir_);
    FAIL() << "a malformed file must be an error";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.csv: line 3, column 'mse': 'abc' is not a number"),
              std::string::npos)
        << e.what();
  }
  std::ofstream(dir_ / "metrics.csv") << "model,split,mse\nlstm,val,0.5\n";
  std::ofstream(dir_ / "run.json") << "{ not json";
  EXPECT_THROW((void)load_result_dir(dir_), FormatError);
}

// ---------------------------------------------------------------- the model

TEST_F(TempDir, EveryChartOfAFullResultDirectoryFromBundledData) {
  test::FixtureOptions options;
  const auto expected = test::write_result_fixture(dir_, goog(), options);
  const auto model = build_report_model(load_result_dir(dir_));
  const auto charts = charts_by_id(model);
  EXPECT_EQ(charts.size(), expected.size());
  for (const auto& e : expected) {
    ASSERT_TRUE(charts.contains(e.id)) << e.id;
    const Chart& chart = *charts.at(e.id);
    EXPECT_EQ(chart.series.size(), e.series) << e.id;
    EXPECT_EQ(chart.x.size(), e.points) << e.id;
    EXPECT_FALSE(chart.title.empty()) << e.id;
    EXPECT_FALSE(chart.x_label.empty()) << e.id;
    EXPECT_FALSE(chart.y_label.empty()) << e.id;
    for (const auto& s : chart.series) EXPECT_EQ(s.y.size(), chart.x.size()) << e.id << " " << s.label;
  }
  // Axis labels carry units.
  EXPECT_EQ(charts.at("pred-val")->y_label, "Close price (USD)");
  EXPECT_EQ(charts.at("loss-mean-2")->y_label, "Loss (mse, scaled data)");
  EXPECT_EQ(charts.at("data-returns")->y_label, "Daily log return (%)");
  // Moving averages are real trailing means of the close.
  const Chart& price = *charts.at("data-price");
  const auto close = goog().close();
  EXPECT_TRUE(std::isnan(price.series[1].y[8]));
  double sum = 0;
  for (std::size_t t = 0; t < 10; ++t) sum += close[t];
  EXPECT_NEAR(price.series[1].y[9], sum / 10, 1e-9);
  // The real series of the ACF/PACF charts are eval's acf/pacf of the percent log returns.
  const auto returns = eval::log_returns(close, 100.0);
  const auto acf = eval::acf(returns, 5);
  const auto pacf = eval::pacf(returns, 5);
  EXPECT_DOUBLE_EQ(charts.at("synth-acf")->series[0].y[0], acf[1]);
  EXPECT_DOUBLE_EQ(charts.at("synth-acf")->series[0].y[4], acf[5]);
  EXPECT_DOUBLE_EQ(charts.at("synth-pacf")->series[0].y[2], pacf[2]);
  EXPECT_NEAR(charts.at("synth-acf")->series[2].y[0], 1.959963984540054 / std::sqrt(returns.size()), 1e-15);
}

TEST_F(TempDir, SettingsAreFlattened) {
  io::RunInfo run;
  run.command = "compare";
  run.settings = {
      {"run", {{"window", 30}, {"split", {0.7, 0.15, 0.15}}}},
      {"models", {{{"name", "lstm"}, {"kind", "lstm"}, {"options", {{"units", 50}}}}, {{"kind", "naive"}}}}};
  io::write_run_json(dir_, run);
  io::write_data_csv(dir_, goog().slice(0, 50));
  const auto model = build_report_model(load_result_dir(dir_));
  const Table& table = model.sections.at(0).tables.at(0);
  std::map<std::string, std::string> values;
  for (const auto& row : table.rows) values[row[0].text] = row[1].text;
  EXPECT_EQ(values["command"], "compare");
  EXPECT_EQ(values["run.window"], "30");
  EXPECT_EQ(values["run.split"], "0.7, 0.15, 0.15");
  EXPECT_EQ(values["models.lstm.options.units"], "50");
  EXPECT_EQ(values["models.lstm.kind"], "lstm");
  EXPECT_EQ(values["models[1].kind"], "naive");
}

TEST_F(TempDir, NamedModelsBecomeOneCompactTable) {
  // Paper A's set in miniature: two networks differing in units and dropout (only one has dropout),
  // sharing lr; naive has only the target, which every model shares.
  const nlohmann::json nets = {
      {{"name", "lstm-small"},
       {"kind", "lstm"},
       {"options", {{"units", 10}, {"lr", 0.001}, {"target", "close"}}}},
      {{"name", "lstm-big"},
       {"kind", "lstm"},
       {"options", {{"units", 50}, {"dropout", 0.2}, {"lr", 0.001}, {"target", "close"}}}},
      {{"name", "naive"}, {"kind", "naive"}, {"options", {{"target", "close"}}}}};
  io::RunInfo run;
  run.command = "compare";
  run.settings = {{"run", {{"split", "0.7,0.15,0.15"}}}, {"models", nets}};
  io::write_run_json(dir_, run);
  io::write_data_csv(dir_, goog().slice(0, 50));
  const auto model = build_report_model(load_result_dir(dir_));
  const auto& tables = model.sections.at(0).tables;
  const Table& settings = tables.at(0);
  std::map<std::string, std::string> values;
  for (const auto& row : settings.rows) values[row[0].text] = row[1].text;
  EXPECT_EQ(values["models: lr"], "0.001");
  EXPECT_EQ(values["models: target"], "close");
  EXPECT_EQ(values.count("models: dropout"), 0U) << "dropout is not shared: lstm-small has none";
  EXPECT_EQ(values["run.split"], "0.7,0.15,0.15");
  for (const auto& [key, value] : values) EXPECT_EQ(key.find("lstm-big"), std::string::npos) << key;

  const auto found =
      std::find_if(tables.begin(), tables.end(), [](const Table& t) { return t.id == "models"; });
  ASSERT_NE(found, tables.end());
  EXPECT_EQ(found->columns, (std::vector<std::string>{"Model", "Kind", "units", "dropout"}));
  ASSERT_EQ(found->rows.size(), 3U);
  EXPECT_EQ(found->rows[0][2].text, "10");
  EXPECT_EQ(found->rows[0][3].text, "\u2013");
  EXPECT_EQ(found->rows[1][3].text, "0.2");
  EXPECT_EQ(found->rows[2][1].text, "naive");
}

TEST_F(TempDir, FittedModelCoefficientsAndStatistics) {
  nlohmann::ordered_json fit = {{"model", "arima"},
                                {"description", "ARIMA(1,1,1) on close"},
                                {"order", {1, 1, 1}},
                                {"params", {{"ar.L1", 0.5}, {"ma.L1", -0.2}, {"sigma2", 4.0}}},
                                {"std_errors", {{"ar.L1", 0.1}, {"ma.L1", nullptr}, {"sigma2", 0.5}}},
                                {"loglik", -1234.5},
                                {"converged", true},
                                {"ljung_box", {{"lags", 10}, {"statistic", 12.5}, {"p_value", 0.25}}},
                                {"warnings", {"looks like a price level"}}};
  io::write_fit_json(dir_, fit);
  const auto model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 1u);
  EXPECT_EQ(model.sections[0].id, "fit");
  EXPECT_EQ(model.sections[0].intro, "ARIMA(1,1,1) on close");
  const Table& coefficients = model.sections[0].tables.at(0);
  ASSERT_EQ(coefficients.rows.size(), 3u);
  EXPECT_EQ(coefficients.rows[0][0].text, "ar.L1");
  EXPECT_DOUBLE_EQ(coefficients.rows[0][3].number, 5.0);                      // z
  EXPECT_NEAR(coefficients.rows[0][4].number, 5.733031437583878e-07, 1e-18);  // 2(1 - Phi(5))
  EXPECT_TRUE(std::isnan(coefficients.rows[1][2].number));                    // no standard error
  const Table& stats = model.sections[0].tables.at(1);
  std::map<std::string, std::string> text;
  for (const auto& row : stats.rows)
    text[row[0].text] = row[1].is_number ? std::to_string(row[1].number) : row[1].text;
  EXPECT_EQ(text["order"], "1, 1, 1");
  EXPECT_EQ(text["converged"], "true");
  EXPECT_TRUE(text.contains("Ljung-Box p-value"));
  EXPECT_NE(stats.note.find("price level"), std::string::npos);
}

TEST_F(TempDir, ModelsThatDoNotBeatNaiveAreMarked) {
  auto row = [](std::string model, double mse, double skill, double p) {
    io::MetricsRow r;
    r.model = std::move(model);
    r.split = "test";
    r.mse = mse;
    r.skill_vs_naive = skill;
    r.dm_pvalue = p;
    return r;
  };
  const std::vector<io::MetricsRow> rows{row("naive", 1, 0, std::nan("")), row("lstm", 1.5, -0.5, 0.001),
                                         row("gru", 0.5, 0.5, 0.01), row("drift", 0.999, 0.001, 0.27),
                                         row("ar", 0.9, 0.1, std::nan(""))};
  io::write_metrics(dir_, rows);
  const auto model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 1u);
  const Table& table = model.sections[0].tables.at(0);
  EXPECT_EQ(table.row_classes, (std::vector<std::string>{"reference", "worse-than-naive", "better-than-naive",
                                                         "not-significant", ""}));
  EXPECT_EQ(table.rows[1][2].text, "✗ does not beat naive (worse)");
  EXPECT_EQ(table.rows[3][2].text, "✗ does not beat naive (not significant, DM p ≥ 0.05)");
  // The verdict comes first; columns missing for every model are left out.
  EXPECT_EQ(table.columns,
            (std::vector<std::string>{"Model", "Split", "Verdict", "Skill vs naive", "DM p-value", "MSE"}));
  EXPECT_NE(table.note.find("2 row(s) marked"), std::string::npos) << table.note;
  const std::string html = render_html(model);
  EXPECT_NE(html.find("worse-than-naive"), std::string::npos);
}

TEST_F(TempDir, PartialDirectoriesGiveOnlyTheirSections) {
  // Generated paths without real data (fBm needs none).
  io::write_paths_csv(
      dir_ / "paths.csv",
      std::vector<io::PathSet>{{"", {{100, 101, 99, 102, 103, 101, 104, 102, 105, 103, 106, 104}}}});
  auto model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 1u);
  EXPECT_EQ(model.sections[0].id, "synthetic");
  const auto charts = charts_by_id(model);
  EXPECT_EQ(charts.at("synth-paths")->series.size(), 1u);  // no real series without data.csv
  EXPECT_EQ(charts.at("synth-acf")->series.size(), 3u);    // synthetic + two band lines
  // A fidelity table alone, and beside the data.
  fs::remove(dir_ / "paths.csv");
  io::write_fidelity_csv(dir_, std::vector<io::FidelityRow>{{"garch", "kurtosis", 5.0, 4.0}});
  model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 1u);
  EXPECT_EQ(model.sections[0].tables.at(0).id, "fidelity");
  io::write_data_csv(dir_, goog().slice(0, 300));
  model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 3u);  // summary, fidelity, the data
  EXPECT_EQ(model.sections[1].tables.at(0).id, "fidelity");
  // Data only.
  fs::remove(dir_ / "fidelity.csv");
  io::write_data_csv(dir_, goog().slice(0, 300));
  model = build_report_model(load_result_dir(dir_));
  ASSERT_EQ(model.sections.size(), 2u);  // summary + the data
  EXPECT_EQ(model.sections[1].charts.size(), 3u);
}

// ---------------------------------------------------------------- the page

TEST_F(TempDir, EmbeddedTextCannotBreakThePage) {
  const std::string evil = "</script><script>alert(1)</script><!--";
  io::PredictionTable table;
  table.dates = {goog().date(0), goog().date(1)};
  table.splits = {"test", "test"};
  table.actual = {1, 2};
  table.naive = {1, 1};
  table.models = {{evil, {1.5, 2.5}}};
  io::write_predictions_csv(dir_, table);
  io::RunInfo run;
  run.command = "compare";
  run.title = "<b>" + evil;
  run.settings = {{"model", evil}, {"sep", "\u2028"}};
  io::write_run_json(dir_, run);
  const auto html_path = write_report(dir_);
  const std::string html = slurp(html_path);
  EXPECT_EQ(count(html, "</script"), 3u);  // data, uPlot, report script
  EXPECT_EQ(count(html, "<script"), 3u);
  EXPECT_EQ(html.find("alert(1)</"), std::string::npos);
  EXPECT_NE(html.find("<title>&lt;b&gt;&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("\u2028"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
}

TEST_F(TempDir, ThePageIsSelfContained) {
  io::write_data_csv(dir_, goog().slice(0, 100));
  const std::string html = slurp(write_report(dir_));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  EXPECT_NE(html.find("var uPlot="), std::string::npos);  // the embedded library
  EXPECT_NE(html.find("id=\"stockcast-data\""), std::string::npos);
  for (const char* external : {"<link", " src=", "<img", "@import", "url(http", "fetch("}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  EXPECT_FALSE(fs::exists(dir_ / "figures"));
}

// ---------------------------------------------------------------- figures

std::pair<unsigned, unsigned> png_size(const fs::path& path) {
  const std::string bytes = slurp(path);
  EXPECT_GE(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << path;
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  auto be32 = [&](std::size_t at) {
    return (unsigned(static_cast<unsigned char>(bytes[at])) << 24) |
           (unsigned(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (unsigned(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           unsigned(static_cast<unsigned char>(bytes[at + 3]));
  };
  return {be32(16), be32(20)};
}

TEST_F(TempDir, PngAndSvgFiguresOfTheData) {
  io::write_data_csv(dir_, goog().slice(0, 400));
  const auto model = build_report_model(load_result_dir(dir_));
  FigureOptions options;
  const auto png = write_figures(model, dir_ / "png", options);
  ASSERT_EQ(png.size(), 3u);
  EXPECT_EQ(png[0].filename(), "data-price.png");
  for (const auto& file : png) {
    EXPECT_EQ(png_size(file), std::make_pair(1200u, 600u)) << file;
    EXPECT_GT(fs::file_size(file), 10000u) << file;  // a drawn chart, not an empty canvas
  }
  options.format = FigureFormat::kSvg;
  options.width = 800;
  options.height = 500;
  const auto svg = write_figures(model, dir_ / "svg", options);
  ASSERT_EQ(svg.size(), 3u);
  for (const auto& file : svg) {
    const std::string text = slurp(file);
    EXPECT_NE(text.find("<svg"), std::string::npos) << file;
    EXPECT_NE(text.find("width=\"800\" height=\"500\""), std::string::npos) << file;
    EXPECT_NE(text.find("<path"), std::string::npos) << file;
  }
  for (const auto& entry : fs::directory_iterator(dir_ / "png")) {
    EXPECT_NE(entry.path().filename().string().front(), '.') << "temporary file left: " << entry.path();
  }
}

TEST_F(TempDir, MissingGnuplotIsAClearIoError) {
  io::write_data_csv(dir_, goog().slice(0, 50));
  ReportOptions options;
  options.figures = FigureFormat::kPng;
  options.gnuplot = "/nonexistent/gnuplot";
  try {
    (void)write_report(dir_, options);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("gnuplot-nox"), std::string::npos) << e.what();
  }
  options.gnuplot = "stockcast-no-such-gnuplot";
  EXPECT_THROW((void)write_report(dir_, options), IoError);
  EXPECT_THROW((void)parse_figure_format("jpeg"), InvalidInput);
}

// ---------------------------------------------------------------- the CLI

TEST_F(TempDir, CliReportAndPlot) {
  const std::string csv = test::data_file("kaggle_stock_market_data/GOOG.csv").string();
  auto result = test::run_cli({"report", "--data", csv, "--out", dir_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "report: " + (dir_ / "report.html").string() + "\n");
  EXPECT_TRUE(fs::exists(dir_ / "data.csv"));
  fs::remove(dir_ / "report.html");
  result = test::run_cli({"report", dir_.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(dir_ / "report.html"));

  result = test::run_cli({"plot", dir_.string(), "--format", "svg"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("data-price.svg"), std::string::npos) << result.out;
  EXPECT_TRUE(fs::exists(dir_ / "figures" / "data-returns.svg"));

  EXPECT_EQ(test::run_cli({"report", (dir_ / "nope").string()}).exit_code, 4);
  EXPECT_EQ(test::run_cli({"report"}).exit_code, 3);
  EXPECT_EQ(test::run_cli({"report", dir_.string(), "--figures", "gif"}).exit_code, 3);
  result = test::run_cli({"report", dir_.string(), "--figures", "png", "--gnuplot", "/nonexistent/gnuplot"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("gnuplot"), std::string::npos) << result.err;
  fs::create_directories(dir_ / "empty");
  EXPECT_EQ(test::run_cli({"plot", (dir_ / "empty").string()}).exit_code, 3);
}

TEST_F(TempDir, FitWritesAResultDirectoryWithItsReport) {
  const std::string csv = test::data_file("kaggle_stock_market_data/GOOG.csv").string();
  auto result = test::run_cli({"fit", "--model", "arima", "--order", "1,1,1", "--data", csv, "--horizon", "5",
                               "--out", (dir_ / "arima").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("report: " + (dir_ / "arima" / "report.html").string()), std::string::npos);
  auto model = build_report_model(load_result_dir(dir_ / "arima"));
  auto charts = charts_by_id(model);
  ASSERT_TRUE(charts.contains("fan-ARIMA_1_1_1_")) << charts.begin()->first;
  EXPECT_EQ(charts.at("fan-ARIMA_1_1_1_")->x.size(), 60u + 5u);
  EXPECT_EQ(model.sections.at(1).id, "fit");

  result =
      test::run_cli({"fit", "--model", "garch", "--data", csv, "--json", "--out", (dir_ / "garch").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);  // stdout stays one JSON object
  EXPECT_EQ(json["report"], (dir_ / "garch" / "report.html").string());
  model = build_report_model(load_result_dir(dir_ / "garch"));
  charts = charts_by_id(model);
  std::size_t volatility_charts = 0;
  for (const auto& [id, chart] : charts) volatility_charts += id.starts_with("vol-") ? 1 : 0;
  EXPECT_EQ(volatility_charts, 2u);  // whole history, and the last year with the forecast
}

}  // namespace
}  // namespace stockcast::report
