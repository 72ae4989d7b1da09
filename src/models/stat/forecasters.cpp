#include "stockcast/models/stat/forecasters.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/distributions.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/models/json_options.hpp"
#include "stockcast/models/stat/auto_arima.hpp"

namespace stockcast::models::stat {
namespace {

std::span<const double> target_of(const PriceSeries& series, const std::string& target,
                                  std::string_view where) {
  if (series.empty()) throw InvalidInput(fmt::format("{}: the series is empty", where));
  const auto values = series.column(target);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(fmt::format("{}: column '{}' holds {} at {}", where, target, values[i],
                                     stockcast::to_string(series.date(i))));
    }
  }
  return values;
}

void check_horizon(int horizon, std::string_view where) {
  if (horizon < 1) throw InvalidInput(fmt::format("{}: horizon {} must be >= 1", where, horizon));
}

void check_level(double level, std::string_view model) {
  if (!(level > 0 && level < 1)) {
    throw InvalidInput(fmt::format("model '{}': option 'level' must be in (0, 1), got {}", model, level));
  }
}

// Throws FormatError unless `state` is a config of model `kind` with "options" and "fitted".
const nlohmann::json& check_state(const ModelState& state, std::string_view kind) {
  const auto& c = state.config;
  if (!c.is_object() || !c.contains("kind") || !c["kind"].is_string()) {
    throw FormatError(fmt::format("{} model state: no 'kind' field", kind));
  }
  if (c["kind"].get<std::string>() != kind) {
    throw FormatError(
        fmt::format("{} model state: the state is of kind '{}'", kind, c["kind"].get<std::string>()));
  }
  if (!c.contains("options")) throw FormatError(fmt::format("{} model state: no 'options' field", kind));
  if (!c.contains("fitted") || !c["fitted"].is_object()) {
    throw FormatError(fmt::format("{} model state: no 'fitted' object", kind));
  }
  return c["fitted"];
}

template <typename T>
T state_field(const nlohmann::json& fitted, const char* key, std::string_view kind) {
  if (!fitted.contains(key)) throw FormatError(fmt::format("{} model state: no fitted '{}'", kind, key));
  try {
    return fitted.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(fmt::format("{} model state: fitted '{}': {}", kind, key, e.what()));
  }
}

std::string_view trend_code(AutoRegTrend trend) {
  switch (trend) {
    case AutoRegTrend::kNone:
      return "n";
    case AutoRegTrend::kConstant:
      return "c";
    case AutoRegTrend::kTrend:
      return "t";
    case AutoRegTrend::kConstantAndTrend:
      return "ct";
  }
  return "c";
}

AutoRegTrend parse_autoreg_trend(const std::string& text) {
  if (text == "n") return AutoRegTrend::kNone;
  if (text == "c") return AutoRegTrend::kConstant;
  if (text == "t") return AutoRegTrend::kTrend;
  if (text == "ct") return AutoRegTrend::kConstantAndTrend;
  throw InvalidInput(fmt::format("model 'ar': option 'trend' must be n, c, t or ct, got '{}'", text));
}

std::string_view trend_code(ArimaTrend trend) {
  switch (trend) {
    case ArimaTrend::kNone:
      return "n";
    case ArimaTrend::kConstant:
      return "c";
    case ArimaTrend::kLinear:
      return "t";
  }
  return "n";
}

ArimaTrend parse_arima_trend(const std::string& text, std::string_view model) {
  if (text == "n") return ArimaTrend::kNone;
  if (text == "c") return ArimaTrend::kConstant;
  if (text == "t") return ArimaTrend::kLinear;
  throw InvalidInput(fmt::format("model '{}': option 'trend' must be n, c or t, got '{}'", model, text));
}

