#include "reference_checks/reference_checks.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

namespace stockcast::test {
namespace {

double tolerance_for(const nlohmann::json& atol, const std::string& key) {
  if (atol.is_object()) {
    if (!atol.contains(key)) throw std::invalid_argument("atol has no entry for key '" + key + "'");
    return atol.at(key).get<double>();
  }
  return atol.is_number() ? atol.get<double>() : 0.0;
}

// Compares one scalar; appends a line to `log` and returns false on failure.
bool compare_scalar(const std::string& compare, const nlohmann::json& expected, const nlohmann::json& actual,
                    double rtol, double atol, const std::string& where, std::string& log) {
  if (compare == "equal") {
    bool same = false;
    if (expected.is_number() && actual.is_number()) {
      same = expected.get<double>() == actual.get<double>();
    } else {
      same = expected == actual;
    }
    if (!same)
      log += fmt::format("  {}: expected {} exactly, got {}\n", where, expected.dump(), actual.dump());
    return same;
  }
  if (!expected.is_number() || !actual.is_number()) {
    log += fmt::format("  {}: expected a number {}, got {}\n", where, expected.dump(), actual.dump());
    return false;
  }
  const double v = expected.get<double>();
  const double x = actual.get<double>();
  const double tol = atol + rtol * std::abs(v);
  bool ok = false;
  if (compare == "close") {
    ok = std::abs(x - v) <= tol;
    if (!ok) {
      log += fmt::format("  {}: |{:.17g} - {:.17g}| = {:.3g} > tolerance {:.3g} ({:.3g} tolerances)\n", where,
                         x, v, std::abs(x - v), tol, tol > 0 ? std::abs(x - v) / tol : INFINITY);
    }
  } else if (compare == "at_least") {
    ok = x >= v - tol;
    if (!ok) log += fmt::format("  {}: {:.17g} < {:.17g} - {:.3g}\n", where, x, v, tol);
  } else {
    log += fmt::format("  {}: unknown compare '{}'\n", where, compare);
  }
  return ok;
}

::testing::AssertionResult apply(const ReferenceCheck& check, const std::string& compare, double rtol,
                                 const nlohmann::json& atol, const nlohmann::json& computed) {
  std::string log;
  bool ok = true;
  const nlohmann::json& value = check.value;
  if (value.is_object()) {
    if (!computed.is_object()) {
      return ::testing::AssertionFailure() << check.id << ": expected an object, got " << computed.dump();
    }
    for (const auto& [key, expected] : value.items()) {
      if (!computed.contains(key)) {
        log += fmt::format("  {}: missing from the computed value\n", key);
        ok = false;
        continue;
      }
      ok =
          compare_scalar(compare, expected, computed.at(key), rtol, tolerance_for(atol, key), key, log) && ok;
    }
  } else if (value.is_array()) {
    if (!computed.is_array() || computed.size() != value.size()) {
      return ::testing::AssertionFailure()
             << check.id << ": expected a list of " << value.size() << " values, got " << computed.dump();
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      const double a = atol.is_array() ? atol.at(i).get<double>() : tolerance_for(atol, "");
      ok = compare_scalar(compare, value[i], computed[i], rtol, a, fmt::format("[{}]", i), log) && ok;
    }
  } else {
    ok = compare_scalar(compare, value, computed, rtol, tolerance_for(atol, ""), "value", log);
  }
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << check.id << " (" << compare << ", rtol " << rtol << ") failed:\n"
                                       << log;
}

}  // namespace

ReferenceFile::ReferenceFile(const std::filesystem::path& path) : path_(path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open reference file " + path.string());
  const nlohmann::json doc = nlohmann::json::parse(in);
  if (doc.value("schema", "") != "peers-reference/1") {
    throw std::runtime_error(path.string() + ": unexpected schema " + doc.value("schema", "(none)"));
  }
  for (const auto& c : doc.at("checks")) {
    ReferenceCheck check;
    check.id = c.at("id").get<std::string>();
    check.kind = c.at("kind").get<std::string>();
    check.compare = c.at("compare").get<std::string>();
    check.value = c.at("value");
    check.rtol = c.value("rtol", nlohmann::json(0.0));
    check.atol = c.value("atol", nlohmann::json(0.0));
    check.inputs = c.value("inputs", nlohmann::json());
    check.tight = c.value("tight", nlohmann::json());
    check.raw = c;
    checks_.push_back(std::move(check));
  }
  timings_ = doc.value("timings_seconds", nlohmann::json::object());
}

const ReferenceCheck& ReferenceFile::check(std::string_view id) const {
  for (const auto& c : checks_) {
    if (c.id == id) return c;
  }
  throw std::out_of_range(fmt::format("{}: no check '{}'", path_.string(), id));
}

::testing::AssertionResult apply_check(const ReferenceCheck& check, const nlohmann::json& computed) {
  return apply(check, check.compare, check.rtol.get<double>(), check.atol, computed);
}

::testing::AssertionResult apply_tight(const ReferenceCheck& check, const nlohmann::json& computed) {
  if (check.tight.is_null()) return ::testing::AssertionFailure() << check.id << " has no tight block";
  return apply(check, "close", check.tight.at("rtol").get<double>(), check.tight.at("atol"), computed);
}

const std::vector<ReferenceSeries>& reference_series() {
  static const std::vector<ReferenceSeries> series{
      {"goog_kaggle", "kaggle_stock_market_data/GOOG.csv"},
      {"aapl_cn", "investing_com_cn/AAPL\xe5\x8e\x86\xe5\x8f\xb2\xe6\x95\xb0\xe6\x8d\xae.csv"},
      {"ibm_huge", "kaggle_huge_stock_market/ibm.us.txt"},
  };
  return series;
}

}  // namespace stockcast::test
