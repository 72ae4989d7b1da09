#pragma once
/// \file
/// The statistical models behind the Forecaster interface (registry names "ar", "arima" and
/// "auto_arima"), so that compare, backtests and model files treat them like every other model.
/// Each can work on prices, log prices or log returns (Transform); forecasts always come back in
/// price units. Walk-forward forecasts (predict_from) filter the series once with the fitted
/// coefficients and forecast from each origin's state: nothing is refitted.

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "stockcast/models/forecaster.hpp"
#include "stockcast/models/stat/arima.hpp"
#include "stockcast/models/stat/autoreg.hpp"
#include "stockcast/models/stat/common.hpp"
#include "stockcast/models/stat/garch.hpp"

namespace stockcast::models::stat {

/// Options of the "ar" forecaster: AutoReg on the transformed target.
struct ArForecasterOptions {
  std::string target = "close";                  ///< column forecast
  int lags = 5;                                  ///< p (ignored when `select` is set)
  std::optional<InformationCriterion> select{};  ///< choose p in 0..max_lag by this criterion
  int max_lag = 10;                              ///< largest p `select` considers
  AutoRegTrend trend = AutoRegTrend::kConstant;  ///< deterministic terms ("n", "c", "t", "ct")
  Transform transform = Transform::kNone;        ///< series the AR is fitted to
  double level = 0.95;                           ///< prediction-interval coverage, in (0, 1)

  /// Throws InvalidInput (naming model 'ar' and the option) for an out-of-range value.
  void validate() const;
  /// Strict parse of {"target", "lags", "select": "aic"|"bic"|"aicc"|null, "max_lag",
  /// "trend": "n"|"c"|"t"|"ct", "transform": "none"|"log"|"return", "level"}.
  static ArForecasterOptions from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// AR(p) by OLS (statsmodels' AutoReg) as a Forecaster.
class ArForecaster final : public Forecaster {
 public:
  explicit ArForecaster(ArForecasterOptions options = {});

  [[nodiscard]] std::string kind() const override { return "ar"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override;
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  /// The fitted model; throws NotFitted before fit() / load_state().
  [[nodiscard]] const AutoRegFit& fitted() const;

 private:
  ArForecasterOptions options_;
  std::optional<AutoRegFit> fit_;
};

/// Options of the "arima" and "auto_arima" forecasters.
struct ArimaForecasterOptions {
  std::string target = "close";  ///< column forecast
  /// Fixed orders; empty = chosen by auto-ARIMA (always empty for "auto_arima").
  std::optional<ArimaOrder> order{};
  /// Deterministic terms of a fixed order; empty = statsmodels' default (constant when d = 0).
  std::optional<ArimaTrend> trend{};
  Transform transform = Transform::kNone;                      ///< series the model is fitted to
  ArimaLikelihood likelihood = ArimaLikelihood::kStatsmodels;  ///< convention of fixed-order fits
  bool stepwise = true;  ///< auto-ARIMA: stepwise (true) or exhaustive search
  int threads = 0;       ///< auto-ARIMA: threads fitting candidates (0 = all)
  double level = 0.95;   ///< prediction-interval coverage, in (0, 1)

  /// Throws InvalidInput (naming the model and the option) for an out-of-range value.
  void validate(std::string_view model) const;
  /// Strict parse of {"target", "order": [p, d, q] | null, "trend": "n"|"c"|"t"|null,
  /// "transform": "none"|"log"|"return", "likelihood": "statsmodels"|"r"|"exact", "stepwise",
  /// "threads", "level"}; "auto_arima" takes no "order" and no "trend".
  static ArimaForecasterOptions from_json(const nlohmann::json& json, std::string_view model);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// ARIMA (fixed orders or auto-ARIMA) as a Forecaster; kind() is the registry name it was built
/// under ("arima" or "auto_arima").
class ArimaForecaster final : public Forecaster {
 public:
  /// `kind` is "arima" or "auto_arima".
  ArimaForecaster(std::string kind, ArimaForecasterOptions options);

  [[nodiscard]] std::string kind() const override { return kind_; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override;
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] std::vector<Forecast> predict_from(const PriceSeries& series,
                                                   std::span<const std::size_t> origins,
                                                   int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  /// The fitted model (coefficients of the transformed series); throws NotFitted before fit().
  [[nodiscard]] const ArimaModel& model() const;
  /// The full fit (criteria, standard errors); empty after load_state().
  [[nodiscard]] const std::optional<ArimaFit>& last_fit() const noexcept { return fit_; }

 private:
  std::string kind_;
  ArimaForecasterOptions options_;
  std::optional<ArimaModel> model_;
  ArimaLikelihood convention_ = ArimaLikelihood::kStatsmodels;
  std::optional<ArimaFit> fit_;
};

/// Options of the "garch" forecaster: a GARCH model of the percent log returns whose mean and
/// variance forecasts are compounded into price forecasts.
struct GarchForecasterOptions {
  std::string target = "close";   ///< column forecast
  int p = 1;                      ///< ARCH order (alpha terms)
  int o = 0;                      ///< asymmetric order (gamma terms; 1 = GJR-GARCH)
  int q = 1;                      ///< GARCH order (beta terms)
  std::string mean = "constant";  ///< "zero", "constant" or "ar1"
  std::string dist = "normal";    ///< "normal" or "t"
  double level = 0.95;            ///< prediction-interval coverage, in (0, 1)

  /// Throws InvalidInput (naming model 'garch' and the option) for an out-of-range value.
  void validate() const;
  /// The model structure these options describe.
  [[nodiscard]] GarchOptions garch_options() const;
  /// Strict parse of {"target", "p", "o", "q", "mean", "dist", "level"}.
  static GarchForecasterOptions from_json(const nlohmann::json& json);
  [[nodiscard]] nlohmann::json to_json() const;
};

/// GARCH on percent log returns as a price Forecaster. The h-day log-price change is the sum of the
/// return forecasts; its variance sums the forecast innovation variances E[h_{T+k}] (weighted by the
/// AR(1) mean's impulse responses when there is one); prices are exp() of the log-price forecast
/// and of its normal interval. From any history the variance recursion is filtered with the fitted
/// parameters (nothing is refitted).
class GarchForecaster final : public Forecaster {
 public:
  explicit GarchForecaster(GarchForecasterOptions options = {});

  [[nodiscard]] std::string kind() const override { return "garch"; }
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override;
  void fit(const PriceSeries& train, const PriceSeries& valid) override;
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;
  [[nodiscard]] ModelState save_state() const override;
  void load_state(const ModelState& state) override;

  /// The fitted model; throws NotFitted before fit() / load_state().
  [[nodiscard]] const GarchModel& model() const;

 private:
  GarchForecasterOptions options_;
  std::optional<GarchModel> model_;
};

/// Registry factories.
std::unique_ptr<Forecaster> make_ar(const nlohmann::json& options);
std::unique_ptr<Forecaster> make_arima(const nlohmann::json& options);
std::unique_ptr<Forecaster> make_auto_arima(const nlohmann::json& options);
std::unique_ptr<Forecaster> make_garch(const nlohmann::json& options);

/// The series a model with `transform` is fitted to: the prices, their logs or the log returns
/// (one shorter). Throws InvalidInput for a non-positive price under log or return.
std::vector<double> transform_series(std::span<const double> prices, Transform transform,
                                     std::string_view where);

}  // namespace stockcast::models::stat