// Converts forecasts of the transformed series back to prices: exp() for log prices; the
// cumulative sum of return forecasts (`se` already cumulative) on top of the last price.
Forecast to_prices(const IntervalForecast& f, Transform transform, double last_price, Date last_date) {
  Forecast out;
  out.dates = forecast_dates(last_date, static_cast<int>(f.mean.size()));
  out.level = f.level;
  out.mean.resize(f.mean.size());
  out.lower.resize(f.mean.size());
  out.upper.resize(f.mean.size());
  for (std::size_t h = 0; h < f.mean.size(); ++h) {
    switch (transform) {
      case Transform::kNone:
        out.mean[h] = f.mean[h];
        out.lower[h] = f.lower[h];
        out.upper[h] = f.upper[h];
        break;
      case Transform::kLog:
        out.mean[h] = std::exp(f.mean[h]);
        out.lower[h] = std::exp(f.lower[h]);
        out.upper[h] = std::exp(f.upper[h]);
        break;
      case Transform::kReturn:
        out.mean[h] = last_price * std::exp(f.mean[h]);
        out.lower[h] = last_price * std::exp(f.lower[h]);
        out.upper[h] = last_price * std::exp(f.upper[h]);
        break;
    }
  }
  return out;
}

}  // namespace

std::vector<double> transform_series(std::span<const double> prices, Transform transform,
                                     std::string_view where) {
  switch (transform) {
    case Transform::kNone:
      return {prices.begin(), prices.end()};
    case Transform::kLog: {
      require_finite_values(prices, where, /*positive=*/true);
      std::vector<double> out(prices.size());
      for (std::size_t i = 0; i < prices.size(); ++i) out[i] = std::log(prices[i]);
      return out;
    }
    case Transform::kReturn:
      require_finite_values(prices, where, /*positive=*/true);
      return eval::log_returns(prices, 1.0);
  }
  return {prices.begin(), prices.end()};
}

// ---------------------------------------------------------------- AR

void ArForecasterOptions::validate() const {
  if (target.empty()) throw InvalidInput("model 'ar': option 'target' is empty");
  if (lags < 0) throw InvalidInput(fmt::format("model 'ar': option 'lags' must be >= 0, got {}", lags));
  if (max_lag < 0)
    throw InvalidInput(fmt::format("model 'ar': option 'max_lag' must be >= 0, got {}", max_lag));
  check_level(level, "ar");
}

ArForecasterOptions ArForecasterOptions::from_json(const nlohmann::json& json) {
  ArForecasterOptions options;
  OptionReader reader(json, "ar");
  reader.read("target", options.target);
  reader.read("lags", options.lags);
  nlohmann::json select;
  reader.read("select", select);
  reader.read("max_lag", options.max_lag);
  std::string trend(trend_code(options.trend));
  reader.read("trend", trend);
  std::string transform(to_string(options.transform));
  reader.read("transform", transform);
  reader.read("level", options.level);
  reader.finish();
  if (!select.is_null()) {
    if (!select.is_string()) {
      throw InvalidInput(
          fmt::format("model 'ar': option 'select' must be aic, aicc, bic or null, got {}", select.dump()));
    }
    options.select = parse_information_criterion(select.get<std::string>(), "model 'ar': option 'select'");
  }
  options.trend = parse_autoreg_trend(trend);
  options.transform = parse_transform(transform, "model 'ar': option 'transform'");
  options.validate();
  return options;
}

nlohmann::json ArForecasterOptions::to_json() const {
  return {{"target", target},
          {"lags", lags},
          {"select", select ? nlohmann::json(std::string(stat::to_string(*select))) : nlohmann::json()},
          {"max_lag", max_lag},
          {"trend", std::string(trend_code(trend))},
          {"transform", std::string(stat::to_string(transform))},
          {"level", level}};
}

ArForecaster::ArForecaster(ArForecasterOptions options) : options_(std::move(options)) {
  options_.validate();
}

std::string ArForecaster::describe() const {
  if (!fit_) return "AR";
  return fmt::format("AR({}){}", fit_->lags,
                     options_.transform == Transform::kNone
                         ? ""
                         : fmt::format(" on {}", stat::to_string(options_.transform)));
}

Capabilities ArForecaster::capabilities() const {
  Capabilities c;
  c.probabilistic = true;
  return c;
}

void ArForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  const auto prices = target_of(train, options_.target, "ar::fit");
  const auto y = transform_series(prices, options_.transform, "ar::fit");
  AutoRegOptions ao;
  ao.lags = options_.lags;
  ao.trend = options_.trend;
  ao.select = options_.select;
  ao.max_lag = options_.max_lag;
  fit_ = fit_autoreg(y, ao);
}

const AutoRegFit& ArForecaster::fitted() const {
  if (!fit_) throw NotFitted("ar: the model is not fitted");
  return *fit_;
}

Forecast ArForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!fit_) throw NotFitted("ar::predict: the model is not fitted");
  check_horizon(horizon, "ar::predict");
  const auto prices = target_of(history, options_.target, "ar::predict");
  const auto y = transform_series(prices, options_.transform, "ar::predict");
  IntervalForecast f = fit_->forecast_from(y, horizon, options_.level);
  if (options_.transform == Transform::kReturn) {
    // Cumulative log return: sum of the forecasts, with the variance of the summed forecast errors
    // from the MA(infinity) weights of the AR.
    const int det = static_cast<int>(fit_->params.size()) - fit_->lags;
    std::vector<double> psi(static_cast<std::size_t>(horizon), 0.0);
    psi[0] = 1.0;
    for (int j = 1; j < horizon; ++j) {
      double s = 0;
      for (int i = 1; i <= std::min(j, fit_->lags); ++i)
        s += fit_->params[det + i - 1] * psi[static_cast<std::size_t>(j - i)];
      psi[static_cast<std::size_t>(j)] = s;
    }
    double cumulative_mean = 0;
    double cumulative_psi = 0;
    double variance = 0;
    for (int h = 0; h < horizon; ++h) {
      const auto k = static_cast<std::size_t>(h);
      cumulative_mean += f.mean[k];
      cumulative_psi += psi[k];
      variance += cumulative_psi * cumulative_psi;
      f.mean[k] = cumulative_mean;
      f.se[k] = std::sqrt(fit_->sigma2 * variance);
    }
    set_intervals(f, options_.level);
  }
  return to_prices(f, options_.transform, prices.back(), history.last_date());
}

ModelState ArForecaster::save_state() const {
  if (!fit_) throw NotFitted("ar::save_state: the model is not fitted");
  nlohmann::json fitted{
      {"lags", fit_->lags},
      {"names", fit_->names},
      {"params", std::vector<double>(fit_->params.data(), fit_->params.data() + fit_->params.size())},
      {"sigma2", fit_->sigma2},
      {"trend", std::string(trend_code(fit_->trend))},
      {"loglik", fit_->loglik},
      {"aic", fit_->aic},
      {"bic", fit_->bic},
      {"nobs", fit_->nobs}};
  return {{{"kind", kind()}, {"options", options_.to_json()}, {"fitted", fitted}}, {}};
}

void ArForecaster::load_state(const ModelState& state) {
  const auto& fitted = check_state(state, kind());
  ArForecasterOptions options;
  try {
    options = ArForecasterOptions::from_json(state.config["options"]);
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("ar model state: options: {}", e.what()));
  }
  AutoRegFit fit;
  fit.lags = state_field<int>(fitted, "lags", "ar");
  fit.names = state_field<std::vector<std::string>>(fitted, "names", "ar");
  const auto params = state_field<std::vector<double>>(fitted, "params", "ar");
  fit.sigma2 = state_field<double>(fitted, "sigma2", "ar");
  try {
    fit.trend = parse_autoreg_trend(state_field<std::string>(fitted, "trend", "ar"));
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("ar model state: {}", e.what()));
  }
  const int det = (fit.trend == AutoRegTrend::kNone               ? 0
                   : fit.trend == AutoRegTrend::kConstantAndTrend ? 2
                                                                  : 1);
  if (fit.lags < 0 || params.size() != static_cast<std::size_t>(det + fit.lags) || !(fit.sigma2 > 0)) {
    throw FormatError("ar model state: the fitted coefficients do not match the lags and trend");
  }
  fit.params = Eigen::Map<const Eigen::VectorXd>(params.data(), static_cast<Eigen::Index>(params.size()));
  fit.loglik = fitted.value("loglik", 0.0);
  fit.aic = fitted.value("aic", 0.0);
  fit.bic = fitted.value("bic", 0.0);
  fit.nobs = fitted.value("nobs", std::size_t{0});
  options_ = std::move(options);
  fit_ = std::move(fit);
}

