#pragma once
/// \file
/// Hyper-parameter search spaces and the configurations a grid or random search tries
/// (`stockcast tune`, docs/validation.md). A configuration is a JSON object of model options, e.g.
/// {"units": 50, "lr": 0.001}, merged onto the model's other options by the caller; the model's own
/// option reader (through the registry) checks names and values. LibTorch-free.
///
///     SearchSpace space = {parse_search_param("units=10,50", "--param"),
///                          parse_search_param("lr=1e-4:1e-2:log", "--param")};
///     auto grid = grid_configurations(space);        // only value lists
///     auto draws = random_configurations(space, /*trials=*/20, /*seed=*/7);

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace stockcast::train {

/// How a search picks configurations.
enum class SearchKind {
  kGrid,    ///< every combination of the value lists, in order (last parameter fastest)
  kRandom,  ///< `trials` independent seeded draws, each parameter drawn on its own
};

/// "grid", "random"; throws InvalidInput naming `where` and listing them.
SearchKind parse_search_kind(std::string_view name, std::string_view where);
/// The name parse_search_kind() accepts.
std::string_view to_string(SearchKind kind) noexcept;

/// How the values of a range are spread.
enum class ParamScale {
  kLinear,  ///< uniform between low and high
  kLog,     ///< uniform in log(value): as likely in [1e-4, 1e-3] as in [1e-3, 1e-2] (learning rates)
};

/// One searched option: either a list of values or a continuous range.
struct SearchParam {
  std::string name;                        ///< option key of the model, e.g. "units", "lr", "dropout"
  std::vector<nlohmann::json> values;      ///< the choices (numbers, strings or booleans); empty for a range
  double low = 0.0;                        ///< smallest value of a range (inclusive)
  double high = 0.0;                       ///< largest value of a range (inclusive), > low
  bool integer = false;                    ///< a range of whole numbers (both bounds written as integers)
  ParamScale scale = ParamScale::kLinear;  ///< spread of a range; kLog needs low > 0

  /// True when the parameter is a range rather than a list of values.
  [[nodiscard]] bool is_range() const noexcept { return values.empty(); }
  /// Throws InvalidInput naming `where` and the parameter when it has no name, or its range is
  /// reversed or empty (low >= high), not finite, or log-scaled with low <= 0.
  void validate(std::string_view where) const;
};

/// The parameters of a search, in the order given (that order is the trials table's columns).
using SearchSpace = std::vector<SearchParam>;

/// Parses the command-line form NAME=SPEC, where SPEC is
///   - a list  `10,50,100`, `global,window`, `true,false` (a single value is a list of one); values
///     that hold commas themselves are separated by ';' instead: `features=close;open,high,low,close`;
///   - a range `LOW:HIGH` (uniform; whole numbers when both bounds are integers, e.g. `8:64`), or
///     `LOW:HIGH:log` (log-uniform, e.g. `1e-4:1e-2:log`).
/// SPEC is a range when it is two numbers (and optionally `log` or `linear`) separated by ':';
/// anything else is a list. Numbers become JSON numbers (integers when written without '.', 'e' or
/// 'E'), true/false booleans, anything else a string. '-' in NAME is read as '_' (flag spelling). Throws
/// InvalidInput naming `where` and the text when it is malformed.
SearchParam parse_search_param(std::string_view text, std::string_view where);

/// Reads the [tune.params] table of a config file: each key is a parameter, its value an array of
/// values (`units = [10, 50]`), a scalar (one value), a SPEC string as on the command line
/// (`dropout = "0:0.5"`), or a table {low, high, log = false, integer = false}. Throws InvalidInput
/// naming `where` and the key.
SearchSpace search_space_from_json(const nlohmann::json& params, std::string_view where);

/// Throws InvalidInput naming `where` when the space is empty, names a parameter twice, or holds an
/// invalid parameter.
void validate_space(const SearchSpace& space, std::string_view where);

/// The largest grid a search will run (a larger one is an error suggesting random search).
inline constexpr std::size_t kMaxGridSize = 10'000;

/// Number of grid points (product of the list lengths). Throws InvalidInput naming `where` when a
/// parameter is a range (grid search needs value lists) or the grid exceeds kMaxGridSize.
std::size_t grid_size(const SearchSpace& space, std::string_view where = "grid search");

/// Every combination of the value lists, the last parameter varying fastest. Same errors as
/// grid_size().
std::vector<nlohmann::json> grid_configurations(const SearchSpace& space);

/// `trials` distinct configurations drawn with a generator seeded by `seed` (same seed, same draws
/// on every platform): a list parameter picks one of its values uniformly, a range draws uniformly
/// (or log-uniformly; whole numbers for an integer range). A draw equal to an earlier one is drawn
/// again; when every parameter is a list with fewer combinations than `trials`, all combinations are
/// returned (in drawn order). Throws InvalidInput when trials is 0 or the space is invalid.
std::vector<nlohmann::json> random_configurations(const SearchSpace& space, std::size_t trials,
                                                  std::uint64_t seed);

/// A parameter value as table text: numbers in their shortest exact form, strings unquoted.
std::string param_text(const nlohmann::json& value);

}  // namespace stockcast::train
