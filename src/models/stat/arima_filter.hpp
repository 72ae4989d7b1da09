#pragma once
// Internal: the Kalman filter of an ARIMA(p,d,q) model in Harvey's state-space form, as R's
// arima() and statsmodels' SARIMAX set it up.
//
// ARMA part (state dimension r = max(p, q + 1)): alpha_{t+1} = T alpha_t + R e_{t+1}, w_t = alpha_t[0],
// T = [phi | I ; 0], R = (1, theta_1, .., theta_{r-1})'. With d > 0 the state is extended by the
// integrated states (y_{t-1}, .., y_{t-d}) and y_t = alpha_t[0] + sum_i delta_i y_{t-i}.
//
// The integrated states are only uncertain during the first d observations: after them they are
// observed values. The filter therefore runs the full (r + d)-state filter for the first d
// observations (the approximate diffuse start of statsmodels or R) and continues with the
// r-dimensional ARMA filter on w_t = (1 - B)^d y_t, which is algebraically the same filter. Once the
// prediction covariance stops changing it is frozen (steady state). Everything is computed with
// sigma2 = 1 and scaled afterwards.

#include <Eigen/Dense>

#include <cstddef>
#include <span>
#include <vector>

#include "stockcast/models/stat/arima.hpp"

namespace stockcast::models::stat::detail {

/// The ARMA part of the state-space form.
struct ArmaSystem {
  int r = 1;             ///< state dimension max(p, q + 1)
  Eigen::VectorXd phi;   ///< AR coefficients padded to r
  Eigen::VectorXd rvec;  ///< (1, theta_1, .., theta_{r-1})
};

/// Builds the ARMA system of (ar, ma).
ArmaSystem make_arma_system(std::span<const double> ar, std::span<const double> ma);

/// Stationary covariance P = T P T' + R R' of the ARMA state (sigma2 = 1); false when the system
/// is not stationary.
bool stationary_covariance(const ArmaSystem& system, Eigen::MatrixXd& out);

/// Predicted state for the next observation: the ARMA block (sigma2 = 1 units) and the last d
/// values of the filtered series (most recent first).
struct FilterState {
  Eigen::VectorXd a;
  Eigen::MatrixXd P;
  std::vector<double> last;  ///< y_t, y_{t-1}, .., y_{t-d+1}
};

/// Sums over the observations that enter the likelihood.
struct FilterSums {
  double ssq = 0;     ///< sum v_t^2 / F_t (F_t in sigma2 = 1 units)
  double sumlog = 0;  ///< sum log F_t
  int nu = 0;         ///< number of observations summed
};

/// Where a filter that reached its steady state hands the rest of the series over to
/// run_filter_batch (which runs the fixed-gain recursions of several filters interleaved).
struct SteadyHandoff {
  bool active = false;       ///< steady state reached with observations left
  std::size_t next = 0;      ///< first observation of the remaining fixed-gain recursion
  std::vector<double> a;     ///< predicted state for observation `next`
  std::vector<double> gain;  ///< steady Kalman gain P e0 / F
  double f = 0;              ///< steady prediction variance F
  bool included = true;      ///< whether the remaining observations enter the likelihood
};

/// Optional outputs of run_filter.
struct FilterOutputs {
  std::vector<double>* residuals = nullptr;       ///< v_t of the summed observations
  std::vector<double>* variances = nullptr;       ///< F_t (sigma2 = 1 units) of the same
  std::vector<std::size_t>* index = nullptr;      ///< their observation index
  std::span<const std::size_t> snapshot_after;    ///< sorted observation indices
  std::vector<FilterState>* snapshots = nullptr;  ///< predicted state after each of them
  FilterState* final_state = nullptr;             ///< predicted state after the last observation
  /// When set, a filter that reaches its steady state stops there and describes the remaining
  /// recursion here instead of running it (the returned sums then lack those observations).
  SteadyHandoff* handoff = nullptr;
};

/// Runs the filter over `y` (the series minus its deterministic terms). `q0` is the stationary
/// covariance of `system`; `sigma2` only matters for the statsmodels convention (whose diffuse
/// variance 1e6 is in data units). Snapshots at indices < d throw InvalidInput.
FilterSums run_filter(const ArmaSystem& system, const Eigen::MatrixXd& q0, int d, std::span<const double> y,
                      ArimaLikelihood convention, double sigma2, const FilterOutputs& outputs = {});

/// One filter of a batch: the same model order, different coefficients (and series, when the
/// deterministic terms differ).
struct BatchLane {
  const ArmaSystem* system = nullptr;
  const Eigen::MatrixXd* q0 = nullptr;
  std::span<const double> y;
  double sigma2 = 1.0;
};

/// run_filter for several coefficient vectors at once (finite-difference stencils): the transient
/// parts run one by one, the fixed-gain remainders run interleaved, which lets the processor overlap
/// their latency-bound recursions. All lanes must share d and the state dimension r.
void run_filter_batch(std::span<const BatchLane> lanes, int d, ArimaLikelihood convention,
                      std::span<FilterSums> sums);

/// Log-likelihood at sigma2 from the sums: -(nu log(2 pi sigma2) + sumlog + ssq / sigma2) / 2.
double loglik_from_sums(const FilterSums& sums, double sigma2);

/// R's concentrated log-likelihood: s2 = ssq / nu and
/// -(n_used log(2 pi s2) + n_used sumlog / nu + n_used) / 2 with n_used = n - d.
double concentrated_from_sums(const FilterSums& sums, std::size_t n_used, double* sigma2_out);

/// h-step forecasts (mean and variance in sigma2 = 1 units) of the filtered series from a state.
void forecast_from_state(const ArmaSystem& system, int d, const FilterState& state, int horizon,
                         std::vector<double>& mean, std::vector<double>& variance);

}  // namespace stockcast::models::stat::detail
