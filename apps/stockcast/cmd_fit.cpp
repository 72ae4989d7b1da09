// stockcast fit: fit one statistical model (AR, ARIMA, auto-ARIMA, GARCH, GJR-GARCH) to a price
// file and print its coefficients with standard errors, log-likelihood, information criteria,
// residual diagnostics and the next forecasts (prices with intervals; variance and volatility of the
// returns for GARCH). --json prints the same as one JSON object (keys as statsmodels and arch name
// the parameters).
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "data_options.hpp"
#include "report_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/distributions.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/models/stat/arima.hpp"
#include "stockcast/models/stat/auto_arima.hpp"
#include "stockcast/models/stat/autoreg.hpp"
#include "stockcast/models/stat/forecasters.hpp"
#include "stockcast/models/stat/garch.hpp"

namespace stockcast::cli {
namespace {

namespace stat = models::stat;
using Json = nlohmann::ordered_json;

struct FitArgs {
  std::string model;
  std::string data;
  std::string order;
  std::string trend;
  std::string transform;
  std::string likelihood = "statsmodels";
  std::string dist = "normal";
  std::string mean = "constant";
  std::string select;
  int lags = 5;
  int horizon = 10;
  double level = 0.95;
  bool exhaustive = false;
  bool json = false;
  std::string out;          // --out DIR: result directory with report.html (docs/result-files.md)
  ReportCliOptions report;  // --figures, --gnuplot
  DataCliOptions data_options;
};

// "p,d,q" (ARIMA) or "p,q" (GARCH) into integers.
std::vector<int> parse_order(const std::string& text, std::size_t count) {
  std::vector<int> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string part =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t used = 0;
    int value = 0;
    try {
      value = std::stoi(part, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (part.empty() || used != part.size() || value < 0) {
      throw InvalidInput(
          fmt::format("--order '{}': expected {} non-negative integers separated by commas", text, count));
    }
    values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (values.size() != count) {
    throw InvalidInput(
        fmt::format("--order '{}': expected {} values ({})", text, count, count == 3 ? "p,d,q" : "p,q"));
  }
  return values;
}

Json named(const std::vector<std::string>& names, const Eigen::VectorXd& values) {
  Json j = Json::object();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double v = values[static_cast<Eigen::Index>(i)];
    j[names[i]] = std::isfinite(v) ? Json(v) : Json(nullptr);
  }
  return j;
}

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

void print_coefficients(const std::vector<std::string>& names, const Eigen::VectorXd& params,
                        const Eigen::VectorXd& std_errors) {
  fmt::print("  {:<12}{:>14}{:>12}{:>9}{:>9}\n", "coefficient", "estimate", "std.error", "z", "P>|z|");
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    const double se = k < std_errors.size() ? std_errors[k] : std::numeric_limits<double>::quiet_NaN();
    if (std::isfinite(se) && se > 0) {
      const double z = params[k] / se;
      const double p = 2.0 * (1.0 - eval::normal_cdf(std::abs(z)));
      fmt::print("  {:<12}{:>14.6g}{:>12.4g}{:>9.2f}{:>9.3f}\n", names[i], params[k], se, z, p);
    } else {
      fmt::print("  {:<12}{:>14.6g}{:>12}{:>9}{:>9}\n", names[i], params[k], "-", "-", "-");
    }
  }
}

// What every maximum-likelihood fit (ARIMA, GARCH) reports, keyed as docs/statistical-models.md says.
template <typename Fit>
void add_likelihood_fit(Json& j, const Fit& fit) {
  j["params"] = named(fit.names, fit.params);
  j["std_errors"] = named(fit.names, fit.std_errors);
  j["loglik"] = fit.loglik;
  j["aic"] = fit.aic;
  j["aicc"] = number(fit.aicc);
  j["bic"] = fit.bic;
  j["nobs"] = fit.nobs;
  j["converged"] = fit.converged;
  j["optimizer_status"] = fit.optimizer_status;
}

Json forecast_json(const models::Forecast& f) {
  Json rows = Json::array();
  for (std::size_t h = 0; h < f.mean.size(); ++h) {
    rows.push_back({{"date", to_string(f.dates[h])},
                    {"value", number(f.mean[h])},
                    {"lower", number(f.lower[h])},
                    {"upper", number(f.upper[h])}});
  }
  return rows;
}

void print_forecast(const models::Forecast& f) {
  fmt::print("Forecast ({:g}% interval)\n", 100 * f.level);
  fmt::print("  {:<12}{:>14}{:>14}{:>14}\n", "date", "value", "lower", "upper");
  for (std::size_t h = 0; h < f.mean.size(); ++h) {
    fmt::print("  {:<12}{:>14.6g}{:>14.6g}{:>14.6g}\n", to_string(f.dates[h]), f.mean[h], f.lower[h],
               f.upper[h]);
  }
}

void print_header(const data::ReadResult& read, const std::string& what) {
  const auto& s = read.series;
  fmt::print("{} on {} ({}, {} days, {} .. {})\n", what, s.ticker(), read.path.string(), s.size(),
             to_string(s.first_date()), to_string(s.last_date()));
}

// --out DIR: run.json, data.csv, fit.json, forecast.csv (prices with intervals) or volatility.csv
// (GARCH), then report.html. Returns the report's path.
std::string write_fit_dir(const FitArgs& args, const data::ReadResult& read, const Json& fit,
                          const models::Forecast* forecast,
                          const std::vector<io::VolatilityRow>* volatility) {
  io::RunInfo run;
  run.command = "fit";
  run.settings = {{"model", args.model},         {"order", args.order},     {"trend", args.trend},
                  {"transform", args.transform}, {"horizon", args.horizon}, {"level", args.level}};
  run.data_path = args.data;
  io::write_run_json(args.out, run, &read.series);
  io::write_data_csv(args.out, read.series);
  io::write_fit_json(args.out, fit);
  if (forecast != nullptr && forecast->has_intervals()) {
    io::ForecastTable table;
    table.levels = {static_cast<int>(std::lround(100 * forecast->level))};
    for (std::size_t h = 0; h < forecast->mean.size(); ++h) {
      table.rows.push_back({fit.value("description", args.model),
                            forecast->dates[h],
                            forecast->mean[h],
                            {forecast->lower[h]},
                            {forecast->upper[h]}});
    }
    io::write_forecast_csv(args.out, table);
  }
  if (volatility != nullptr) io::write_volatility_csv(args.out, *volatility);
  return report::write_report(args.out, to_report_options(args.report)).string();
}

// ---------------------------------------------------------------- AR / ARIMA

void fit_ar(const FitArgs& args, const data::ReadResult& read) {
  stat::ArForecasterOptions options;
  options.lags = args.lags;
  if (!args.select.empty()) options.select = stat::parse_information_criterion(args.select, "--select");
  if (!args.trend.empty()) {
    const nlohmann::json j = {{"trend", args.trend}};
    options.trend = stat::ArForecasterOptions::from_json(j).trend;
  }
  options.transform = stat::parse_transform(args.transform.empty() ? "none" : args.transform, "--transform");
  options.level = args.level;
  options.validate();
  stat::ArForecaster model(options);
  model.fit(read.series, {});
  const auto& fit = model.fitted();
  const auto forecast = model.predict(read.series, args.horizon);
  std::vector<std::string> names = fit.names;
  names.emplace_back("sigma2");
  Eigen::VectorXd params(fit.params.size() + 1);
  params << fit.params, fit.sigma2;
  Eigen::VectorXd ses(fit.std_errors.size() + 1);
  ses << fit.std_errors, std::numeric_limits<double>::quiet_NaN();
  const int df = std::max(1, std::min(10, static_cast<int>(fit.residuals.size() / 5)) - fit.lags);
  const int lb_lags = df + fit.lags;
  std::optional<eval::LjungBox> lb;
  if (static_cast<std::size_t>(lb_lags) < fit.residuals.size() && !eval::is_constant(fit.residuals)) {
    lb = eval::ljung_box(fit.residuals, lb_lags, fit.lags);
  }
  std::string report_path;
  if (args.json || !args.out.empty()) {
    Json j;
    j["model"] = "ar";
    j["description"] = model.describe();
    j["lags"] = fit.lags;
    j["transform"] = std::string(stat::to_string(options.transform));
    j["params"] = named(names, params);
    j["std_errors"] = named(names, ses);
    j["loglik"] = fit.loglik;
    j["aic"] = fit.aic;
    j["aicc"] = number(fit.aicc);
    j["bic"] = fit.bic;
    j["nobs"] = fit.nobs;
    j["converged"] = true;
    j["ljung_box"] =
        lb ? Json{{"lags", lb->lags}, {"df", lb->df}, {"statistic", lb->statistic}, {"p_value", lb->p_value}}
           : Json(nullptr);
    j["level"] = args.level;
    j["forecast"] = forecast_json(forecast);
    if (!args.out.empty()) j["report"] = report_path = write_fit_dir(args, read, j, &forecast, nullptr);
    if (args.json) {
      fmt::print("{}\n", j.dump(2));
      return;
    }
  }
  print_header(read, model.describe());
  print_coefficients(names, params, ses);
  fmt::print("  log-likelihood {:.4f}   AIC {:.4f}   AICc {:.4f}   BIC {:.4f}   ({} observations, OLS)\n",
             fit.loglik, fit.aic, fit.aicc, fit.bic, fit.nobs);
  if (lb)
    fmt::print("  Ljung-Box ({} lags, df {}): Q = {:.4f}, p = {:.4f}\n", lb->lags, lb->df, lb->statistic,
               lb->p_value);
  print_forecast(forecast);
  if (!report_path.empty()) fmt::print("report: {}\n", report_path);
}

void fit_arima_model(const FitArgs& args, const data::ReadResult& read) {
  const bool automatic = args.model == "auto-arima" || args.order.empty();
  if (args.model == "auto-arima" && !args.order.empty()) {
    throw InvalidInput(
        "fit --model auto-arima chooses the order itself; drop --order (or use --model arima)");
  }
  nlohmann::json options = {{"transform", args.transform.empty() ? "none" : args.transform},
                            {"likelihood", args.likelihood},
                            {"stepwise", !args.exhaustive},
                            {"level", args.level}};
  if (!automatic) {
    const auto o = parse_order(args.order, 3);
    options["order"] = {o[0], o[1], o[2]};
    if (!args.trend.empty()) options["trend"] = args.trend;
  } else if (!args.trend.empty()) {
    throw InvalidInput("--trend applies to a fixed --order; auto-ARIMA decides on a mean or drift itself");
  }
  const std::string kind = automatic ? "auto_arima" : "arima";
  auto opts = stat::ArimaForecasterOptions::from_json(options, kind);
  stat::ArimaForecaster model(kind, opts);
  model.fit(read.series, {});
  const auto& fit = *model.last_fit();
  const auto forecast = model.predict(read.series, args.horizon);
  const auto& order = fit.model.order();
  std::string report_path;
  if (args.json || !args.out.empty()) {
    Json j;
    j["model"] = args.model;
    j["description"] = model.describe();
    j["order"] = {order.p, order.d, order.q};
    j["transform"] = std::string(stat::to_string(opts.transform));
    j["likelihood"] = std::string(stat::to_string(fit.likelihood));
    add_likelihood_fit(j, fit);
    j["ljung_box"] = fit.ljung_box.lags > 0 ? Json{{"lags", fit.ljung_box.lags},
                                                   {"df", fit.ljung_box.df},
                                                   {"statistic", fit.ljung_box.statistic},
                                                   {"p_value", fit.ljung_box.p_value}}
                                            : Json(nullptr);
    j["level"] = args.level;
    j["forecast"] = forecast_json(forecast);
    if (!args.out.empty()) j["report"] = report_path = write_fit_dir(args, read, j, &forecast, nullptr);
    if (args.json) {
      fmt::print("{}\n", j.dump(2));
      return;
    }
  }
  print_header(read, fmt::format("{}{}", model.describe(), automatic ? " (selected by auto-ARIMA)" : ""));
  print_coefficients(fit.names, fit.params, fit.std_errors);
  fmt::print(
      "  log-likelihood {:.4f}   AIC {:.4f}   AICc {:.4f}   BIC {:.4f}   ({} observations, {} likelihood)\n",
      fit.loglik, fit.aic, fit.aicc, fit.bic, fit.nobs, stat::to_string(fit.likelihood));
  fmt::print("  converged: {} ({})\n", fit.converged ? "yes" : "NO", fit.optimizer_status);
  if (fit.ljung_box.lags > 0) {
    fmt::print("  Ljung-Box on standardised residuals ({} lags, df {}): Q = {:.4f}, p = {:.4f}\n",
               fit.ljung_box.lags, fit.ljung_box.df, fit.ljung_box.statistic, fit.ljung_box.p_value);
  }
  print_forecast(forecast);
  if (!report_path.empty()) fmt::print("report: {}\n", report_path);
}

// ---------------------------------------------------------------- GARCH

void fit_garch_model(const FitArgs& args, const data::ReadResult& read) {
  stat::GarchOptions options;
  if (!args.order.empty()) {
    const auto o = parse_order(args.order, 2);
    options.p = o[0];
    options.q = o[1];
  }
  if (args.model == "gjr-garch") options.o = 1;
  options.mean = stat::parse_garch_mean(args.mean, "--mean");
  options.distribution = stat::parse_garch_distribution(args.dist, "--dist");
  options.validate("fit");
  const std::string transform = args.transform.empty() ? "return" : args.transform;
  if (transform == "log") {
    throw InvalidInput(
        "fit --model garch: --transform must be return (percent log returns) or none (the series as "
        "it is)");
  }
  const auto close = read.series.close();
  const std::vector<double> y = transform == "return" ? eval::log_returns(close, 100.0)
                                                      : std::vector<double>(close.begin(), close.end());
  if (transform != "return" && transform != "none") {
    throw InvalidInput(fmt::format("--transform '{}': expected return or none for GARCH", transform));
  }
  const auto fit = stat::fit_garch(y, options);
  const auto forecast = fit.forecast(args.horizon);
  const auto dates = models::forecast_dates(read.series.last_date(), args.horizon);
  std::string report_path;
  if (args.json || !args.out.empty()) {
    Json j;
    j["model"] = args.model;
    j["description"] = options.describe();
    j["series"] =
        transform == "return" ? "percent log returns 100 log(close_t / close_{t-1})" : "close as given";
    add_likelihood_fit(j, fit);
    j["persistence"] = fit.model.persistence();
    j["warnings"] = fit.warnings;
    Json rows = Json::array();
    for (std::size_t h = 0; h < forecast.variance.size(); ++h) {
      rows.push_back({{"date", to_string(dates[h])},
                      {"mean", forecast.mean[h]},
                      {"variance", forecast.variance[h]},
                      {"volatility", forecast.volatility[h]}});
    }
    j["forecast"] = rows;
    if (!args.out.empty()) {
      // Conditional volatility of the fitted percent returns (aligned at the end: an AR(1) mean
      // has one residual fewer), then its forecast.
      std::vector<io::VolatilityRow> volatility;
      const auto& vol = fit.conditional_volatility();
      if (transform == "return" && vol.size() <= y.size()) {
        const std::size_t offset = y.size() - vol.size();
        for (std::size_t i = 0; i < vol.size(); ++i) {
          volatility.push_back({options.describe(), read.series.date(offset + i + 1), y[offset + i], vol[i]});
        }
        for (std::size_t h = 0; h < forecast.volatility.size(); ++h) {
          volatility.push_back({options.describe(), dates[h], io::kMissing, forecast.volatility[h]});
        }
      }
      j["report"] = report_path =
          write_fit_dir(args, read, j, nullptr, volatility.empty() ? nullptr : &volatility);
    }
    if (args.json) {
      fmt::print("{}\n", j.dump(2));
      return;
    }
  }
  print_header(read, fmt::format("{} on {}", options.describe(),
                                 transform == "return" ? "percent log returns" : "the close as given"));
  for (const auto& w : fit.warnings) fmt::print("  warning: {}\n", w);
  print_coefficients(fit.names, fit.params, fit.std_errors);
  fmt::print("  log-likelihood {:.4f}   AIC {:.4f}   AICc {:.4f}   BIC {:.4f}   ({} observations)\n",
             fit.loglik, fit.aic, fit.aicc, fit.bic, fit.nobs);
  fmt::print("  persistence {:.4f}   converged: {} ({})\n", fit.model.persistence(),
             fit.converged ? "yes" : "NO", fit.optimizer_status);
  fmt::print(
      "Forecast of the next returns: mean, conditional variance and volatility (standard deviation)\n");
  fmt::print("  {:<12}{:>12}{:>14}{:>14}\n", "date", "mean", "variance", "volatility");
  for (std::size_t h = 0; h < forecast.variance.size(); ++h) {
    fmt::print("  {:<12}{:>12.5g}{:>14.5g}{:>14.5g}\n", to_string(dates[h]), forecast.mean[h],
               forecast.variance[h], forecast.volatility[h]);
  }
  if (!report_path.empty()) fmt::print("report: {}\n", report_path);
}

void run_fit(const FitArgs& args) {
  if (args.horizon < 1) throw InvalidInput(fmt::format("--horizon must be at least 1, got {}", args.horizon));
  if (!(args.level > 0 && args.level < 1)) {
    throw InvalidInput(fmt::format("--level must lie strictly between 0 and 1, got {}", args.level));
  }
  const auto read = data::read_prices(args.data, to_read_options(args.data_options));
  if (args.model == "ar") {
    fit_ar(args, read);
  } else if (args.model == "arima" || args.model == "auto-arima") {
    fit_arima_model(args, read);
  } else {
    fit_garch_model(args, read);
  }
}

}  // namespace

void add_fit_command(CLI::App& app) {
  auto args = std::make_shared<FitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "fit",
      "Fit a statistical model to a price file and print coefficients with standard errors, log-likelihood, "
      "AIC/AICc/BIC, residual diagnostics and the next forecasts (prices with intervals; for GARCH the "
      "variance and volatility of the next percent log returns). See docs/statistical-models.md.\n"
      "Example: stockcast fit --model arima --order 1,1,1 --data data/kaggle_stock_market_data/GOOG.csv "
      "--json");
  cmd->add_option("--model", args->model, "ar | arima | auto-arima | garch | gjr-garch")
      ->required()
      ->check(CLI::IsMember({"ar", "arima", "auto-arima", "garch", "gjr-garch"}));
  cmd->add_option("--data", args->data, "Price file")->required();
  cmd->add_option(
      "--order", args->order,
      "ARIMA orders p,d,q (arima; default: chosen by auto-ARIMA) or GARCH orders p,q (default 1,1)");
  cmd->add_option(
      "--trend", args->trend,
      "ARIMA with --order: n (none), c (constant of the differenced equation: mean for d = 0, drift "
      "for d = 1) or t (linear trend); default c for d = 0, n otherwise. AR: n, c, t or ct");
  cmd->add_option(
      "--transform", args->transform,
      "Series modelled: none | log | return (log returns; forecasts always in prices). Default none for "
      "AR/ARIMA; for GARCH return (percent log returns) or none");
  cmd->add_option("--likelihood", args->likelihood, "ARIMA likelihood convention: statsmodels | r | exact")
      ->capture_default_str();
  cmd->add_option("--lags", args->lags, "AR order p")->capture_default_str();
  cmd->add_option("--select", args->select, "AR: choose p up to 10 by aic | aicc | bic");
  cmd->add_option("--dist", args->dist, "GARCH innovations: normal | t")->capture_default_str();
  cmd->add_option("--mean", args->mean, "GARCH mean: zero | constant | ar1")->capture_default_str();
  cmd->add_flag("--exhaustive", args->exhaustive,
                "auto-ARIMA: search all orders with p + q <= 5 instead of stepwise");
  cmd->add_option("--horizon", args->horizon, "Number of days to forecast")->capture_default_str();
  cmd->add_option("--level", args->level, "Prediction-interval coverage")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print the fit as one JSON object");
  cmd->add_option(
      "--out", args->out,
      "Also write a result directory: run.json, data.csv, fit.json, forecast.csv or volatility.csv "
      "and report.html (docs/result-files.md)");
  add_report_options(*cmd, args->report);
  add_data_options(*cmd, args->data_options);
  cmd->callback([args] { run_fit(*args); });
}

}  // namespace stockcast::cli
