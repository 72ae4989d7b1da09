// GARCH(p,q) / GJR-GARCH: every garch11.* check of tests/reference (fGarch normal and Student-t,
// tseries; evaluations at given coefficients and fitted optima with their tight blocks), applied with
// the reference-check loader as tests/reference/README.md states, plus forecasts, simulation,
// standard errors and every bad input.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <string>
#include <vector>

#include "reference_checks/reference_checks.hpp"
#include "stat_test_data.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/gen/random.hpp"
#include "stockcast/models/stat/garch.hpp"
#include "test_paths.hpp"

namespace stockcast::models::stat {
namespace {

using nlohmann::json;
using test::ReferenceCheck;
using test::ReferenceFile;
using test::ReferenceSeries;

// ---------------------------------------------------------------- the peers' conventions

// The peer a garch11 check comes from: "garch11.<peer>.<rest>".
std::string peer_of(const std::string& id) {
  const auto first = id.find('.');
  const auto second = id.find('.', first + 1);
  return id.substr(first + 1, second - first - 1);
}

// Model structure of each peer: fGarch's garchFit(~garch(1,1)) with cond.dist "norm" / "std"
// (constant mean, every residual in the likelihood, h_1 = omega + (alpha + beta) mean(e^2)), and
// tseries::garch (no mean, h_1 = mean(r^2), the first residual left out).
GarchOptions options_of(const std::string& peer) {
  if (peer == "fGarch_norm")
    return {.mean = GarchMean::kConstant, .distribution = GarchDistribution::kNormal};
  if (peer == "fGarch_std")
    return {.mean = GarchMean::kConstant, .distribution = GarchDistribution::kStudentT};
  if (peer == "tseries") {
    return {.mean = GarchMean::kZero,
            .initialisation = GarchInitialisation::kTseries,
            .covariance = GarchCovariance::kOuterProduct};
  }
  throw std::invalid_argument("unknown GARCH peer " + peer);
}

// The peers' parameter names and arch's.
const std::map<std::string, std::string>& arch_name() {
  static const std::map<std::string, std::string> names{
      {"mu", "mu"},    {"omega", "omega"}, {"alpha1", "alpha[1]"}, {"beta1", "beta[1]"},
      {"shape", "nu"}, {"a0", "omega"},    {"a1", "alpha[1]"},     {"b1", "beta[1]"}};
  return names;
}

// A model with the check's input coefficients.
GarchModel model_from_inputs(const ReferenceCheck& check) {
  const GarchOptions options = options_of(peer_of(check.id));
  const json& coef = check.inputs.at("coef");
  std::vector<double> params;
  for (const auto& name : options.parameter_names()) {
    bool found = false;
    for (const auto& [peer_name, ours] : arch_name()) {
      if (ours == name && coef.contains(peer_name)) {
        params.push_back(coef.at(peer_name).get<double>());
        found = true;
        break;
      }
    }
    if (!found) throw std::invalid_argument(check.id + ": no input for " + name);
  }
  return GarchModel(options, params);
}

struct Series {
  std::string name;
  std::vector<double> returns;  // 100 * diff(log(close))
};

const Series& series_of(const ReferenceSeries& reference) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Series>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[reference.name];
  if (!slot) {
    slot = std::make_unique<Series>();
    slot->name = reference.name;
    slot->returns = eval::log_returns(test::close_of(reference.data_file), 100.0);
  }
  return *slot;
}

const GarchFit& fit_of(const Series& series, const std::string& peer) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<GarchFit>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[series.name + "/" + peer];
  if (!slot) slot = std::make_unique<GarchFit>(fit_garch(series.returns, options_of(peer)));
  return *slot;
}

// The fitted parameters under the peer's names (the keys of the check's value).
json fitted_params(const GarchFit& fit, const ReferenceCheck& check) {
  json out = json::object();
  for (const auto& [peer_name, expected] : check.value.items())
    out[peer_name] = fit.param(arch_name().at(peer_name));
  return out;
}

