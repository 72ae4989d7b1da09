#include "optimize.hpp"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace stockcast::models::stat::detail {
namespace {

nlopt::algorithm to_nlopt(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kLbfgs:
      return nlopt::LD_LBFGS;
    case Algorithm::kSlsqp:
      return nlopt::LD_SLSQP;
    case Algorithm::kBobyqa:
      return nlopt::LN_BOBYQA;
    case Algorithm::kNelderMead:
      return nlopt::LN_NELDERMEAD;
  }
  return nlopt::LD_LBFGS;
}

std::string result_text(int code) {
  switch (code) {
    case 1:
      return "SUCCESS";
    case 2:
      return "STOPVAL_REACHED";
    case 3:
      return "FTOL_REACHED";
    case 4:
      return "XTOL_REACHED";
    case 5:
      return "MAXEVAL_REACHED";
    case 6:
      return "MAXTIME_REACHED";
    case -1:
      return "FAILURE";
    case -2:
      return "INVALID_ARGS";
    case -3:
      return "OUT_OF_MEMORY";
    case -4:
      return "ROUNDOFF_LIMITED";
    case -5:
      return "FORCED_STOP";
    default:
      return "UNKNOWN(" + std::to_string(code) + ")";
  }
}

struct Context {
  const GradientObjective* f = nullptr;
  int evaluations = 0;
  double best_value = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_x;
};

double call(unsigned n, const double* x, double* grad, void* data) {
  auto* ctx = static_cast<Context*>(data);
  ++ctx->evaluations;
  const Eigen::Map<const Eigen::VectorXd> xv(x, n);
  Eigen::VectorXd g;
  const double value = (*ctx->f)(xv, grad != nullptr ? &g : nullptr);
  if (!std::isfinite(value)) {
    // Infeasible: a huge value with a gradient pointing back keeps quasi-Newton methods moving away.
    if (grad != nullptr) std::fill(grad, grad + n, 0.0);
    return std::numeric_limits<double>::max() / 4;
  }
  if (grad != nullptr) {
    for (unsigned i = 0; i < n; ++i) grad[i] = std::isfinite(g[i]) ? g[i] : 0.0;
  }
  if (value < ctx->best_value) {
    ctx->best_value = value;
    ctx->best_x = xv;
  }
  return value;
}

struct ConstraintContext {
  const GradientObjective* c = nullptr;
};

double call_constraint(unsigned n, const double* x, double* grad, void* data) {
  auto* ctx = static_cast<ConstraintContext*>(data);
  const Eigen::Map<const Eigen::VectorXd> xv(x, n);
  Eigen::VectorXd g;
  const double value = (*ctx->c)(xv, grad != nullptr ? &g : nullptr);
  if (grad != nullptr) {
    for (unsigned i = 0; i < n; ++i) grad[i] = g[i];
  }
  return value;
}

}  // namespace

MinimizeResult minimize(const GradientObjective& f, const Eigen::VectorXd& x0,
                        const MinimizeOptions& options) {
  const auto n = static_cast<unsigned>(x0.size());
  MinimizeResult result;
  result.x = x0;
  Context ctx;
  ctx.f = &f;
  ctx.best_x = x0;
  if (n == 0) {
    result.value = f(x0, nullptr);
    result.status = 1;
    result.status_text = result_text(1);
    return result;
  }
  nlopt::opt opt(to_nlopt(options.algorithm), n);
  opt.set_min_objective(call, &ctx);
  opt.set_xtol_rel(options.xtol_rel);
  opt.set_ftol_rel(options.ftol_rel);
  opt.set_maxeval(options.max_evaluations);
  if (options.lower.size() == x0.size()) {
    opt.set_lower_bounds(std::vector<double>(options.lower.data(), options.lower.data() + n));
  }
  if (options.upper.size() == x0.size()) {
    opt.set_upper_bounds(std::vector<double>(options.upper.data(), options.upper.data() + n));
  }
  std::vector<ConstraintContext> constraints(options.inequality.size());
  for (std::size_t i = 0; i < options.inequality.size(); ++i) {
    constraints[i].c = &options.inequality[i];
    opt.add_inequality_constraint(call_constraint, &constraints[i], 0.0);
  }
  if (options.initial_step > 0) opt.set_initial_step(options.initial_step);
  std::vector<double> x(x0.data(), x0.data() + n);
  double value = 0;
  int code = 0;
  try {
    code = static_cast<int>(opt.optimize(x, value));
  } catch (const nlopt::roundoff_limited&) {
    code = -4;
  } catch (const nlopt::forced_stop&) {
    code = -5;
  } catch (const std::invalid_argument&) {
    code = -2;
  } catch (const std::bad_alloc&) {
    code = -3;
  } catch (const std::runtime_error&) {
    code = -1;
  }
  result.status = code;
  result.status_text = result_text(code);
  result.evaluations = ctx.evaluations;
  // NLopt returns its last point on some failures; keep the best point it evaluated.
  result.x = ctx.best_x;
  result.value = ctx.best_value;
  if (!std::isfinite(result.value)) result.value = f(result.x, nullptr);
  return result;
}

