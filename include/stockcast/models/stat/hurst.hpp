#pragma once
/// \file
/// Hurst exponent estimation from a stationary series of increments (fractional Gaussian noise,
/// daily log returns): rescaled range (R/S, classical and with the Anis-Lloyd-Peters small-sample
/// correction) and detrended fluctuation analysis (DFA-1). Both regress a log statistic on the log
/// window size over log-spaced window sizes; the slope estimates H.
///
/// Feed increments, not levels: for fBm itself (a price level, a cumulative sum) DFA's slope is
/// H + 1 and R/S saturates near 1.
///
///     auto r = stockcast::eval::log_returns(close);
///     auto dfa = stockcast::models::stat::hurst_dfa(r);
///     dfa.hurst;  // about 0.5 for a random walk's increments

#include <span>
#include <string>
#include <vector>

namespace stockcast::models::stat {

/// Window sizes and method settings of the estimators.
struct HurstOptions {
  /// Smallest window size (>= 4 for R/S and DFA-1; small windows bias both estimators).
  int min_window = 10;
  /// Largest window size; 0 means a quarter of the series length.
  int max_window = 0;
  /// Number of log-spaced window sizes between them (>= 3; duplicates after rounding are dropped).
  int windows = 20;

  /// Throws InvalidInput naming `where` when a value is out of range for a series of `n` values
  /// (at least 3 distinct window sizes are needed and max_window must not exceed n / 2).
  void validate(int n, std::string_view where) const;
};

/// The result of one estimator.
struct HurstEstimate {
  std::string method;              ///< "rs", "rs-al" or "dfa"
  double hurst = 0;                ///< the estimate of H (the regression slope, + 0.5 for "rs-al")
  double intercept = 0;            ///< intercept of the log-log regression
  double r_squared = 0;            ///< R^2 of the log-log regression
  double slope_std_error = 0;      ///< OLS standard error of the slope (fit quality, not sampling error)
  std::vector<double> windows;     ///< window sizes used
  std::vector<double> statistics;  ///< R/S (mean over windows) or F(n) per window size
};

/// Classical rescaled-range estimate: for each window size n the series is cut into floor(N / n)
/// non-overlapping windows; in each, R is the range of the cumulative deviations from the window
/// mean and S the standard deviation (1/n); R/S is averaged over windows with S > 0 and H is the
/// slope of log(R/S) on log n. Biased upwards for small windows (about +0.05 at H = 0.5).
/// Throws InvalidInput for NaN/Inf, a constant series or options that do not fit the length.
HurstEstimate hurst_rs(std::span<const double> increments, const HurstOptions& options = {});

/// R/S with the Anis-Lloyd (1976) expected R/S of iid noise, with Peters' (1994) factor (n - 1/2)/n,
/// taken out: H = 0.5 + slope of log(R/S) - log(E[R/S]) on log n. Nearly unbiased at H = 0.5.
HurstEstimate hurst_rs_corrected(std::span<const double> increments, const HurstOptions& options = {});

/// Detrended fluctuation analysis of order 1 (Peng et al. 1994): the profile Y_k = sum_{i<=k}
/// (x_i - mean) is cut into windows of n values from the start and from the end (2 floor(N / n)
/// windows), a least-squares line is removed in each, F(n) is the root mean square of the residuals
/// and H is the slope of log F(n) on log n.
HurstEstimate hurst_dfa(std::span<const double> increments, const HurstOptions& options = {});

}  // namespace stockcast::models::stat