class GarchReference : public ::testing::TestWithParam<ReferenceSeries> {};

TEST_P(GarchReference, EveryGarch11CheckPasses) {
  const ReferenceFile file(test::reference_file(GetParam().name + ".json"));
  const Series& series = series_of(GetParam());
  int applied = 0;
  for (const auto& check : file.checks()) {
    if (check.id.rfind("garch11.", 0) != 0) continue;
    SCOPED_TRACE(fmt::format("{}: {} ({})", GetParam().name, check.id, check.raw.value("definition", "")));
    const std::string peer = peer_of(check.id);
    const std::string rest = check.id.substr(std::string("garch11.").size() + peer.size() + 1);
    if (rest == "loglik_at_params") {
      EXPECT_TRUE(test::apply_check(check, json(model_from_inputs(check).loglik(series.returns))));
    } else if (rest == "mle.loglik") {
      const GarchFit& fit = fit_of(series, peer);
      EXPECT_TRUE(fit.converged) << fit.optimizer_status;
      EXPECT_TRUE(test::apply_check(check, json(fit.loglik)));
    } else if (rest == "mle.params") {
      const GarchFit& fit = fit_of(series, peer);
      const json params = fitted_params(fit, check);
      EXPECT_TRUE(test::apply_check(check, params));
      EXPECT_TRUE(test::apply_tight(check, params));
    } else {
      ADD_FAILURE() << "no handler for " << check.id;
      continue;
    }
    ++applied;
  }
  EXPECT_EQ(applied, 9);  // three per peer: the evaluation, the fitted loglik, the fitted params
}

// Central second differences of the log-likelihood values (independent of the analytic gradient
// behind fit_garch's Hessian), steps of 0.2% of a standard error. The log-likelihood is far from
// quadratic in omega, alpha and beta (the stationarity boundary is a few standard errors away): the
// second differences converge as step^2 (2e-2 at 10% of an SE, 2e-4 at 1%, 1e-5 at 0.2%) before
// round-off takes over below 0.1%.
Eigen::MatrixXd value_hessian(const GarchModel& model, const std::vector<double>& returns,
                              const Eigen::VectorXd& step) {
  const auto theta = model.params();
  const auto n = static_cast<Eigen::Index>(theta.size());
  const auto f = [&](const std::vector<double>& x) { return GarchModel(model.options(), x).loglik(returns); };
  Eigen::MatrixXd h(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j <= i; ++j) {
      const double hi = 0.002 * step[i];
      const double hj = 0.002 * step[j];
      double sum = 0;
      for (const int si : {1, -1}) {
        for (const int sj : {1, -1}) {
          auto x = theta;
          x[static_cast<std::size_t>(i)] += si * hi;
          x[static_cast<std::size_t>(j)] += sj * hj;
          sum += si * sj * f(x);
        }
      }
      h(i, j) = h(j, i) = -sum / (4 * hi * hj);
    }
  }
  return h;
}

// The Hessian standard errors equal those of an independent numerical Hessian of the values.
TEST_P(GarchReference, HessianStandardErrorsMatchValueHessian) {
  const Series& series = series_of(GetParam());
  for (const std::string peer : {"fGarch_norm", "fGarch_std"}) {
    const GarchFit& fit = fit_of(series, peer);
    const Eigen::VectorXd se =
        value_hessian(fit.model, series.returns, fit.std_errors).inverse().diagonal().array().sqrt();
    for (Eigen::Index i = 0; i < se.size(); ++i) {
      EXPECT_NEAR(fit.std_errors[i], se[i], 1e-4 * se[i])
          << peer << " " << fit.names[static_cast<std::size_t>(i)];
    }
  }
}

