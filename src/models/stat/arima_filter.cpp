#include "arima_filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "polynomial.hpp"
#include "stockcast/core/error.hpp"

namespace stockcast::models::stat::detail {
namespace {

constexpr double kDiffuseVariance = 1e6;  // statsmodels' and R's approximate diffuse prior
constexpr double kRGainLimit = 1e4;       // R's ARIMA_Like skips observations with F >= 1e4
// The prediction covariance counts as converged (and is frozen) once no entry changes by more than
// this many units in the last place: the remaining changes are rounding noise.
constexpr double kSteadyUlps = 4.0;
// Prediction variances multiplied before one log is taken (F stays far from overflow: it is at least
// 1, the innovation variance, and bounded by the stationary variance).
constexpr int kLogBlock = 16;
// Small matrices without heap allocation (the state dimension r = max(p, q + 1) is at most 21).
using SmallMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 24, 24>;
using SmallVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 24, 1>;

template <typename Vector>
void predict_state(const ArmaSystem& s, Vector& a) {
  const int r = s.r;
  const double a0 = a[0];
  for (int i = 0; i < r; ++i) a[i] = s.phi[i] * a0 + (i + 1 < r ? a[i + 1] : 0.0);
}

// The full (r + d)-dimensional system for the diffuse start.
struct FullSystem {
  Eigen::MatrixXd T;
  Eigen::VectorXd Z;
  Eigen::VectorXd R;
};

FullSystem make_full(const ArmaSystem& s, int d) {
  const int r = s.r;
  const int m = r + d;
  const auto delta = difference_coefficients(d);
  FullSystem f;
  f.T = Eigen::MatrixXd::Zero(m, m);
  for (int i = 0; i < r; ++i) {
    f.T(i, 0) = s.phi[i];
    if (i + 1 < r) f.T(i, i + 1) = 1.0;
  }
  // New first integrated state: y_t = alpha_t[0] + sum_i delta_i y_{t-i}.
  f.T(r, 0) = 1.0;
  for (int i = 0; i < d; ++i) f.T(r, r + i) = delta[static_cast<std::size_t>(i)];
  for (int i = 1; i < d; ++i) f.T(r + i, r + i - 1) = 1.0;
  f.Z = Eigen::VectorXd::Zero(m);
  f.Z[0] = 1.0;
  for (int i = 0; i < d; ++i) f.Z[r + i] = delta[static_cast<std::size_t>(i)];
  f.R = Eigen::VectorXd::Zero(m);
  f.R.head(r) = s.rvec;
  return f;
}

// The fixed-gain filter from observation `from` to the end: returns sum v_t^2 and leaves the
// predicted state in `a`.
template <typename Vector>
double steady_tail(const ArmaSystem& s, const Vector& gain, const std::vector<double>& delta, int d,
                   std::span<const double> y, std::size_t from, Vector& a, std::size_t end = SIZE_MAX) {
  const int r = s.r;
  const std::size_t n = std::min(y.size(), end);
  double ssq = 0;
  if (r == 1) {
    const double phi = s.phi[0];
    const double g = gain[0];
    double a0 = a[0];
    for (std::size_t t = from; t < n; ++t) {
      double w = y[t];
      for (int i = 0; i < d; ++i)
        w -= delta[static_cast<std::size_t>(i)] * y[t - static_cast<std::size_t>(i) - 1];
      const double v = w - a0;
      ssq += v * v;
      a0 = phi * (a0 + g * v);
    }
    a[0] = a0;
    return ssq;
  }
  if (r == 2) {
    const double phi0 = s.phi[0];
    const double phi1 = s.phi[1];
    const double g0 = gain[0];
    const double g1 = gain[1];
    double a0 = a[0];
    double a1 = a[1];
    for (std::size_t t = from; t < n; ++t) {
      double w = y[t];
      for (int i = 0; i < d; ++i)
        w -= delta[static_cast<std::size_t>(i)] * y[t - static_cast<std::size_t>(i) - 1];
      const double v = w - a0;
      ssq += v * v;
      const double u0 = a0 + g0 * v;
      a0 = phi0 * u0 + a1 + g1 * v;
      a1 = phi1 * u0;
    }
    a[0] = a0;
    a[1] = a1;
    return ssq;
  }
  for (std::size_t t = from; t < n; ++t) {
    double w = y[t];
    for (int i = 0; i < d; ++i)
      w -= delta[static_cast<std::size_t>(i)] * y[t - static_cast<std::size_t>(i) - 1];
    const double v = w - a[0];
    ssq += v * v;
    const double u0 = a[0] + gain[0] * v;
    for (int i = 0; i + 1 < r; ++i) a[i] = s.phi[i] * u0 + a[i + 1] + gain[i + 1] * v;
    a[r - 1] = s.phi[r - 1] * u0;
  }
  return ssq;
}

bool include_observation(ArimaLikelihood convention, std::size_t t, int d, double gain) {
  switch (convention) {
    case ArimaLikelihood::kStatsmodels:
      return t >= static_cast<std::size_t>(d);
    case ArimaLikelihood::kR:
      return gain < kRGainLimit;
    case ArimaLikelihood::kExact:
      return true;
  }
  return true;
}

}  // namespace

ArmaSystem make_arma_system(std::span<const double> ar, std::span<const double> ma) {
  ArmaSystem s;
  s.r = static_cast<int>(std::max(ar.size(), ma.size() + 1));
  s.phi = Eigen::VectorXd::Zero(s.r);
  s.rvec = Eigen::VectorXd::Zero(s.r);
  for (std::size_t i = 0; i < ar.size(); ++i) s.phi[static_cast<Eigen::Index>(i)] = ar[i];
  s.rvec[0] = 1.0;
  for (std::size_t i = 0; i < ma.size(); ++i) s.rvec[static_cast<Eigen::Index>(i) + 1] = ma[i];
  return s;
}

bool stationary_covariance(const ArmaSystem& s, Eigen::MatrixXd& out) {
  const int r = s.r;
  std::vector<double> phi(s.phi.data(), s.phi.data() + r);
  if (!ar_stationary(phi)) return false;
  if (r == 1) {
    out.resize(1, 1);
    out(0, 0) = 1.0 / (1.0 - s.phi[0] * s.phi[0]);
    return true;
  }
  // Solve vec(P) = (T kron T) vec(P) + vec(R R') over the r (r + 1) / 2 distinct entries.
  const int n = r * (r + 1) / 2;
  auto index = [r](int i, int j) {
    if (i < j) std::swap(i, j);
    return j * r - j * (j - 1) / 2 + (i - j);
  };
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(r, r);
  for (int i = 0; i < r; ++i) {
    t(i, 0) = s.phi[i];
    if (i + 1 < r) t(i, i + 1) = 1.0;
  }
  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
  Eigen::VectorXd b(n);
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j <= i; ++j) {
      const int row = index(i, j);
      b[row] = s.rvec[i] * s.rvec[j];
      // P_ij - sum_{k,l} T_ik T_jl P_kl = (R R')_ij; T has at most two nonzeros per row.
      for (int k = 0; k < r; ++k) {
        if (t(i, k) == 0.0) continue;
        for (int l = 0; l < r; ++l) {
          if (t(j, l) == 0.0) continue;
          a(row, index(k, l)) -= t(i, k) * t(j, l);
        }
      }
    }
  }
  const Eigen::VectorXd v = a.partialPivLu().solve(b);
  out.resize(r, r);
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j < r; ++j) out(i, j) = v[index(i, j)];
  }
  return v.allFinite();
}