// ---------------------------------------------------------------- ARIMA

void ArimaForecasterOptions::validate(std::string_view model) const {
  if (target.empty()) throw InvalidInput(fmt::format("model '{}': option 'target' is empty", model));
  check_level(level, model);
  if (threads < 0) throw InvalidInput(fmt::format("model '{}': option 'threads' must be >= 0", model));
  if (order) {
    if (order->p < 0 || order->d < 0 || order->q < 0 || order->d > 2 || order->p > 20 || order->q > 20) {
      throw InvalidInput(
          fmt::format("model '{}': option 'order' {} is out of range (0 <= p, q <= 20, d <= 2)", model,
                      to_string(*order)));
    }
    const ArimaTrend t = trend.value_or(order->d == 0 ? ArimaTrend::kConstant : ArimaTrend::kNone);
    const int d_levels = order->d + (transform == Transform::kReturn ? 1 : 0);
    if (t != ArimaTrend::kNone &&
        (order->d >= 2 || (transform == Transform::kReturn && (order->d >= 1 || t == ArimaTrend::kLinear)))) {
      throw InvalidInput(
          fmt::format("model '{}': a trend with {} on {} implies a polynomial trend of degree {} in the "
                      "price; use a smaller "
                      "d or trend 'n'",
                      model, to_string(*order), stat::to_string(transform), d_levels));
    }
  }
}

ArimaForecasterOptions ArimaForecasterOptions::from_json(const nlohmann::json& json, std::string_view model) {
  ArimaForecasterOptions options;
  OptionReader reader(json, model);
  reader.read("target", options.target);
  nlohmann::json order;
  nlohmann::json trend;
  if (model != "auto_arima") {
    reader.read("order", order);
    reader.read("trend", trend);
  }
  std::string transform(to_string(options.transform));
  reader.read("transform", transform);
  std::string likelihood(to_string(options.likelihood));
  reader.read("likelihood", likelihood);
  reader.read("stepwise", options.stepwise);
  reader.read("threads", options.threads);
  reader.read("level", options.level);
  reader.finish();
  if (!order.is_null()) {
    if (!order.is_array() || order.size() != 3 || !order[0].is_number_integer() ||
        !order[1].is_number_integer() || !order[2].is_number_integer()) {
      throw InvalidInput(fmt::format(
          "model '{}': option 'order' must be [p, d, q] (integers) or null, got {}", model, order.dump()));
    }
    options.order = ArimaOrder{order[0].get<int>(), order[1].get<int>(), order[2].get<int>()};
  }
  if (!trend.is_null()) {
    if (!trend.is_string()) {
      throw InvalidInput(
          fmt::format("model '{}': option 'trend' must be n, c, t or null, got {}", model, trend.dump()));
    }
    options.trend = parse_arima_trend(trend.get<std::string>(), model);
  }
  options.transform = parse_transform(transform, fmt::format("model '{}': option 'transform'", model));
  options.likelihood =
      parse_arima_likelihood(likelihood, fmt::format("model '{}': option 'likelihood'", model));
  options.validate(model);
  return options;
}

nlohmann::json ArimaForecasterOptions::to_json() const {
  nlohmann::json j{{"target", target},
                   {"transform", std::string(stat::to_string(transform))},
                   {"likelihood", std::string(stat::to_string(likelihood))},
                   {"stepwise", stepwise},
                   {"threads", threads},
                   {"level", level}};
  if (order) {
    j["order"] = {order->p, order->d, order->q};
    j["trend"] = trend ? nlohmann::json(std::string(trend_code(*trend))) : nlohmann::json();
  }
  return j;
}