Eigen::VectorXd numerical_gradient(const Objective& f, const Eigen::VectorXd& x, double relative_step) {
  Eigen::VectorXd g(x.size());
  Eigen::VectorXd xp = x;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double h = relative_step * std::max(std::abs(x[i]), 1.0);
    xp[i] = x[i] + h;
    const double fp = f(xp);
    xp[i] = x[i] - h;
    const double fm = f(xp);
    xp[i] = x[i];
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

GradientObjective with_numerical_gradient(Objective f, double relative_step) {
  return [f = std::move(f), relative_step](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
    const double value = f(x);
    if (gradient != nullptr && std::isfinite(value)) *gradient = numerical_gradient(f, x, relative_step);
    return value;
  };
}

Eigen::MatrixXd numerical_hessian(const Objective& f, const Eigen::VectorXd& x, double relative_step,
                                  double floor) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd hessian(n, n);
  Eigen::VectorXd h(n);
  for (Eigen::Index i = 0; i < n; ++i) h[i] = relative_step * std::max(std::abs(x[i]), floor);
  const double f0 = f(x);
  Eigen::VectorXd xp = x;
  for (Eigen::Index i = 0; i < n; ++i) {
    xp[i] = x[i] + h[i];
    const double fp = f(xp);
    xp[i] = x[i] - h[i];
    const double fm = f(xp);
    xp[i] = x[i];
    hessian(i, i) = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (Eigen::Index j = 0; j < i; ++j) {
      xp[i] = x[i] + h[i];
      xp[j] = x[j] + h[j];
      const double fpp = f(xp);
      xp[j] = x[j] - h[j];
      const double fpm = f(xp);
      xp[i] = x[i] - h[i];
      const double fmm = f(xp);
      xp[j] = x[j] + h[j];
      const double fmp = f(xp);
      xp[i] = x[i];
      xp[j] = x[j];
      hessian(i, j) = hessian(j, i) = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
    }
  }
  return hessian;
}

namespace {

// Newton-chord iterations on value/gradient/Hessian callbacks; see newton_refine().
template <typename Value, typename Gradient, typename Hessian>
NewtonResult newton_impl(const Value& value_of, const Gradient& gradient_of, const Hessian& hessian_of,
                         const Eigen::VectorXd& x0, int max_iterations, double tolerance) {
  // Newton-chord iterations: the Hessian is recomputed only when the previous step did not shrink
  // the Newton decrement tenfold (near an optimum one Hessian serves several steps).
  constexpr double kNoiseDecrement = 1e-8;  // below this a failed line search is rounding noise
  NewtonResult result;
  result.x = x0;
  result.value = value_of(x0);
  bool need_hessian = true;
  double previous_decrement = std::numeric_limits<double>::infinity();
  for (int it = 0; it < max_iterations; ++it) {
    const Eigen::VectorXd g = gradient_of(result.x);
    if (need_hessian) {
      result.hessian = hessian_of(result.x);
      need_hessian = false;
    }
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(result.hessian);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || ldlt.vectorD().minCoeff() <= 0) break;
    const Eigen::VectorXd step = ldlt.solve(g);
    const double decrement = 0.5 * g.dot(step);
    if (!std::isfinite(decrement)) break;
    if (decrement < tolerance) {
      // Converged: the last (tiny) step is still taken when it does not make things worse.
      const Eigen::VectorXd candidate = result.x - step;
      const double value = value_of(candidate);
      if (std::isfinite(value) && value <= result.value) {
        result.x = candidate;
        result.value = value;
      }
      result.converged = true;
      break;
    }
    double t = 1.0;
    bool improved = false;
    for (int k = 0; k < 30; ++k) {
      const Eigen::VectorXd candidate = result.x - t * step;
      const double value = value_of(candidate);
      if (std::isfinite(value) && value <= result.value) {
        result.x = candidate;
        result.value = value;
        improved = true;
        break;
      }
      t /= 2;
    }
    ++result.iterations;
    if (!improved) {
      result.converged = decrement < kNoiseDecrement;
      break;
    }
    if (t < 1.0 || decrement > 0.1 * previous_decrement) need_hessian = true;
    previous_decrement = decrement;
  }
  if (result.hessian.size() == 0) result.hessian = hessian_of(result.x);
  return result;
}

}  // namespace

