#pragma once
/// \file
/// The Diebold–Mariano test of equal predictive accuracy, with the small-sample correction of
/// Harvey, Leybourne and Newbold (1997).
///
/// For actuals a_t and two forecasts f1_t, f2_t (t = 1..n) under squared-error loss:
///   d_t = (a_t - f1_t)^2 - (a_t - f2_t)^2            loss differential (negative: model 1 better)
///   gamma_k = (1/n) sum_{t=k+1..n} (d_t - dbar)(d_{t-k} - dbar)   autocovariances, k = 0..h-1
///   V = (gamma_0 + 2 sum_{k=1..h-1} w_k gamma_k) / n
///       w_k = 1 - k/h  (Bartlett / Newey–West, the default: V >= 0 always)
///       w_k = 1        (uniform: Diebold & Mariano 1995, R forecast::dm.test's default "acf")
///   DM  = dbar / sqrt(V)
///   DM* = DM * sqrt((n + 1 - 2h + h(h-1)/n) / n)     (Harvey–Leybourne–Newbold correction)
///   p   = 2 * (1 - T_{n-1}(|DM*|))                   two-sided, Student t with n-1 df
/// This is R forecast::dm.test(e1, e2, h, power = 2) with varestimator "bartlett" (default here)
/// or "acf" (uniform weights). For h = 1 both variants coincide.

#include <cstddef>
#include <span>

namespace stockcast::eval {

/// Weights of the autocovariances in the long-run variance of d.
enum class DmVariance {
  kBartlett,  ///< Newey–West weights 1 - k/h, k = 1..h-1 (never negative)
  kUniform,   ///< equal weights (Diebold–Mariano 1995), as R forecast::dm.test's default
};

/// Result of diebold_mariano().
struct DieboldMarianoResult {
  double statistic = 0;          ///< DM* (HLN-corrected); negative when forecast 1 has the lower loss
  double p_value = 1;            ///< two-sided p-value from Student t with n-1 degrees of freedom
  double mean_differential = 0;  ///< dbar, mean of (e1^2 - e2^2), in units^2
  std::size_t n = 0;             ///< number of loss differentials
  int horizon = 1;               ///< h used for the autocovariance lags (h-1 of them)
};

/// Diebold–Mariano test of forecast 1 against forecast 2 on the same actuals.
/// When every d_t is 0 (identical losses) the statistic is 0 and the p-value 1. Throws InvalidInput
/// on empty or mismatched input, n < 2, h < 1 or h >= n, or NaN/Inf; NumericalError when the losses
/// differ by the same non-zero amount at every point (zero variance: the test is undefined), or the
/// uniform-weight variance is not positive (use kBartlett).
DieboldMarianoResult diebold_mariano(std::span<const double> actual, std::span<const double> forecast1,
                                     std::span<const double> forecast2, int horizon = 1,
                                     DmVariance variance = DmVariance::kBartlett);

/// The same test on a given loss-differential series d_t (e.g. averaged over the steps of multi-step
/// forecasts).
DieboldMarianoResult diebold_mariano(std::span<const double> loss_differential, int horizon = 1,
                                     DmVariance variance = DmVariance::kBartlett);

}  // namespace stockcast::eval