ArimaForecaster::ArimaForecaster(std::string kind, ArimaForecasterOptions options)
    : kind_(std::move(kind)), options_(std::move(options)) {
  if (kind_ != "arima" && kind_ != "auto_arima")
    throw Internal("ArimaForecaster: kind must be arima or auto-arima");
  options_.validate(kind_);
}

std::string ArimaForecaster::describe() const {
  if (!model_)
    return kind_ == "auto_arima" ? "auto-ARIMA" : (options_.order ? to_string(*options_.order) : "ARIMA");
  const auto names = model_->trend_names();
  std::string extra;
  if (!names.empty()) extra = names.back() == "drift" ? " with drift" : " with mean";
  if (options_.transform != Transform::kNone)
    extra += fmt::format(" on {}", stat::to_string(options_.transform));
  return to_string(model_->order()) + extra;
}

Capabilities ArimaForecaster::capabilities() const {
  Capabilities c;
  c.probabilistic = true;
  return c;
}

void ArimaForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  const auto prices = target_of(train, options_.target, fmt::format("{}::fit", kind_));
  const auto y = transform_series(prices, options_.transform, fmt::format("{}::fit", kind_));
  if (options_.order && kind_ == "arima") {
    ArimaOptions ao;
    ao.order = *options_.order;
    ao.trend = options_.trend;
    ao.likelihood = options_.likelihood;
    fit_ = fit_arima(y, ao);
    convention_ = options_.likelihood;
  } else {
    AutoArimaOptions ao;
    ao.stepwise = options_.stepwise;
    ao.threads = options_.threads;
    // A drift on returns would be a quadratic trend in the log price.
    if (options_.transform == Transform::kReturn) ao.allow_drift = false;
    auto result = auto_arima(y, ao);
    fit_ = std::move(result.fit);
    convention_ = ao.likelihood;
  }
  model_ = fit_->model;
}

const ArimaModel& ArimaForecaster::model() const {
  if (!model_) throw NotFitted(fmt::format("{}: the model is not fitted", kind_));
  return *model_;
}

namespace {

// The model that forecasts the log price from a model of log returns: one more difference, the
// returns' mean becoming the drift.
ArimaModel integrated(const ArimaModel& returns_model) {
  ArimaOrder order = returns_model.order();
  order.d += 1;
  return ArimaModel(order, returns_model.trend(), returns_model.coefficients());
}

}  // namespace

Forecast ArimaForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!model_) throw NotFitted(fmt::format("{}::predict: the model is not fitted", kind_));
  check_horizon(horizon, fmt::format("{}::predict", kind_));
  const auto prices = target_of(history, options_.target, fmt::format("{}::predict", kind_));
  const std::size_t origin = prices.size() - 1;
  return predict_from(history, std::span<const std::size_t>(&origin, 1), horizon).front();
}

std::vector<Forecast> ArimaForecaster::predict_from(const PriceSeries& series,
                                                    std::span<const std::size_t> origins, int horizon) const {
  const std::string where = fmt::format("{}::predict", kind_);
  if (!model_) throw NotFitted(fmt::format("{}: the model is not fitted", where));
  check_horizon(horizon, where);
  const auto prices = target_of(series, options_.target, where);
  for (const std::size_t origin : origins) {
    if (origin >= prices.size()) {
      throw InvalidInput(
          fmt::format("{}: origin {} out of range (series has {} rows)", where, origin, prices.size()));
    }
  }
  // Forecasts are made on the level series (prices or log prices); a returns model is integrated.
  const Transform level_transform =
      options_.transform == Transform::kNone ? Transform::kNone : Transform::kLog;
  const auto level = transform_series(prices, level_transform, where);
  const ArimaModel forecaster = options_.transform == Transform::kReturn ? integrated(*model_) : *model_;
  const auto forecasts =
      forecaster.forecast_from_origins(level, origins, horizon, convention_, options_.level);
  std::vector<Forecast> out;
  out.reserve(origins.size());
  for (std::size_t i = 0; i < origins.size(); ++i) {
    Forecast f = to_prices(forecasts[i], level_transform, prices[origins[i]], series.date(origins[i]));
    out.push_back(std::move(f));
  }
  return out;
}