NewtonResult newton_refine(const Objective& f, const Eigen::VectorXd& x0, int max_iterations,
                           double tolerance, double gradient_step, double hessian_step) {
  return newton_impl(
      f, [&](const Eigen::VectorXd& x) { return numerical_gradient(f, x, gradient_step); },
      [&](const Eigen::VectorXd& x) { return numerical_hessian(f, x, hessian_step); }, x0, max_iterations,
      tolerance);
}

NewtonResult newton_refine_batch(const BatchObjective& f, const Eigen::VectorXd& x0, int max_iterations,
                                 double tolerance, double gradient_step, double hessian_step) {
  const auto value_of = [&](const Eigen::VectorXd& x) {
    double v = 0;
    f(std::span<const Eigen::VectorXd>(&x, 1), std::span<double>(&v, 1));
    return v;
  };
  return newton_impl(
      value_of, [&](const Eigen::VectorXd& x) { return numerical_gradient_batch(f, x, gradient_step); },
      [&](const Eigen::VectorXd& x) { return numerical_hessian_batch(f, x, hessian_step); }, x0,
      max_iterations, tolerance);
}

Eigen::VectorXd numerical_gradient_batch(const BatchObjective& f, const Eigen::VectorXd& x,
                                         double relative_step, double* value) {
  const Eigen::Index n = x.size();
  std::vector<Eigen::VectorXd> points;
  points.reserve(static_cast<std::size_t>(2 * n + 1));
  Eigen::VectorXd h(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    h[i] = relative_step * std::max(std::abs(x[i]), 1.0);
    points.push_back(x);
    points.back()[i] += h[i];
    points.push_back(x);
    points.back()[i] -= h[i];
  }
  if (value != nullptr) points.push_back(x);
  std::vector<double> values(points.size());
  f(points, values);
  Eigen::VectorXd g(n);
  for (Eigen::Index i = 0; i < n; ++i) g[i] = (values[2 * i] - values[2 * i + 1]) / (2 * h[i]);
  if (value != nullptr) *value = values.back();
  return g;
}

Eigen::MatrixXd numerical_hessian_batch(const BatchObjective& f, const Eigen::VectorXd& x,
                                        double relative_step, double floor) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd h(n);
  for (Eigen::Index i = 0; i < n; ++i) h[i] = relative_step * std::max(std::abs(x[i]), floor);
  // Stencil: x, x +- h_i e_i, and x + s h_i e_i + t h_j e_j (s, t = +-1) for j < i.
  std::vector<Eigen::VectorXd> points{x};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (const double s : {1.0, -1.0}) {
      points.push_back(x);
      points.back()[i] += s * h[i];
    }
    for (Eigen::Index j = 0; j < i; ++j) {
      for (const double s : {1.0, -1.0}) {
        for (const double t : {1.0, -1.0}) {
          points.push_back(x);
          points.back()[i] += s * h[i];
          points.back()[j] += t * h[j];
        }
      }
    }
  }
  std::vector<double> values(points.size());
  f(points, values);
  Eigen::MatrixXd hessian(n, n);
  std::size_t k = 1;
  const double f0 = values[0];
  for (Eigen::Index i = 0; i < n; ++i) {
    const double fp = values[k++];
    const double fm = values[k++];
    hessian(i, i) = (fp - 2 * f0 + fm) / (h[i] * h[i]);
    for (Eigen::Index j = 0; j < i; ++j) {
      const double fpp = values[k++];
      const double fpm = values[k++];
      const double fmp = values[k++];
      const double fmm = values[k++];
      hessian(i, j) = hessian(j, i) = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
    }
  }
  return hessian;
}

