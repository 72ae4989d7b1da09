#include "stockcast/models/stat/auto_arima.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <tuple>

#include "parallel.hpp"
#include "polynomial.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"

namespace stockcast::models::stat {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// auto.arima discards models with a root closer to the unit circle than this.
constexpr double kMinRoot = 1.01;
// R's optim() default relative tolerance, sqrt(machine epsilon).
constexpr double kROptimTolerance = 1.4901161193847656e-08;
// auto.arima's default switch to CSS approximations.
constexpr std::size_t kApproximationLength = 150;

struct Key {
  int p = 0;
  int q = 0;
  bool constant = false;
  friend bool operator<(const Key& a, const Key& b) {
    return std::tie(a.p, a.q, a.constant) < std::tie(b.p, b.q, b.constant);
  }
  friend bool operator==(const Key& a, const Key& b) = default;
};

struct Evaluated {
  double ic = kInf;
  std::optional<ArimaFit> fit;
};

// Smallest modulus of the roots of 1 - c_1 z - ... (coefficients below 1e-8 at the end dropped).
double min_root(std::vector<double> c) {
  while (!c.empty() && std::abs(c.back()) <= 1e-8) c.pop_back();
  if (c.empty()) return kInf;
  double m = kInf;
  for (const auto& z : detail::lag_roots(c)) m = std::min(m, std::abs(z));
  return m;
}

double criterion(const ArimaFit& fit, InformationCriterion ic) {
  switch (ic) {
    case InformationCriterion::kAic:
      return fit.aic;
    case InformationCriterion::kAicc:
      return fit.aicc;
    case InformationCriterion::kBic:
      return fit.bic;
  }
  return fit.aicc;
}

// auto.arima's myarima(): fit, take the criterion, reject models with roots near the unit circle or
// a coefficient variance that is not positive.
Evaluated evaluate(std::span<const double> y, int d, const Key& key, bool approximation,
                   InformationCriterion ic, ArimaLikelihood likelihood) {
  Evaluated out;
  ArimaOptions options;
  options.order = {key.p, d, key.q};
  options.trend = key.constant ? ArimaTrend::kConstant : ArimaTrend::kNone;
  options.method = approximation ? ArimaMethod::kCss : ArimaMethod::kCssMl;
  options.likelihood = likelihood;
  options.standard_errors = true;
  options.start = ArimaStart::kZero;
  options.css_tolerance = kROptimTolerance;
  // One local search from the CSS estimate, as R's CSS-ML: the search compares models as
  // auto.arima does rather than exploring each likelihood for a second optimum.
  options.multiple_starts = false;
  try {
    out.fit = fit_arima(y, options);
  } catch (const Error&) {
    out.fit.reset();
    return out;
  }
  const ArimaFit& fit = *out.fit;
  double value = criterion(fit, ic);
  if (!std::isfinite(value)) return out;
  const auto& c = fit.model.coefficients();
  std::vector<double> neg_ma(c.ma.size());
  for (std::size_t i = 0; i < neg_ma.size(); ++i) neg_ma[i] = -c.ma[i];
  if (std::min(min_root(c.ar), min_root(neg_ma)) < kMinRoot) value = kInf;
  // Variances of the coefficients (sigma2 excluded, as R's var.coef).
  for (Eigen::Index i = 0; i + 1 < fit.std_errors.size(); ++i) {
    if (!(fit.cov(i, i) > 0)) value = kInf;
  }
  out.ic = value;
  return out;
}

class Search {
 public:
  Search(std::span<const double> y, int d, const AutoArimaOptions& options, InformationCriterion ic)
      : y_(y), d_(d), options_(options), ic_(ic), threads_(detail::resolve_threads(options.threads)) {}

  // Fits every key not fitted yet (in parallel) with the given approximation setting.
  void ensure(const std::vector<Key>& keys, bool approximation) {
    auto& cache = approximation ? approximate_ : exact_;
    std::vector<Key> todo;
    for (const auto& k : keys) {
      if (!cache.contains(k) && std::find(todo.begin(), todo.end(), k) == todo.end()) todo.push_back(k);
    }
    std::vector<Evaluated> fitted(todo.size());
    detail::parallel_for(todo.size(), threads_, [&](std::size_t i) {
      fitted[i] = evaluate(y_, d_, todo[i], approximation, ic_, options_.likelihood);
    });
    fits_ += static_cast<int>(todo.size());
    for (std::size_t i = 0; i < todo.size(); ++i) cache.emplace(todo[i], std::move(fitted[i]));
  }

  const Evaluated& get(const Key& key, bool approximation) {
    ensure({key}, approximation);
    return (approximation ? approximate_ : exact_).at(key);
  }

  [[nodiscard]] int fits() const { return fits_; }
  [[nodiscard]] int threads() const { return threads_; }