ModelState ArimaForecaster::save_state() const {
  if (!model_) throw NotFitted(fmt::format("{}::save_state: the model is not fitted", kind_));
  const auto& c = model_->coefficients();
  const auto& o = model_->order();
  nlohmann::json fitted{{"order", {o.p, o.d, o.q}},
                        {"trend", std::string(trend_code(model_->trend()))},
                        {"ar", c.ar},
                        {"ma", c.ma},
                        {"trend_coefficients", c.trend},
                        {"sigma2", c.sigma2},
                        {"likelihood", std::string(stat::to_string(convention_))}};
  if (fit_) {
    fitted["loglik"] = fit_->loglik;
    fitted["aicc"] = fit_->aicc;
  }
  return {{{"kind", kind_}, {"options", options_.to_json()}, {"fitted", fitted}}, {}};
}

void ArimaForecaster::load_state(const ModelState& state) {
  const auto& fitted = check_state(state, kind_);
  try {
    auto options = ArimaForecasterOptions::from_json(state.config["options"], kind_);
    const auto order = state_field<std::vector<int>>(fitted, "order", kind_);
    if (order.size() != 3)
      throw FormatError(fmt::format("{} model state: 'order' must have 3 entries", kind_));
    ArimaCoefficients c;
    c.ar = state_field<std::vector<double>>(fitted, "ar", kind_);
    c.ma = state_field<std::vector<double>>(fitted, "ma", kind_);
    c.trend = state_field<std::vector<double>>(fitted, "trend_coefficients", kind_);
    c.sigma2 = state_field<double>(fitted, "sigma2", kind_);
    const auto trend = parse_arima_trend(state_field<std::string>(fitted, "trend", kind_), kind_);
    const auto convention =
        parse_arima_likelihood(state_field<std::string>(fitted, "likelihood", kind_), kind_);
    ArimaModel model({order[0], order[1], order[2]}, trend, std::move(c));
    options_ = std::move(options);
    model_ = std::move(model);
    convention_ = convention;
    fit_.reset();
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("{} model state: {}", kind_, e.what()));
  }
}

// ---------------------------------------------------------------- GARCH

namespace {
constexpr double kPercent = 100.0;
}  // namespace

void GarchForecasterOptions::validate() const {
  if (target.empty()) throw InvalidInput("model 'garch': option 'target' is empty");
  check_level(level, "garch");
  (void)garch_options();
}

GarchOptions GarchForecasterOptions::garch_options() const {
  GarchOptions g;
  g.p = p;
  g.o = o;
  g.q = q;
  g.mean = parse_garch_mean(mean, "model 'garch': option 'mean'");
  g.distribution = parse_garch_distribution(dist, "model 'garch': option 'dist'");
  g.validate("model 'garch'");
  return g;
}

GarchForecasterOptions GarchForecasterOptions::from_json(const nlohmann::json& json) {
  GarchForecasterOptions options;
  OptionReader reader(json, "garch");
  reader.read("target", options.target);
  reader.read("p", options.p);
  reader.read("o", options.o);
  reader.read("q", options.q);
  reader.read("mean", options.mean);
  reader.read("dist", options.dist);
  reader.read("level", options.level);
  reader.finish();
  options.validate();
  return options;
}

nlohmann::json GarchForecasterOptions::to_json() const {
  return {{"target", target}, {"p", p}, {"o", o}, {"q", q}, {"mean", mean}, {"dist", dist}, {"level", level}};
}

GarchForecaster::GarchForecaster(GarchForecasterOptions options) : options_(std::move(options)) {
  options_.validate();
}

std::string GarchForecaster::describe() const { return options_.garch_options().describe(); }

Capabilities GarchForecaster::capabilities() const {
  Capabilities c;
  c.probabilistic = true;
  return c;
}

