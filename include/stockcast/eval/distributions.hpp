#pragma once
/// \file
/// Distribution functions the tests and intervals need (no external statistics library).

namespace stockcast::eval {

/// Standard normal cumulative distribution function.
double normal_cdf(double x);

/// Standard normal quantile: x with normal_cdf(x) = p, for 0 < p < 1 (throws InvalidInput
/// otherwise). Accurate to ~1e-14.
double normal_quantile(double p);

/// Cumulative distribution function of Student's t with `df` > 0 degrees of freedom (throws
/// InvalidInput for df <= 0), via the regularised incomplete beta function.
double student_t_cdf(double t, double df);

/// Regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1.
double regularized_incomplete_beta(double x, double a, double b);

}  // namespace stockcast::eval