Eigen::MatrixXd gradient_difference_hessian(const Objective& f, const Eigen::VectorXd& x,
                                            const Eigen::VectorXd& steps) {
  const Eigen::Index n = x.size();
  const auto gradient_at = [&](const Eigen::VectorXd& at) {
    Eigen::VectorXd g(n);
    Eigen::VectorXd xp = at;
    for (Eigen::Index j = 0; j < n; ++j) {
      xp[j] = at[j] + steps[j];
      const double fp = f(xp);
      xp[j] = at[j] - steps[j];
      const double fm = f(xp);
      xp[j] = at[j];
      g[j] = (fp - fm) / (2 * steps[j]);
    }
    return g;
  };
  Eigen::MatrixXd hessian(n, n);
  Eigen::VectorXd xp = x;
  for (Eigen::Index i = 0; i < n; ++i) {
    xp[i] = x[i] + steps[i];
    const Eigen::VectorXd gp = gradient_at(xp);
    xp[i] = x[i] - steps[i];
    const Eigen::VectorXd gm = gradient_at(xp);
    xp[i] = x[i];
    hessian.row(i) = ((gp - gm) / (2 * steps[i])).transpose();
  }
  return (0.5 * (hessian + hessian.transpose())).eval();
}

GradientObjective with_numerical_gradient_batch(BatchObjective f, double relative_step) {
  return [f = std::move(f), relative_step](const Eigen::VectorXd& x, Eigen::VectorXd* gradient) {
    if (gradient == nullptr) {
      double v = 0;
      f(std::span<const Eigen::VectorXd>(&x, 1), std::span<double>(&v, 1));
      return v;
    }
    double value = 0;
    *gradient = numerical_gradient_batch(f, x, relative_step, &value);
    return value;
  };
}

Eigen::MatrixXd hessian_from_gradient(const GradientObjective& f, const Eigen::VectorXd& x,
                                      double relative_step, double floor) {
  const Eigen::Index n = x.size();
  Eigen::MatrixXd hessian(n, n);
  Eigen::VectorXd xp = x;
  Eigen::VectorXd gp(n);
  Eigen::VectorXd gm(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const double h = relative_step * std::max(std::abs(x[j]), floor);
    xp[j] = x[j] + h;
    f(xp, &gp);
    xp[j] = x[j] - h;
    f(xp, &gm);
    xp[j] = x[j];
    hessian.col(j) = (gp - gm) / (2 * h);
  }
  return (0.5 * (hessian + hessian.transpose())).eval();
}

NewtonResult newton_refine_with_gradient(const GradientObjective& f, const Eigen::VectorXd& x0,
                                         int max_iterations, double tolerance, double hessian_step) {
  constexpr double kFloor = 1e-2;  // as hessian_from_gradient's default
  NewtonResult result;
  result.x = x0;
  Eigen::VectorXd g(x0.size());
  result.value = f(x0, &g);
  Eigen::VectorXd hessian_at;  // where result.hessian was computed
  // Moved further than this many finite-difference steps from hessian_at: recompute the Hessian.
  const auto moved = [&](const Eigen::VectorXd& x) {
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      if (std::abs(x[i] - hessian_at[i]) > 10 * hessian_step * std::max(std::abs(x[i]), kFloor)) return true;
    }
    return false;
  };
  bool need_hessian = true;
  double previous_decrement = std::numeric_limits<double>::infinity();
  for (int it = 0; it < max_iterations && std::isfinite(result.value); ++it) {
    // Chord iterations: one Hessian serves while the decrement falls at least tenfold per step.
    if (need_hessian || moved(result.x)) {
      result.hessian = hessian_from_gradient(f, result.x, hessian_step, kFloor);
      hessian_at = result.x;
      need_hessian = false;
    }
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(result.hessian);
    if (ldlt.info() != Eigen::Success || !ldlt.isPositive() || ldlt.vectorD().minCoeff() <= 0) break;
    const Eigen::VectorXd step = ldlt.solve(g);
    const double decrement = 0.5 * g.dot(step);
    if (!std::isfinite(decrement)) break;
    if (decrement < tolerance) {
      result.converged = true;
      break;
    }
    double t = 1.0;
    bool improved = false;
    Eigen::VectorXd g_candidate(x0.size());
    for (int k = 0; k < 30; ++k) {
      const Eigen::VectorXd candidate = result.x - t * step;
      const double value = f(candidate, &g_candidate);
      if (std::isfinite(value) && value <= result.value) {
        result.x = candidate;
        result.value = value;
        g = g_candidate;
        improved = true;
        break;
      }
      t /= 2;
    }
    ++result.iterations;
    if (!improved) break;
    if (t < 1.0 || decrement > 0.1 * previous_decrement) need_hessian = true;
    previous_decrement = decrement;
  }
  if (hessian_at.size() == 0 || moved(result.x))
    result.hessian = hessian_from_gradient(f, result.x, hessian_step, kFloor);
  return result;
}

}  // namespace stockcast::models::stat::detail