void GarchForecaster::fit(const PriceSeries& train, const PriceSeries& /*valid*/) {
  const auto prices = target_of(train, options_.target, "garch::fit");
  require_finite_values(prices, "garch::fit", /*positive=*/true);
  model_ = fit_garch(eval::log_returns(prices, kPercent), options_.garch_options()).model;
}

const GarchModel& GarchForecaster::model() const {
  if (!model_) throw NotFitted("garch: the model is not fitted");
  return *model_;
}

Forecast GarchForecaster::predict(const PriceSeries& history, int horizon) const {
  if (!model_) throw NotFitted("garch::predict: the model is not fitted");
  check_horizon(horizon, "garch::predict");
  const auto prices = target_of(history, options_.target, "garch::predict");
  require_finite_values(prices, "garch::predict", /*positive=*/true);
  if (prices.size() < 3) throw InvalidInput("garch::predict: the history needs at least 3 prices");
  const auto returns = eval::log_returns(prices, kPercent);
  const GarchForecast fc = model_->forecast(returns, horizon);
  // Impulse responses of the mean: an AR(1) mean spreads each innovation over later returns.
  const double phi = model_->options().mean == GarchMean::kAr1 ? model_->param("y[1]") : 0.0;
  const double z = eval::normal_quantile(0.5 + options_.level / 2);
  Forecast out;
  out.dates = forecast_dates(history.last_date(), horizon);
  out.level = options_.level;
  double cumulative = 0;
  for (int h = 0; h < horizon; ++h) {
    cumulative += fc.mean[static_cast<std::size_t>(h)] / kPercent;
    // Var(sum_{k<=h} r_k) = sum_m c_m^2 E[h_m], c_m = sum_{k=m}^{h} phi^(k-m).
    double variance = 0;
    for (int m = 0; m <= h; ++m) {
      double c = 0;
      double power = 1;
      for (int k = m; k <= h; ++k) {
        c += power;
        power *= phi;
      }
      variance += c * c * fc.variance[static_cast<std::size_t>(m)];
    }
    const double sd = std::sqrt(variance) / kPercent;
    out.mean.push_back(prices.back() * std::exp(cumulative));
    out.lower.push_back(prices.back() * std::exp(cumulative - z * sd));
    out.upper.push_back(prices.back() * std::exp(cumulative + z * sd));
  }
  return out;
}

ModelState GarchForecaster::save_state() const {
  if (!model_) throw NotFitted("garch::save_state: the model is not fitted");
  return {{{"kind", kind()},
           {"options", options_.to_json()},
           {"fitted", {{"names", model_->names()}, {"params", model_->params()}}}},
          {}};
}

void GarchForecaster::load_state(const ModelState& state) {
  const auto& fitted = check_state(state, kind());
  try {
    auto options = GarchForecasterOptions::from_json(state.config["options"]);
    auto params = state_field<std::vector<double>>(fitted, "params", "garch");
    GarchModel model(options.garch_options(), std::move(params));
    options_ = std::move(options);
    model_ = std::move(model);
  } catch (const InvalidInput& e) {
    throw FormatError(fmt::format("garch model state: {}", e.what()));
  }
}

std::unique_ptr<Forecaster> make_garch(const nlohmann::json& options) {
  return std::make_unique<GarchForecaster>(GarchForecasterOptions::from_json(options));
}

std::unique_ptr<Forecaster> make_ar(const nlohmann::json& options) {
  return std::make_unique<ArForecaster>(ArForecasterOptions::from_json(options));
}

std::unique_ptr<Forecaster> make_arima(const nlohmann::json& options) {
  return std::make_unique<ArimaForecaster>("arima", ArimaForecasterOptions::from_json(options, "arima"));
}

std::unique_ptr<Forecaster> make_auto_arima(const nlohmann::json& options) {
  return std::make_unique<ArimaForecaster>("auto_arima",
                                           ArimaForecasterOptions::from_json(options, "auto_arima"));
}

}  // namespace stockcast::models::stat