 private:
  std::span<const double> y_;
  int d_;
  const AutoArimaOptions& options_;
  InformationCriterion ic_;
  int threads_;
  int fits_ = 0;
  std::map<Key, Evaluated> approximate_;
  std::map<Key, Evaluated> exact_;
};

AutoArimaCandidate candidate(const Key& key, int d, double ic) {
  return {{key.p, d, key.q}, key.constant, ic};
}

// Refits the candidates by ML in order of their approximate criterion and returns the first usable
// one (auto.arima's "Now re-fitting the best model(s) without approximations").
std::optional<std::pair<Key, const Evaluated*>> refit_in_order(
    Search& search, const std::vector<AutoArimaCandidate>& results) {
  std::vector<std::size_t> order(results.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return results[a].ic < results[b].ic; });
  const auto batch = static_cast<std::size_t>(search.threads());
  for (std::size_t begin = 0; begin < order.size(); begin += batch) {
    std::vector<Key> keys;
    for (std::size_t i = begin; i < std::min(order.size(), begin + batch); ++i) {
      const auto& r = results[order[i]];
      keys.push_back({r.order.p, r.order.q, r.constant});
    }
    search.ensure(keys, false);
    for (const auto& key : keys) {
      const Evaluated& e = search.get(key, false);
      if (e.ic < kInf) return std::make_pair(key, &e);
    }
  }
  return std::nullopt;
}

}  // namespace

void AutoArimaOptions::validate(std::string_view where) const {
  if (max_p < 0 || max_q < 0 || max_order < 0 || max_d < 0 || start_p < 0 || start_q < 0) {
    throw InvalidInput(fmt::format("{}: orders must not be negative", where));
  }
  if (max_p > 20 || max_q > 20)
    throw InvalidInput(fmt::format("{}: max_p and max_q must be at most 20", where));
  if (max_d > 2) throw InvalidInput(fmt::format("{}: max_d {} must be at most 2", where, max_d));
  if (d && (*d < 0 || *d > 2)) throw InvalidInput(fmt::format("{}: d = {} must be 0, 1 or 2", where, *d));
  if (!(kpss_alpha >= 0.01 && kpss_alpha <= 0.1)) {
    throw InvalidInput(fmt::format("{}: kpss_alpha {} must lie in [0.01, 0.1]", where, kpss_alpha));
  }
  if (max_models < 1)
    throw InvalidInput(fmt::format("{}: max_models {} must be at least 1", where, max_models));
  if (threads < 0) throw InvalidInput(fmt::format("{}: threads {} must not be negative", where, threads));
}