// The fitted point is a stationary point of the log-likelihood values: the central-difference
// gradient times each standard error (the log-likelihood change per standard error) is tiny.
TEST_P(GarchReference, FittedPointIsStationary) {
  const Series& series = series_of(GetParam());
  for (const std::string peer : {"fGarch_norm", "fGarch_std", "tseries"}) {
    const GarchFit& fit = fit_of(series, peer);
    const auto theta = fit.model.params();
    for (std::size_t i = 0; i < theta.size(); ++i) {
      const double h = 1e-6 * std::abs(theta[i]);
      auto up = theta;
      auto down = theta;
      up[i] += h;
      down[i] -= h;
      const double g = (GarchModel(fit.model.options(), up).loglik(series.returns) -
                        GarchModel(fit.model.options(), down).loglik(series.returns)) /
                       (2 * h);
      EXPECT_LT(std::abs(g * fit.std_errors[static_cast<Eigen::Index>(i)]), 1e-4)
          << peer << " " << fit.names[i];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Series, GarchReference, ::testing::ValuesIn(test::reference_series()),
                         [](const ::testing::TestParamInfo<ReferenceSeries>& param_info) {
                           return param_info.param.name;
                         });

// fGarch reports standard errors from R's optimHess with its default step ndeps = 1e-3, which is
// coarse for these parameters: they are 1-7% below those of the converged numerical Hessian. These
// are R's optimHess(ndeps = 1e-5) standard errors of the same fGarch likelihood at the reference
// optimum (R 4.2.2 on this machine; ndeps 1e-4 and 1e-5 agree to 5e-5 relative).
TEST(Garch, StandardErrorsMatchRConvergedHessianOnGoog) {
  const auto returns = eval::log_returns(test::goog_close(), 100.0);
  const GarchFit& fit = fit_of(series_of(test::reference_series()[0]), "fGarch_norm");
  ASSERT_EQ(fit.names, (std::vector<std::string>{"mu", "omega", "alpha[1]", "beta[1]"}));
  const std::vector<double> r_se{0.02374282, 0.01988953, 0.01077429, 0.01386434};
  for (std::size_t i = 0; i < r_se.size(); ++i) {
    EXPECT_NEAR(fit.std_errors[static_cast<Eigen::Index>(i)], r_se[i], 2e-4 * r_se[i]) << fit.names[i];
  }
}

// tseries reports outer-product-of-gradients standard errors; on IBM its optimum is the reference's
// to 3e-4 relative, so the standard errors agree closely (the package's, from its coef/vcov).
TEST(Garch, OuterProductStandardErrorsMatchTseriesOnIbm) {
  const GarchFit& fit = fit_of(series_of(test::reference_series()[2]), "tseries");
  const std::vector<double> package_se{0.001875845479, 0.001768255078, 0.002408873848};
  for (std::size_t i = 0; i < package_se.size(); ++i) {
    EXPECT_NEAR(fit.std_errors[static_cast<Eigen::Index>(i)], package_se[i], 0.01 * package_se[i])
        << fit.names[i];
  }
}

// ---------------------------------------------------------------- structure, forecasts, simulation

TEST(Garch, ParameterNamesFollowArch) {
  EXPECT_EQ(GarchOptions{}.parameter_names(),
            (std::vector<std::string>{"mu", "omega", "alpha[1]", "beta[1]"}));
  const GarchOptions gjr{.o = 1, .mean = GarchMean::kAr1, .distribution = GarchDistribution::kStudentT};
  EXPECT_EQ(gjr.parameter_names(),
            (std::vector<std::string>{"Const", "y[1]", "omega", "alpha[1]", "gamma[1]", "beta[1]", "nu"}));
  const GarchOptions g21{.p = 2, .q = 1, .mean = GarchMean::kZero};
  EXPECT_EQ(g21.parameter_names(), (std::vector<std::string>{"omega", "alpha[1]", "alpha[2]", "beta[1]"}));
  EXPECT_EQ(gjr.describe(), "GJR-GARCH(1,1,1), ar1 mean, Student-t");
}

// Forecasts follow the closed form of GARCH(1,1): h_{T+1} = omega + alpha e_T^2 + beta h_T and
// h_{T+k} = s2 + (alpha + beta)^(k-1) (h_{T+1} - s2), s2 the unconditional variance.
TEST(Garch, VarianceForecastsFollowTheClosedForm) {
  const auto returns = eval::log_returns(test::goog_close(), 100.0);
  const GarchFit fit = fit_garch(returns);
  const auto fc = fit.forecast(50);
  const double mu = fit.param("mu");
  const double omega = fit.param("omega");
  const double alpha = fit.param("alpha[1]");
  const double beta = fit.param("beta[1]");
  const double e = returns.back() - mu;
  const double h1 = omega + alpha * e * e + beta * fit.in_sample.variance.back();
  const double s2 = omega / (1 - alpha - beta);
  EXPECT_DOUBLE_EQ(fit.model.unconditional_variance(), s2);
  ASSERT_EQ(fc.variance.size(), 50u);
  for (std::size_t k = 0; k < 50; ++k) {
    const double expected = s2 + std::pow(alpha + beta, static_cast<double>(k)) * (h1 - s2);
    EXPECT_NEAR(fc.variance[k], expected, 1e-12 * expected);
    EXPECT_DOUBLE_EQ(fc.volatility[k], std::sqrt(fc.variance[k]));
    EXPECT_DOUBLE_EQ(fc.mean[k], mu);
  }
  EXPECT_EQ(fit.forecast_variance(5), std::vector<double>(fc.variance.begin(), fc.variance.begin() + 5));
  // The in-sample volatility is the square root of the variance, one per return.
  ASSERT_EQ(fit.conditional_volatility().size(), returns.size());
  EXPECT_DOUBLE_EQ(fit.conditional_volatility()[10], std::sqrt(fit.in_sample.variance[10]));
}

// GJR forecasts replace e^2 1(e < 0) by h / 2; AR(1) means iterate the recursion.
TEST(Garch, GjrAndAr1ForecastsFollowTheirRecursions) {
  const GarchOptions options{.o = 1, .mean = GarchMean::kAr1};
  const GarchModel model(options, {0.05, 0.1, 0.02, 0.03, 0.08, 0.9});
  const auto returns = eval::log_returns(test::aapl_close(), 100.0);
  const auto f = model.filter(returns);
  const auto fc = model.forecast(returns, 3);
  const double e = f.residuals.back();
  const double h1 = 0.02 + (0.03 + (e < 0 ? 0.08 : 0.0)) * e * e + 0.9 * f.variance.back();
  EXPECT_NEAR(fc.variance[0], h1, 1e-12 * h1);
  const double h2 = 0.02 + (0.03 + 0.08 / 2 + 0.9) * h1;
  EXPECT_NEAR(fc.variance[1], h2, 1e-12 * h2);
  EXPECT_NEAR(fc.mean[0], 0.05 + 0.1 * returns.back(), 1e-12);
  EXPECT_NEAR(fc.mean[1], 0.05 + 0.1 * fc.mean[0], 1e-12);
  EXPECT_EQ(f.offset, 1u);
  EXPECT_EQ(f.residuals.size(), returns.size() - 1);
  EXPECT_DOUBLE_EQ(model.persistence(), 0.03 + 0.04 + 0.9);
}

TEST(Garch, SimulationIsReproducibleAndIndependentOfThePathCount) {
  const GarchModel model({.distribution = GarchDistribution::kStudentT}, {0.05, 0.02, 0.08, 0.9, 5.0});
  const auto returns = eval::log_returns(test::aapl_close(), 100.0);
  const auto a = model.simulate(returns, 100, 3, 7);
  const auto b = model.simulate(returns, 100, 5, 7);
  const auto c = model.simulate(returns, 100, 3, 8);
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(a[0].size(), 100u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(a[k], b[k]);  // bit for bit
  EXPECT_NE(a[0], c[0]);
  EXPECT_NE(a[0], a[1]);
}

// Simulate a long series from known parameters, fit it, and find them again within 4 standard
// errors (each check fails with probability ~6e-5 for a correct estimator; the seed is fixed).
struct RecoveryCase {
  std::string name;
  GarchOptions options;
  std::vector<double> truth;
};

class GarchRecovery : public ::testing::TestWithParam<RecoveryCase> {};

TEST_P(GarchRecovery, FitFindsTheSimulatingParameters) {
  const auto& c = GetParam();
  const GarchModel truth(c.options, c.truth);
  // Continue 200 standard-normal returns with 12,000 simulated ones and fit those.
  std::vector<double> seed_series(200);
  gen::Random rng(99);
  for (double& v : seed_series) v = rng.normal();
  const auto simulated = truth.simulate(seed_series, 12000, 1, 2024)[0];
  const GarchFit fit = fit_garch(simulated, c.options);
  EXPECT_TRUE(fit.converged) << fit.optimizer_status;
  for (std::size_t i = 0; i < c.truth.size(); ++i) {
    EXPECT_NEAR(fit.params[static_cast<Eigen::Index>(i)], c.truth[i],
                4 * fit.std_errors[static_cast<Eigen::Index>(i)])
        << c.name << " " << fit.names[i];
  }
  // The truth is a feasible point of the same likelihood: the maximum is at least as high.
  EXPECT_GE(fit.loglik, truth.loglik(simulated));
  EXPECT_TRUE(fit.warnings.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Models, GarchRecovery,
    ::testing::Values(
        RecoveryCase{"garch11_normal", {}, {0.05, 0.05, 0.08, 0.9}},
        RecoveryCase{
            "garch11_t", {.distribution = GarchDistribution::kStudentT}, {0.05, 0.05, 0.08, 0.9, 6.0}},
        RecoveryCase{"gjr_ar1", {.o = 1, .mean = GarchMean::kAr1}, {0.03, 0.1, 0.05, 0.03, 0.1, 0.88}},
        RecoveryCase{"garch21_zero_tseries",
                     {.p = 2, .mean = GarchMean::kZero, .initialisation = GarchInitialisation::kTseries},
                     {0.05, 0.05, 0.05, 0.85}},
        RecoveryCase{"garch11_robust", {.covariance = GarchCovariance::kRobust}, {0.0, 0.1, 0.1, 0.8}}),
    [](const ::testing::TestParamInfo<RecoveryCase>& param_info) { return param_info.param.name; });

// Nested models: GJR and GARCH(2,1) contain GARCH(1,1), so their maxima are at least as high; on
// GOOG the leverage effect is clear (gamma[1] > 0 by many standard errors).
TEST(Garch, LargerModelsFitAtLeastAsWell) {
  const auto returns = eval::log_returns(test::goog_close(), 100.0);
  const GarchFit g11 = fit_garch(returns);
  const GarchFit gjr = fit_garch(returns, {.o = 1});
  const GarchFit g21 = fit_garch(returns, {.p = 2});
  EXPECT_GE(gjr.loglik, g11.loglik);
  EXPECT_GE(g21.loglik, g11.loglik - 1e-6);
  EXPECT_GT(gjr.param("gamma[1]"), 3 * gjr.std_errors[3]);
  EXPECT_EQ(gjr.names[3], "gamma[1]");
  EXPECT_NEAR(gjr.aic, -2 * gjr.loglik + 2 * 5, 1e-9);
  EXPECT_NEAR(gjr.bic, -2 * gjr.loglik + 5 * std::log(static_cast<double>(returns.size())), 1e-9);
}

// Paper C fits GARCH to scaled prices; stockcast fits them too but says why returns are meant.
TEST(Garch, PriceLevelInputGetsAWarning) {
  const auto& close = test::aapl_close();
  const GarchFit on_prices = fit_garch(close);
  ASSERT_EQ(on_prices.warnings.size(), 1u);
  EXPECT_NE(on_prices.warnings[0].find("price level"), std::string::npos) << on_prices.warnings[0];
  EXPECT_NE(on_prices.warnings[0].find("returns"), std::string::npos);
  EXPECT_TRUE(fit_garch(eval::log_returns(close, 100.0)).warnings.empty());
}

// ---------------------------------------------------------------- bad input

TEST(Garch, BadInputIsRejectedClearly) {
  auto returns = eval::log_returns(test::aapl_close(), 100.0);
  auto with_nan = returns;
  with_nan[17] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)fit_garch(with_nan), InvalidInput);
  auto with_inf = returns;
  with_inf[3] = std::numeric_limits<double>::infinity();
  EXPECT_THROW((void)fit_garch(with_inf), InvalidInput);
  EXPECT_THROW((void)fit_garch(std::vector<double>(500, 0.3)), InvalidInput);  // constant
  EXPECT_THROW((void)fit_garch(std::vector<double>(returns.begin(), returns.begin() + 15)), InvalidInput);
  EXPECT_THROW((void)fit_garch(std::vector<double>{}), InvalidInput);
  try {
    (void)fit_garch(std::vector<double>(returns.begin(), returns.begin() + 15));
  } catch (const InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("at least 20"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)fit_garch(returns, {.p = 0}), InvalidInput);
  EXPECT_THROW((void)fit_garch(returns, {.p = 1, .o = 2}), InvalidInput);
  EXPECT_THROW((void)fit_garch(returns, {.q = -1}), InvalidInput);
  EXPECT_THROW((void)fit_garch(returns, {.max_evaluations = 0}), InvalidInput);
  // Non-convergence: the evaluation cap is reached; the error names NLopt's status.
  try {
    (void)fit_garch(returns, {.max_evaluations = 10});
    ADD_FAILURE() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_NE(std::string(e.what()).find("MAXEVAL_REACHED"), std::string::npos) << e.what();
  }
}

TEST(Garch, ModelRejectsInvalidParameters) {
  const GarchOptions normal;
  EXPECT_THROW(GarchModel(normal, {0.0, 0.1, 0.1}), InvalidInput);               // too few
  EXPECT_THROW(GarchModel(normal, {0.0, 0.0, 0.1, 0.8}), InvalidInput);          // omega = 0
  EXPECT_THROW(GarchModel(normal, {0.0, 0.1, -0.1, 0.8}), InvalidInput);         // alpha < 0
  EXPECT_THROW(GarchModel(normal, {0.0, 0.1, 0.1, -0.8}), InvalidInput);         // beta < 0
  EXPECT_THROW(GarchModel(normal, {NAN, 0.1, 0.1, 0.8}), InvalidInput);          // not finite
  EXPECT_THROW(GarchModel({.o = 1}, {0.0, 0.1, 0.1, -0.2, 0.8}), InvalidInput);  // alpha + gamma < 0
  EXPECT_THROW(GarchModel({.distribution = GarchDistribution::kStudentT}, {0.0, 0.1, 0.1, 0.8, 2.0}),
               InvalidInput);
  const GarchModel model(normal, {0.0, 0.1, 0.1, 0.8});
  EXPECT_THROW((void)model.param("gamma[1]"), InvalidInput);
  const auto returns = eval::log_returns(test::aapl_close(), 100.0);
  EXPECT_THROW((void)model.forecast(returns, 0), InvalidInput);
  EXPECT_THROW((void)model.simulate(returns, 0, 1, 1), InvalidInput);
  EXPECT_THROW((void)model.simulate(returns, 10, -1, 1), InvalidInput);
  EXPECT_THROW((void)parse_garch_distribution("cauchy", "--dist"), InvalidInput);
  EXPECT_EQ(parse_garch_distribution("t", "--dist"), GarchDistribution::kStudentT);
  EXPECT_EQ(parse_garch_mean("ar1", "--mean"), GarchMean::kAr1);
}

}  // namespace
}  // namespace stockcast::models::stat
