#pragma once
/// \file
/// Automatic ARIMA order selection as R's forecast::auto.arima (Hyndman & Khandakar 2008), for
/// non-seasonal data: d from repeated KPSS tests (ndiffs, 5% level), then the stepwise search over
/// (p, q, constant) by AICc with p, q <= 5 (or the exhaustive search over p + q <= 5), where long
/// series are searched with conditional-sum-of-squares approximations and the chosen model is refitted
/// by maximum likelihood. Candidate models are fitted in parallel on a pool of threads; the
/// stepwise path is the same as the sequential one.
///
///     auto result = stockcast::models::stat::auto_arima(close);
///     result.order;          // {1, 1, 1} for GOOG, as auto.arima
///     result.fit.forecast(10);

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "stockcast/models/stat/arima.hpp"
#include "stockcast/models/stat/common.hpp"

namespace stockcast::models::stat {

/// Options of auto_arima(); the defaults are auto.arima's.
struct AutoArimaOptions {
  int max_p = 5;      ///< largest p
  int max_q = 5;      ///< largest q
  int max_order = 5;  ///< largest p + q in the exhaustive search
  int max_d = 2;      ///< largest d chosen by the KPSS tests
  int start_p = 2;    ///< p of the stepwise search's first model
  int start_q = 2;    ///< q of the stepwise search's first model
  /// Fixed d; empty = chosen by ndiffs (KPSS, level `kpss_alpha`).
  std::optional<int> d{};
  /// Level of the KPSS tests choosing d, in [0.01, 0.1].
  double kpss_alpha = 0.05;
  /// Criterion minimised.
  InformationCriterion ic = InformationCriterion::kAicc;
  /// Stepwise (true) or exhaustive (false) search.
  bool stepwise = true;
  /// Search with CSS approximations and refit the chosen model by ML; empty = when the series has
  /// more than 150 observations (auto.arima's default).
  std::optional<bool> approximation{};
  /// Consider a drift when d = 1.
  bool allow_drift = true;
  /// Consider a non-zero mean when d = 0.
  bool allow_mean = true;
  /// Cap on the models the stepwise search fits.
  int max_models = 94;
  /// Threads fitting candidates (0 = one per hardware thread).
  int threads = 0;
  /// Likelihood convention of the ML fits (R's reproduces auto.arima).
  ArimaLikelihood likelihood = ArimaLikelihood::kR;

  /// Throws InvalidInput naming `where` when a value is out of range.
  void validate(std::string_view where) const;
};

/// One model the search considered.
struct AutoArimaCandidate {
  ArimaOrder order;       ///< (p, d, q)
  bool constant = false;  ///< with mean (d = 0) or drift (d = 1)
  /// Criterion value (approximate when the search used CSS); +inf for a model rejected because
  /// its fit failed, a root lay within 1.01 of the unit circle or a variance was not positive.
  double ic = 0;
};

/// The selected model.
struct AutoArimaResult {
  ArimaFit fit;                              ///< the chosen model, fitted by maximum likelihood
  ArimaOrder order;                          ///< its orders
  bool constant = false;                     ///< with mean / drift
  bool approximation = false;                ///< whether the search used CSS approximations
  std::vector<AutoArimaCandidate> searched;  ///< every model of the search, in the order tried
  int models_fitted = 0;                     ///< fits performed (including speculative parallel ones)
};

/// Selects and fits an ARIMA model. Throws InvalidInput for NaN/Inf, fewer than 4 observations, a
/// series that is constant after differencing, or bad options; NumericalError when no candidate
/// could be fitted.
AutoArimaResult auto_arima(std::span<const double> y, const AutoArimaOptions& options = {});

}  // namespace stockcast::models::stat