AutoArimaResult auto_arima(std::span<const double> y, const AutoArimaOptions& options) {
  constexpr std::string_view kWhere = "auto_arima";
  options.validate(kWhere);
  require_finite_values(y, kWhere);
  const std::size_t n = y.size();
  if (n < 4) throw InvalidInput(fmt::format("{}: {} observations are too few (need at least 4)", kWhere, n));
  if (eval::is_constant(y)) {
    throw InvalidInput(fmt::format("{}: the series is constant; there is nothing to model", kWhere));
  }
  InformationCriterion ic = options.ic;
  if (n <= 3) ic = InformationCriterion::kAic;
  const int cap = static_cast<int>(n / 3);
  const int max_p = std::min(options.max_p, cap);
  const int max_q = std::min(options.max_q, cap);
  const int d = options.d ? *options.d : eval::ndiffs(y, options.kpss_alpha, options.max_d);
  if (n <= static_cast<std::size_t>(d) + 3) {
    throw InvalidInput(fmt::format("{}: {} observations are too few for d = {}", kWhere, n, d));
  }
  const auto dx = d > 0 ? eval::difference(y, d) : std::vector<double>(y.begin(), y.end());
  if (eval::is_constant(dx)) {
    throw InvalidInput(
        fmt::format("{}: the series is constant after {} difference(s) (a deterministic trend); there is "
                    "nothing to model",
                    kWhere, d));
  }
  const bool approximation = options.approximation.value_or(n > kApproximationLength);
  const bool allow_drift = options.allow_drift && d == 1;
  const bool allow_mean = options.allow_mean && d == 0;
  bool constant = allow_drift || allow_mean;

  Search search(y, d, options, ic);
  AutoArimaResult result;
  result.approximation = approximation;
  const Evaluated* best = nullptr;
  Key best_key;

  if (!options.stepwise) {
    // Exhaustive search in auto.arima's loop order; strict improvement keeps the first of ties.
    std::vector<Key> keys;
    const int max_k = (allow_drift || allow_mean) ? 1 : 0;
    for (int i = 0; i <= max_p; ++i) {
      for (int j = 0; j <= max_q; ++j) {
        if (i + j > options.max_order) continue;
        for (int k = 0; k <= max_k; ++k) keys.push_back({i, j, k == 1});
      }
    }
    search.ensure(keys, approximation);
    double best_ic = kInf;
    for (const auto& key : keys) {
      const Evaluated& e = search.get(key, approximation);
      result.searched.push_back(candidate(key, d, e.ic));
      if (e.ic < best_ic) {
        best_ic = e.ic;
        best = &e;
        best_key = key;
      }
    }
    if (best != nullptr && approximation) {
      const Evaluated& refit = search.get(best_key, false);
      if (refit.ic < kInf) {
        best = &refit;
      } else {
        // The approximate winner does not survive the exact fit: search again without approximation.
        search.ensure(keys, false);
        best = nullptr;
        best_ic = kInf;
        for (const auto& key : keys) {
          const Evaluated& e = search.get(key, false);
          if (e.ic < best_ic) {
            best_ic = e.ic;
            best = &e;
            best_key = key;
          }
        }
      }
    }
  } else {
    int p = std::min(options.start_p, max_p);
    int q = std::min(options.start_q, max_q);
    if (n < 10) {
      p = std::min(p, 1);
      q = std::min(q, 1);
    }
    std::vector<AutoArimaCandidate>& results = result.searched;
    auto in_results = [&](const Key& key) {
      return std::any_of(results.begin(), results.end(), [&](const AutoArimaCandidate& c) {
        return c.order.p == key.p && c.order.q == key.q && c.constant == key.constant;
      });
    };
    std::vector<Key> initial{{p, q, constant}, {0, 0, constant}};
    if (max_p > 0) initial.push_back({1, 0, constant});
    if (max_q > 0) initial.push_back({0, 1, constant});
    if (constant) initial.push_back({0, 0, false});
    search.ensure(initial, approximation);
    best_key = initial[0];
    best = &search.get(best_key, approximation);
    results.push_back(candidate(best_key, d, best->ic));
    auto consider = [&](const Key& key) {
      const Evaluated& e = search.get(key, approximation);
      results.push_back(candidate(key, d, e.ic));
      if (e.ic < best->ic) {
        best = &e;
        best_key = key;
        return true;
      }
      return false;
    };
    if (consider({0, 0, constant})) p = q = 0;
    if (max_p > 0 && consider({1, 0, constant})) {
      p = 1;
      q = 0;
    }
    if (max_q > 0 && consider({0, 1, constant})) {
      p = 0;
      q = 1;
    }
    // auto.arima keeps `constant` here even when the model without it wins.
    if (constant && consider({0, 0, false})) p = q = 0;

    auto k = static_cast<int>(results.size());
    int startk = 0;
    while (startk < k && k < options.max_models) {
      startk = k;
      struct Move {
        Key key;
        bool toggles_constant = false;
      };
      std::vector<Move> moves;
      if (p > 0) moves.push_back({{p - 1, q, constant}});
      if (q > 0) moves.push_back({{p, q - 1, constant}});
      if (p < max_p) moves.push_back({{p + 1, q, constant}});
      if (q < max_q) moves.push_back({{p, q + 1, constant}});
      if (q > 0 && p > 0) moves.push_back({{p - 1, q - 1, constant}});
      if (q < max_q && p > 0) moves.push_back({{p - 1, q + 1, constant}});
      if (q > 0 && p < max_p) moves.push_back({{p + 1, q - 1, constant}});
      if (q < max_q && p < max_p) moves.push_back({{p + 1, q + 1, constant}});
      if (allow_drift || allow_mean) moves.push_back({{p, q, !constant}, true});
      std::vector<Key> speculative;
      for (const auto& m : moves) {
        if (!in_results(m.key)) speculative.push_back(m.key);
      }
      // All neighbours are fitted at once; they are then taken in auto.arima's order, stopping at
      // the first improvement exactly as the sequential search does.
      search.ensure(speculative, approximation);
      for (const auto& m : moves) {
        if (in_results(m.key)) continue;
        ++k;
        if (k > options.max_models) break;
        if (consider(m.key)) {
          if (m.toggles_constant) {
            constant = !constant;
          } else {
            p = m.key.p;
            q = m.key.q;
            break;
          }
        }
      }
    }
    if (approximation) {
      const auto refit = refit_in_order(search, results);
      if (refit) {
        best_key = refit->first;
        best = refit->second;
      } else {
        best = nullptr;
      }
    }
  }

  if (best == nullptr || !(best->ic < kInf) || !best->fit) {
    throw NumericalError(
        fmt::format("{}: no suitable ARIMA model found (every candidate failed or had a root "
                    "near the unit circle)",
                    kWhere));
  }
  result.fit = *best->fit;
  result.order = {best_key.p, d, best_key.q};
  result.constant = best_key.constant;
  result.models_fitted = search.fits();
  return result;
}

}  // namespace stockcast::models::stat
