#pragma once
// Internal: lag polynomials of ARMA models. Stationarity by the step-down (Schur-Cohn / inverse
// Durbin-Levinson) recursion, the partial-autocorrelation reparametrisation of Jones (1980) for AR
// and Monahan (1984) for MA coefficients, and inversion of MA roots inside the unit circle.

#include <complex>
#include <span>
#include <vector>

namespace stockcast::models::stat::detail {

/// Partial autocorrelations r_1..r_k of the AR(k) polynomial 1 - phi_1 z - ... - phi_k z^k;
/// false when some |r_j| >= 1 - margin (not stationary).
bool ar_to_pacf(std::span<const double> phi, std::vector<double>& pacf, double margin = 0.0);

/// AR coefficients from partial autocorrelations (the Durbin-Levinson recursion).
std::vector<double> pacf_to_ar(std::span<const double> pacf);

/// True when 1 - phi_1 z - ... has all roots outside the unit circle.
bool ar_stationary(std::span<const double> phi);

/// Unconstrained parameters u (r = tanh(u)) of a stationary AR polynomial; false when not
/// stationary.
bool ar_to_unconstrained(std::span<const double> phi, std::vector<double>& u);
/// AR coefficients from unconstrained parameters.
std::vector<double> unconstrained_to_ar(std::span<const double> u);

/// Roots of 1 - c_1 z - ... - c_k z^k (trailing zero coefficients dropped).
std::vector<std::complex<double>> lag_roots(std::span<const double> c);

/// MA coefficients with every root of 1 + theta_1 z + ... inside the unit circle replaced by its
/// reciprocal (the same autocorrelations, an invertible representation), as R's maInvert.
std::vector<double> invert_ma(std::span<const double> theta);

/// Coefficients delta_1..delta_d with (1 - B)^d y_t = y_t - sum_i delta_i y_{t-i}.
std::vector<double> difference_coefficients(int d);

}  // namespace stockcast::models::stat::detail
