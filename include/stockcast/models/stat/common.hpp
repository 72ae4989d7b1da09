#pragma once
/// \file
/// Types shared by the statistical models (AR, ARIMA, GARCH): information criteria, forecasts with
/// intervals, and the transform that lets a price model work on log prices or returns.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stockcast::models::stat {

/// Information criterion used to compare fitted models.
enum class InformationCriterion {
  kAic,   ///< Akaike: -2 loglik + 2 k
  kAicc,  ///< AIC with the small-sample correction 2 k (k + 1) / (n - k - 1)
  kBic,   ///< Schwarz: -2 loglik + k log(n)
};

/// "aic", "aicc", "bic".
std::string_view to_string(InformationCriterion criterion) noexcept;
/// Parses "aic" / "aicc" / "bic"; throws InvalidInput naming `where` otherwise.
InformationCriterion parse_information_criterion(std::string_view text, std::string_view where);

/// h-step forecasts of a model's own series with Gaussian prediction intervals.
struct IntervalForecast {
  std::vector<double> mean;   ///< point forecast for steps 1..h
  std::vector<double> se;     ///< standard error of each forecast
  std::vector<double> lower;  ///< mean - z * se, z the normal quantile of (1 + level) / 2
  std::vector<double> upper;  ///< mean + z * se
  double level = 0.95;        ///< coverage of [lower, upper]
};

/// Fills `lower`/`upper` of `forecast` from its mean and se at coverage `level` (0 < level < 1).
void set_intervals(IntervalForecast& forecast, double level);

/// What series a price model is fitted to; forecasts always come back in price units.
enum class Transform {
  kNone,    ///< the prices themselves
  kLog,     ///< log prices; forecasts are exp() of the log forecast (median forecast) and bounds
  kReturn,  ///< log returns log(P_t / P_{t-1}); forecasts are P_n exp(cumulative return forecast)
};

/// "none", "log", "return".
std::string_view to_string(Transform transform) noexcept;
/// Parses "none" / "log" / "return"; throws InvalidInput naming `where` otherwise.
Transform parse_transform(std::string_view text, std::string_view where);

/// Checks that every value is finite (and positive when `positive`); throws InvalidInput naming
/// `where` and the first bad index otherwise.
void require_finite_values(std::span<const double> values, std::string_view where, bool positive = false);

}  // namespace stockcast::models::stat