FilterSums run_filter(const ArmaSystem& s, const Eigen::MatrixXd& q0, int d, std::span<const double> y,
                      ArimaLikelihood convention, double sigma2, const FilterOutputs& outputs) {
  const int r = s.r;
  const std::size_t n = y.size();
  FilterSums sums;
  std::size_t next_snapshot = 0;
  if (!outputs.snapshot_after.empty() && outputs.snapshot_after.front() < static_cast<std::size_t>(d)) {
    throw InvalidInput(fmt::format("ARIMA forecast origin {} lies within the first d = {} observations",
                                   outputs.snapshot_after.front(), d));
  }
  auto record = [&](std::size_t t, double v, double f) {
    if (outputs.residuals != nullptr) outputs.residuals->push_back(v);
    if (outputs.variances != nullptr) outputs.variances->push_back(f);
    if (outputs.index != nullptr) outputs.index->push_back(t);
  };

  Eigen::VectorXd a = Eigen::VectorXd::Zero(r);
  Eigen::MatrixXd P = q0;
  std::size_t start = 0;
  if (d > 0 && convention != ArimaLikelihood::kExact) {
    // Full-state filter over the first d observations with the approximate diffuse prior.
    const FullSystem f = make_full(s, d);
    const int m = r + d;
    const double kappa =
        convention == ArimaLikelihood::kStatsmodels ? kDiffuseVariance / sigma2 : kDiffuseVariance;
    Eigen::VectorXd af = Eigen::VectorXd::Zero(m);
    Eigen::MatrixXd pf = Eigen::MatrixXd::Zero(m, m);
    pf.topLeftCorner(r, r) = q0;
    for (int i = 0; i < d; ++i) pf(r + i, r + i) = kappa;
    const Eigen::MatrixXd rr = f.R * f.R.transpose();
    for (std::size_t t = 0; t < static_cast<std::size_t>(d) && t < n; ++t) {
      const double v = y[t] - f.Z.dot(af);
      const Eigen::VectorXd mvec = pf * f.Z;
      const double gain = f.Z.dot(mvec);
      if (include_observation(convention, t, d, gain)) {
        sums.ssq += v * v / gain;
        sums.sumlog += std::log(gain);
        ++sums.nu;
        record(t, v, gain);
      }
      af += mvec * (v / gain);
      pf -= mvec * mvec.transpose() / gain;
      af = f.T * af;
      pf = f.T * pf * f.T.transpose() + rr;
    }
    a = af.head(r);
    P = pf.topLeftCorner(r, r);
    start = static_cast<std::size_t>(d);
  } else if (d > 0) {
    start = static_cast<std::size_t>(d);
  }

  const auto delta = difference_coefficients(d);
  SmallMatrix pm = P;
  SmallMatrix work(r, r);
  SmallVector am = a;
  SmallVector gain_vec(r);
  bool steady = false;
  double f_steady = 0;
  double inv_f_steady = 0;
  int steady_count = 0;  // included observations since the covariance froze (their log F is equal)
  double log_product = 1.0;
  int log_count = 0;
  const bool recording =
      outputs.residuals != nullptr || outputs.variances != nullptr || outputs.index != nullptr;
  for (std::size_t t = start; t < n; ++t) {
    double w = y[t];
    for (int i = 0; i < d; ++i)
      w -= delta[static_cast<std::size_t>(i)] * y[t - static_cast<std::size_t>(i) - 1];
    const double v = w - am[0];
    const double f = steady ? f_steady : pm(0, 0);
    if (steady) {
      if (include_observation(convention, t, d, f)) {
        sums.ssq += v * v * inv_f_steady;
        ++steady_count;
        if (recording) record(t, v, f);
      }
    } else if (include_observation(convention, t, d, f)) {
      sums.ssq += v * v / f;
      // log F is summed as the log of running products (one log per block instead of per step).
      log_product *= f;
      if (++log_count == kLogBlock || log_product > 1e200) {
        sums.sumlog += std::log(log_product);
        log_product = 1.0;
        log_count = 0;
      }
      ++sums.nu;
      if (recording) record(t, v, f);
    }
    if (steady) {
      const double a0 = am[0] + gain_vec[0] * v;
      for (int i = 0; i + 1 < r; ++i) am[i] = s.phi[i] * a0 + am[i + 1] + gain_vec[i + 1] * v;
      am[r - 1] = s.phi[r - 1] * a0;
    } else {
      const double scale_v = v / f;
      for (int i = 0; i < r; ++i) am[i] += pm(i, 0) * scale_v;
      // Updated covariance P - P e0 e0' P / f into work.
      for (int j = 0; j < r; ++j) {
        const double pj = pm(0, j) / f;
        for (int i = 0; i < r; ++i) work(i, j) = pm(i, j) - pm(i, 0) * pj;
      }
      predict_state(s, am);
      // Prediction: pm_new = T work T' + R R'; converged when no entry moves by more than a few ulps.
      SmallMatrix tw(r, r);
      for (int j = 0; j < r; ++j) {
        for (int i = 0; i < r; ++i) tw(i, j) = s.phi[i] * work(0, j) + (i + 1 < r ? work(i + 1, j) : 0.0);
      }
      bool unchanged = true;
      const double floor = 1e-6 * std::abs(pm(0, 0));
      for (int j = 0; j < r; ++j) {
        for (int i = 0; i < r; ++i) {
          const double value = s.phi[j] * tw(i, 0) + (j + 1 < r ? tw(i, j + 1) : 0.0) + s.rvec[i] * s.rvec[j];
          if (std::abs(value - pm(i, j)) >
              kSteadyUlps * std::numeric_limits<double>::epsilon() * std::max(std::abs(value), floor)) {
            unchanged = false;
          }
          pm(i, j) = value;
        }
      }
      if (unchanged) {
        steady = true;
        f_steady = pm(0, 0);
        inv_f_steady = 1.0 / f_steady;
        for (int i = 0; i < r; ++i) gain_vec[i] = pm(i, 0) / f_steady;
        if (outputs.handoff != nullptr && !recording && outputs.snapshots == nullptr && t + 1 < n) {
          SteadyHandoff& h = *outputs.handoff;
          h.active = true;
          h.next = t + 1;
          h.a.assign(am.data(), am.data() + r);
          h.gain.assign(gain_vec.data(), gain_vec.data() + r);
          h.f = f_steady;
          h.included = include_observation(convention, t + 1, d, f_steady);
          break;
        }
        if (!recording && outputs.snapshots == nullptr && t + 1 < n) {
          // Steady state and nothing to record: the rest is a fixed-gain recursion.
          const bool included = include_observation(convention, t + 1, d, f_steady);
          const double ssq = steady_tail(s, gain_vec, delta, d, y, t + 1, am);
          if (included) {
            sums.ssq += ssq * inv_f_steady;
            steady_count += static_cast<int>(n - t - 1);
          }
          break;
        }
      }
    }
    if (outputs.snapshots != nullptr) {
      while (next_snapshot < outputs.snapshot_after.size() && outputs.snapshot_after[next_snapshot] == t) {
        FilterState state;
        state.a = am;
        state.P = pm;
        state.last.resize(static_cast<std::size_t>(d));
        for (int i = 0; i < d; ++i)
          state.last[static_cast<std::size_t>(i)] = y[t - static_cast<std::size_t>(i)];
        outputs.snapshots->push_back(std::move(state));
        ++next_snapshot;
      }
    }
  }
  sums.sumlog += std::log(log_product);
  if (steady_count > 0) {
    sums.sumlog += steady_count * std::log(f_steady);
    sums.nu += steady_count;
  }
  a = am;
  P = pm;
  if (outputs.final_state != nullptr) {
    outputs.final_state->a = a;
    outputs.final_state->P = P;
    outputs.final_state->last.resize(static_cast<std::size_t>(d));
    for (int i = 0; i < d && static_cast<std::size_t>(i) < n; ++i) {
      outputs.final_state->last[static_cast<std::size_t>(i)] = y[n - 1 - static_cast<std::size_t>(i)];
    }
  }
  return sums;
}

