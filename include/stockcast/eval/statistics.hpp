#pragma once
/// \file
/// Descriptive statistics of price and return series, shared by `info`, the statistical models and
/// the synthetic-data report.

#include <cstddef>
#include <span>
#include <vector>

namespace stockcast::eval {

/// Sample moments of a series.
struct Moments {
  std::size_t n = 0;
  double mean = 0;
  double sd = 0;    ///< sample standard deviation (n - 1 denominator)
  double skew = 0;  ///< sample skewness g1 = m3 / m2^{3/2} (population moments, as scipy.stats.skew)
  double excess_kurtosis = 0;  ///< g2 = m4 / m2^2 - 3 (as scipy.stats.kurtosis)
  double min = 0;
  double max = 0;
};

/// Moments of `values`; throws InvalidInput when it is empty or holds NaN/Inf.
Moments moments(std::span<const double> values);

/// Log returns `scale * log(p[t] / p[t-1])`, one fewer than prices; `scale = 100` gives percent.
/// Throws InvalidInput on a non-positive price (naming its index).
std::vector<double> log_returns(std::span<const double> prices, double scale = 1.0);

/// Simple returns `p[t] / p[t-1] - 1`, one fewer than prices.
std::vector<double> simple_returns(std::span<const double> prices);

/// Sample autocorrelations r_0 .. r_max_lag (r_0 = 1) of `values`, with the mean removed and the
/// biased denominator sum((x - mean)^2), as R's acf() and statsmodels' acf(adjusted=False).
/// Throws InvalidInput when max_lag < 0, max_lag >= size, a value is not finite or the series is
/// constant.
std::vector<double> acf(std::span<const double> values, int max_lag);

/// Sample partial autocorrelations at lags 1 .. max_lag, from acf() by the Durbin-Levinson
/// recursion (R's pacf(), statsmodels' pacf(method="ldb")). Element k-1 is the lag-k value.
std::vector<double> pacf(std::span<const double> values, int max_lag);

/// Result of a Ljung-Box portmanteau test.
struct LjungBox {
  int lags = 0;          ///< number of autocorrelations summed
  int df = 0;            ///< degrees of freedom of the chi-squared reference (lags - fitted_params)
  double statistic = 0;  ///< Q = n (n + 2) sum_{k=1..lags} r_k^2 / (n - k)
  double p_value = 0;    ///< P(chi2_df > Q)
};

/// Ljung-Box test that the first `lags` autocorrelations of `residuals` are zero. `fitted_params`
/// (p + q for ARMA residuals) is subtracted from the degrees of freedom, as R's
/// Box.test(fitdf=) does. Throws InvalidInput when lags < 1, lags <= fitted_params or
/// lags >= residuals.size().
LjungBox ljung_box(std::span<const double> residuals, int lags, int fitted_params = 0);

/// Result of a KPSS level-stationarity test.
struct Kpss {
  int lags = 0;          ///< Bartlett-window truncation lag of the long-run variance
  double statistic = 0;  ///< eta = sum(S_t^2) / (n^2 * long-run variance), S the partial sums
  /// p-value interpolated linearly in the KPSS (1992) table (0.347, 0.463, 0.574, 0.739 at 10%, 5%,
  /// 2.5%, 1%) and clamped to [0.01, 0.10], as forecast::ndiffs does with urca's ur.kpss.
  double p_value = 0;
};

/// KPSS test of level stationarity (urca's ur.kpss(type = "mu")). `lags` < 0 means
/// trunc(3 sqrt(n) / 13), the short lag forecast::ndiffs uses. Throws InvalidInput for fewer than
/// 3 values or non-finite values.
Kpss kpss(std::span<const double> values, int lags = -1);

/// True when every value equals the first up to R's all.equal tolerance (mean relative difference
/// below 1.5e-8), the test forecast's is.constant() applies.
bool is_constant(std::span<const double> values);

/// Number of first differences needed for level stationarity by repeated KPSS tests at level
/// `alpha` (0.01 .. 0.10), at most `max_d`, as forecast::ndiffs(test = "kpss") chooses d for
/// auto.arima. Throws InvalidInput for alpha outside [0.01, 0.1] or max_d < 0.
int ndiffs(std::span<const double> values, double alpha = 0.05, int max_d = 2);

/// Upper tail P(X > x) of a chi-squared variable with `df` > 0 degrees of freedom.
double chi_squared_sf(double x, double df);

/// d-th differences of `values` (size() - d of them); throws InvalidInput when d < 0 or there are
/// not more than d values.
std::vector<double> difference(std::span<const double> values, int d = 1);

}  // namespace stockcast::eval
