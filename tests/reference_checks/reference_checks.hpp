#pragma once
// Loads tests/reference/*.json (values computed by statsmodels, R forecast/fGarch/tseries) and
// applies each check exactly as tests/reference/README.md states:
//   close:    |x - value| <= atol + rtol |value|   (element-wise for lists, per key for objects;
//                                                  atol may be an object keyed like value)
//   at_least: x >= value - (atol + rtol |value|)
//   equal:    exactly equal
// and, for mle checks, the optional `tight` block (close with its own rtol/atol).
#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stockcast::test {

/// One check of a reference file.
struct ReferenceCheck {
  std::string id;         ///< e.g. "autoreg.params"
  std::string kind;       ///< data, closed_form, function_eval, mle, selection
  std::string compare;    ///< close, at_least, equal
  nlohmann::json value;   ///< number, list or object
  nlohmann::json rtol;    ///< number
  nlohmann::json atol;    ///< number or object keyed like value
  nlohmann::json inputs;  ///< parameters to plug in (function_eval), or null
  nlohmann::json tight;   ///< {"rtol", "atol"} or null
  nlohmann::json raw;     ///< the whole check object (source, definition, peers, ...)
};

/// A reference file: its checks in file order and the peers' timings.
class ReferenceFile {
 public:
  /// Reads and validates `path` (schema peers-reference/1); fails the test on a malformed file.
  explicit ReferenceFile(const std::filesystem::path& path);

  [[nodiscard]] const std::vector<ReferenceCheck>& checks() const { return checks_; }
  /// The check with this id; throws std::out_of_range naming the file when it is absent.
  [[nodiscard]] const ReferenceCheck& check(std::string_view id) const;
  [[nodiscard]] const nlohmann::json& timings() const { return timings_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::vector<ReferenceCheck> checks_;
  nlohmann::json timings_;
};

/// Applies `check.compare` with the check's rtol/atol to `computed` (same shape as check.value).
::testing::AssertionResult apply_check(const ReferenceCheck& check, const nlohmann::json& computed);

/// Applies the check's `tight` block (compare "close" with tight.rtol / tight.atol).
::testing::AssertionResult apply_tight(const ReferenceCheck& check, const nlohmann::json& computed);

/// The three reference files (goog_kaggle, aapl_cn, ibm_huge) with the data file each describes,
/// relative to data/.
struct ReferenceSeries {
  std::string name;       ///< "goog_kaggle", "aapl_cn", "ibm_huge"
  std::string data_file;  ///< path under data/
};
const std::vector<ReferenceSeries>& reference_series();

/// GoogleTest printer: the series name.
inline void PrintTo(const ReferenceSeries& series, std::ostream* os) { *os << series.name; }

}  // namespace stockcast::test