namespace {

constexpr int kMaxLanes = 8;

// Interleaved fixed-gain recursions of `count` lanes over [from, n), state dimension R (0 = any).
template <int R>
void joint_tail(int r, int count, const double* const* y, const double* const* phi, double (*a)[24],
                double (*g)[24], const std::vector<double>& delta, int d, std::size_t from, std::size_t n,
                double* ssq) {
  const int rr = R > 0 ? R : r;
  for (std::size_t t = from; t < n; ++t) {
    for (int l = 0; l < count; ++l) {
      const double* yl = y[l];
      double w = yl[t];
      for (int i = 0; i < d; ++i)
        w -= delta[static_cast<std::size_t>(i)] * yl[t - static_cast<std::size_t>(i) - 1];
      double* al = a[l];
      const double* gl = g[l];
      const double* pl = phi[l];
      const double v = w - al[0];
      ssq[l] += v * v;
      const double u0 = al[0] + gl[0] * v;
      for (int i = 0; i + 1 < rr; ++i) al[i] = pl[i] * u0 + al[i + 1] + gl[i + 1] * v;
      al[rr - 1] = pl[rr - 1] * u0;
    }
  }
}

}  // namespace

void run_filter_batch(std::span<const BatchLane> lanes, int d, ArimaLikelihood convention,
                      std::span<FilterSums> sums) {
  const auto delta = difference_coefficients(d);
  std::vector<SteadyHandoff> handoffs(lanes.size());
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    FilterOutputs outputs;
    outputs.handoff = &handoffs[l];
    sums[l] = run_filter(*lanes[l].system, *lanes[l].q0, d, lanes[l].y, convention, lanes[l].sigma2, outputs);
  }
  std::vector<std::size_t> active;
  for (std::size_t l = 0; l < lanes.size(); ++l) {
    if (handoffs[l].active) active.push_back(l);
  }
  for (std::size_t begin = 0; begin < active.size(); begin += kMaxLanes) {
    const int count = static_cast<int>(std::min<std::size_t>(kMaxLanes, active.size() - begin));
    const double* y[kMaxLanes];
    const double* phi[kMaxLanes];
    double a[kMaxLanes][24];
    double g[kMaxLanes][24];
    double ssq[kMaxLanes] = {};
    std::size_t t0 = 0;
    const int r = lanes[active[begin]].system->r;
    std::size_t n = lanes[active[begin]].y.size();
    for (int j = 0; j < count; ++j) t0 = std::max(t0, handoffs[active[begin + j]].next);
    for (int j = 0; j < count; ++j) {
      const std::size_t l = active[begin + static_cast<std::size_t>(j)];
      const SteadyHandoff& h = handoffs[l];
      SmallVector av(r);
      SmallVector gv(r);
      for (int i = 0; i < r; ++i) {
        av[i] = h.a[static_cast<std::size_t>(i)];
        gv[i] = h.gain[static_cast<std::size_t>(i)];
      }
      // Bring the lane to the common start on its own.
      ssq[j] = steady_tail(*lanes[l].system, gv, delta, d, lanes[l].y, h.next, av, t0);
      for (int i = 0; i < r; ++i) {
        a[j][i] = av[i];
        g[j][i] = gv[i];
      }
      y[j] = lanes[l].y.data();
      phi[j] = lanes[l].system->phi.data();
    }
    switch (r) {
      case 1:
        joint_tail<1>(r, count, y, phi, a, g, delta, d, t0, n, ssq);
        break;
      case 2:
        joint_tail<2>(r, count, y, phi, a, g, delta, d, t0, n, ssq);
        break;
      case 3:
        joint_tail<3>(r, count, y, phi, a, g, delta, d, t0, n, ssq);
        break;
      default:
        joint_tail<0>(r, count, y, phi, a, g, delta, d, t0, n, ssq);
        break;
    }
    for (int j = 0; j < count; ++j) {
      const std::size_t l = active[begin + static_cast<std::size_t>(j)];
      const SteadyHandoff& h = handoffs[l];
      if (!h.included) continue;
      const std::size_t m = n - h.next;
      sums[l].ssq += ssq[j] / h.f;
      sums[l].sumlog += static_cast<double>(m) * std::log(h.f);
      sums[l].nu += static_cast<int>(m);
    }
  }
}

