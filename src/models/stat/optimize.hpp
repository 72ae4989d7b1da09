#pragma once
// Internal numerical tools of the statistical models: NLopt minimisation with numerical or analytic
// gradients, finite-difference gradients and Hessians, and a Newton refinement that polishes an
// optimum found by NLopt (so that standard errors and tight comparisons see a well-converged point).

#include <Eigen/Dense>

#include <functional>
#include <span>
#include <string>

namespace stockcast::models::stat::detail {

/// f(x); may return +inf (or NaN) where x is infeasible.
using Objective = std::function<double(const Eigen::VectorXd&)>;
/// f(x) with its gradient written into `gradient` when it is not null.
using GradientObjective = std::function<double(const Eigen::VectorXd&, Eigen::VectorXd* gradient)>;

/// NLopt algorithms the models use.
enum class Algorithm {
  kLbfgs,       ///< NLopt LD_LBFGS (gradient-based, bounds)
  kSlsqp,       ///< NLopt LD_SLSQP (gradient-based, bounds and inequality constraints)
  kBobyqa,      ///< NLopt LN_BOBYQA (derivative-free, bounds)
  kNelderMead,  ///< NLopt LN_NELDERMEAD (derivative-free, bounds)
};

/// Settings of minimize().
struct MinimizeOptions {
  Algorithm algorithm = Algorithm::kLbfgs;  ///< the NLopt algorithm
  double xtol_rel = 1e-10;                  ///< relative tolerance on x
  double ftol_rel = 1e-15;                  ///< relative tolerance on f
  int max_evaluations = 4000;               ///< cap on objective evaluations
  Eigen::VectorXd lower;                    ///< lower bounds (empty = none)
  Eigen::VectorXd upper;                    ///< upper bounds (empty = none)
  /// Inequality constraints c(x) <= 0 (SLSQP only), each with a gradient.
  std::vector<GradientObjective> inequality;
  double initial_step = 0;  ///< initial step for derivative-free methods (0 = NLopt's)
};

/// Outcome of minimize().
struct MinimizeResult {
  Eigen::VectorXd x;        ///< best point found
  double value = 0;         ///< f(x)
  int status = 0;           ///< NLopt's result code (positive = success, negative = failure)
  std::string status_text;  ///< NLopt's result as text, e.g. "XTOL_REACHED", "ROUNDOFF_LIMITED"
  int evaluations = 0;      ///< objective evaluations used
  /// True when NLopt reported success or stopped on round-off (normal with numerical gradients).
  [[nodiscard]] bool ok() const noexcept { return status > 0 || status == -4; }
};

/// Minimises `f` from `x0` with NLopt. Never throws for optimiser failures: the status says.
MinimizeResult minimize(const GradientObjective& f, const Eigen::VectorXd& x0,
                        const MinimizeOptions& options);

/// Wraps a value-only objective with central-difference gradients (step `relative_step` times
/// max(|x_i|, 1)).
GradientObjective with_numerical_gradient(Objective f, double relative_step = 1e-6);

/// Central-difference gradient of f at x.
Eigen::VectorXd numerical_gradient(const Objective& f, const Eigen::VectorXd& x, double relative_step = 1e-6);

/// Central-difference Hessian of f at x (symmetric), step `relative_step` times max(|x_i|, floor).
Eigen::MatrixXd numerical_hessian(const Objective& f, const Eigen::VectorXd& x, double relative_step = 1e-4,
                                  double floor = 1e-2);

/// Hessian as R's optim(hessian = TRUE) computes it: central differences of the central-difference
/// gradient, with absolute steps `steps` (R: ndeps = 1e-3 times parscale), then symmetrised.
Eigen::MatrixXd gradient_difference_hessian(const Objective& f, const Eigen::VectorXd& x,
                                            const Eigen::VectorXd& steps);

/// f at several points at once: values[i] = f(points[i]). Lets a model evaluate the points of a
/// finite-difference stencil together.
using BatchObjective = std::function<void(std::span<const Eigen::VectorXd> points, std::span<double> values)>;

/// numerical_gradient() with the 2n stencil points evaluated in one batch; `value` (optional)
/// receives f(x), evaluated in the same batch.
Eigen::VectorXd numerical_gradient_batch(const BatchObjective& f, const Eigen::VectorXd& x,
                                         double relative_step = 1e-6, double* value = nullptr);

/// numerical_hessian() with all stencil points evaluated in one batch.
Eigen::MatrixXd numerical_hessian_batch(const BatchObjective& f, const Eigen::VectorXd& x,
                                        double relative_step = 1e-4, double floor = 1e-2);

/// A GradientObjective whose value and central-difference gradient come from one batch.
GradientObjective with_numerical_gradient_batch(BatchObjective f, double relative_step = 1e-6);

/// Result of newton_refine().
struct NewtonResult {
  Eigen::VectorXd x;        ///< refined point
  double value = 0;         ///< f(x)
  Eigen::MatrixXd hessian;  ///< Hessian of f at x (numerical)
  int iterations = 0;       ///< Newton steps taken
  bool converged = false;   ///< the Newton decrement fell below the tolerance
};

/// Newton iterations on a smooth minimisation problem near its optimum: Hessian and gradient by
/// central differences, step halving until f decreases (and stays finite). Stops when the Newton
/// decrement g' H^-1 g / 2 is below `tolerance` or after `max_iterations`.
NewtonResult newton_refine(const Objective& f, const Eigen::VectorXd& x0, int max_iterations = 8,
                           double tolerance = 1e-12, double gradient_step = 1e-6, double hessian_step = 1e-4);

/// Central-difference Hessian of f from its analytic gradient: column j is
/// (g(x + h_j e_j) - g(x - h_j e_j)) / (2 h_j) with h_j = relative_step * max(|x_j|, floor),
/// symmetrised. 2 n gradient calls; far more accurate than second differences of values.
Eigen::MatrixXd hessian_from_gradient(const GradientObjective& f, const Eigen::VectorXd& x,
                                      double relative_step = 1e-5, double floor = 1e-2);

/// newton_refine() for an objective with an analytic gradient: the gradient is exact and the
/// Hessian comes from hessian_from_gradient() (2 n gradient calls), reused across steps while the
/// Newton decrement g' H^-1 g / 2 falls tenfold per full step (chord iterations). Stops when the
/// decrement is below `tolerance` (converged), the Hessian is not positive definite, no
/// step-halving decreases f, or after `max_iterations`. `hessian` is taken at the final x, or at a
/// point within 10 finite-difference steps of it (a difference far below the Hessian's own error).
NewtonResult newton_refine_with_gradient(const GradientObjective& f, const Eigen::VectorXd& x0,
                                         int max_iterations = 8, double tolerance = 1e-12,
                                         double hessian_step = 1e-5);

/// newton_refine() with batched gradients and Hessians.
NewtonResult newton_refine_batch(const BatchObjective& f, const Eigen::VectorXd& x0, int max_iterations = 8,
                                 double tolerance = 1e-12, double gradient_step = 1e-6,
                                 double hessian_step = 1e-4);

}  // namespace stockcast::models::stat::detail