double loglik_from_sums(const FilterSums& sums, double sigma2) {
  return -0.5 * (sums.nu * std::log(2.0 * std::numbers::pi * sigma2) + sums.sumlog + sums.ssq / sigma2);
}

double concentrated_from_sums(const FilterSums& sums, std::size_t n_used, double* sigma2_out) {
  const double s2 = sums.ssq / sums.nu;
  if (sigma2_out != nullptr) *sigma2_out = s2;
  const auto nu = static_cast<double>(n_used);
  return -0.5 * (nu * std::log(2.0 * std::numbers::pi * s2) + nu * sums.sumlog / sums.nu + nu);
}

void forecast_from_state(const ArmaSystem& s, int d, const FilterState& state, int horizon,
                         std::vector<double>& mean, std::vector<double>& variance) {
  const int r = s.r;
  const FullSystem f = make_full(s, d);
  const int m = r + d;
  Eigen::VectorXd a(m);
  a.head(r) = state.a;
  for (int i = 0; i < d; ++i) a[r + i] = state.last[static_cast<std::size_t>(i)];
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(m, m);
  p.topLeftCorner(r, r) = state.P;
  const Eigen::MatrixXd rr = f.R * f.R.transpose();
  mean.resize(static_cast<std::size_t>(horizon));
  variance.resize(static_cast<std::size_t>(horizon));
  for (int h = 0; h < horizon; ++h) {
    mean[static_cast<std::size_t>(h)] = f.Z.dot(a);
    variance[static_cast<std::size_t>(h)] = f.Z.dot(p * f.Z);
    a = f.T * a;
    p = f.T * p * f.T.transpose() + rr;
  }
}

}  // namespace stockcast::models::stat::detail
