#include "stockcast/train/search.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "stockcast/core/error.hpp"
#include "stockcast/gen/random.hpp"

namespace stockcast::train {

namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = text.find(separator, start);
    parts.push_back(
        trim(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

bool is_integer_literal(std::string_view text) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i == text.size()) return false;
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// One list value: an integer, a number, a boolean, or a string.
nlohmann::json parse_value(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  if (is_integer_literal(text)) {
    std::int64_t value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec == std::errc{} && ptr == text.data() + text.size()) return value;
  }
  if (const auto number = parse_number(text)) return *number;
  return text;
}

std::string normalise_name(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

// The range LOW:HIGH[:log|linear], or nullopt when `spec` is not one.
std::optional<SearchParam> parse_range(const std::string& spec) {
  if (spec.find(':') == std::string::npos) return std::nullopt;
  const auto parts = split(spec, ':');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  const auto low = parse_number(parts[0]);
  const auto high = parse_number(parts[1]);
  if (!low || !high) return std::nullopt;
  SearchParam param;
  param.low = *low;
  param.high = *high;
  param.integer = is_integer_literal(parts[0]) && is_integer_literal(parts[1]);
  if (parts.size() == 3) {
    if (parts[2] == "log") {
      param.scale = ParamScale::kLog;
    } else if (parts[2] != "linear") {
      return std::nullopt;
    }
  }
  return param;
}

// Number of distinct values of a parameter; nullopt for a continuous range.
std::optional<std::size_t> distinct_values(const SearchParam& p) {
  if (!p.is_range()) return p.values.size();
  if (!p.integer) return std::nullopt;
  return static_cast<std::size_t>(std::llround(p.high - p.low)) + 1;
}

nlohmann::json draw(const SearchParam& p, gen::Random& rng) {
  const double u = rng.uniform();
  if (!p.is_range()) {
    const auto k =
        std::min(p.values.size() - 1, static_cast<std::size_t>(u * static_cast<double>(p.values.size())));
    return p.values[k];
  }
  if (p.integer) {
    double value = 0;
    if (p.scale == ParamScale::kLog) {
      // Log-uniform over [low, high + 1), rounded down: small values as likely per decade as large.
      const double a = std::log(p.low);
      const double b = std::log(p.high + 1.0);
      value = std::floor(std::exp(a + u * (b - a)));
    } else {
      value = p.low + std::floor(u * (p.high - p.low + 1.0));
    }
    return static_cast<std::int64_t>(std::llround(std::clamp(value, p.low, p.high)));
  }
  if (p.scale == ParamScale::kLog) {
    const double a = std::log(p.low);
    const double b = std::log(p.high);
    return std::clamp(std::exp(a + u * (b - a)), p.low, p.high);
  }
  return p.low + u * (p.high - p.low);
}

}  // namespace

SearchKind parse_search_kind(std::string_view name, std::string_view where) {
  if (name == "grid") return SearchKind::kGrid;
  if (name == "random") return SearchKind::kRandom;
  throw InvalidInput(fmt::format("{}: unknown search '{}' (valid: grid, random)", where, name));
}

std::string_view to_string(SearchKind kind) noexcept { return kind == SearchKind::kGrid ? "grid" : "random"; }

void SearchParam::validate(std::string_view where) const {
  if (name.empty()) throw InvalidInput(fmt::format("{}: a parameter has no name", where));
  if (!is_range()) return;
  if (!std::isfinite(low) || !std::isfinite(high)) {
    throw InvalidInput(fmt::format("{}: parameter '{}': range bounds must be finite numbers", where, name));
  }
  if (!(low < high)) {
    throw InvalidInput(
        fmt::format("{}: parameter '{}': range {}:{} is empty; the low bound must be below the "
                    "high bound (give a single value as a list: {}={})",
                    where, name, low, high, name, low));
  }
  if (scale == ParamScale::kLog && low <= 0) {
    throw InvalidInput(
        fmt::format("{}: parameter '{}': a log range needs a positive low bound (got {})", where, name, low));
  }
  if (integer && (std::trunc(low) != low || std::trunc(high) != high || std::abs(high - low) > 1e15)) {
    throw InvalidInput(
        fmt::format("{}: parameter '{}': integer range {}:{} needs whole bounds", where, name, low, high));
  }
}

SearchParam parse_search_param(std::string_view text, std::string_view where) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    throw InvalidInput(fmt::format(
        "{}: '{}' is not NAME=VALUES (e.g. units=10,50, lr=1e-4:1e-2:log, dropout=0:0.5)", where, text));
  }
  const std::string name = normalise_name(trim(text.substr(0, eq)));
  const std::string spec = trim(text.substr(eq + 1));
  if (name.empty()) throw InvalidInput(fmt::format("{}: '{}' has no parameter name before '='", where, text));
  if (spec.empty()) throw InvalidInput(fmt::format("{}: '{}' gives no values after '='", where, text));
  const std::string place = fmt::format("{} {}", where, name);
  SearchParam param;
  if (auto range = parse_range(spec)) {
    param = *range;
  } else {
    for (const auto& piece : split(spec, spec.find(';') != std::string::npos ? ';' : ',')) {
      if (piece.empty()) throw InvalidInput(fmt::format("{}: empty value in '{}'", place, spec));
      param.values.push_back(parse_value(piece));
    }
  }
  param.name = name;
  param.validate(where);
  return param;
}

SearchSpace search_space_from_json(const nlohmann::json& params, std::string_view where) {
  if (!params.is_object()) {
    throw InvalidInput(fmt::format("{}: [tune.params] must be a table of NAME = values", where));
  }
  SearchSpace space;
  for (const auto& [key, value] : params.items()) {
    const std::string place = fmt::format("{}: [tune.params] {}", where, key);
    SearchParam param;
    if (value.is_array()) {
      if (value.empty()) throw InvalidInput(fmt::format("{}: the list of values is empty", place));
      for (const auto& item : value) {
        if (!item.is_number() && !item.is_string() && !item.is_boolean()) {
          throw InvalidInput(fmt::format("{}: {} is not a number, string or boolean", place, item.dump()));
        }
        param.values.push_back(item);
      }
    } else if (value.is_string()) {
      param = parse_search_param(fmt::format("{}={}", key, value.get<std::string>()), where);
    } else if (value.is_number() || value.is_boolean()) {
      param.values.push_back(value);
    } else if (value.is_object()) {
      for (const auto& [field, x] : value.items()) {
        if (field == "low" || field == "high") {
          if (!x.is_number()) throw InvalidInput(fmt::format("{}: {} must be a number", place, field));
          (field == "low" ? param.low : param.high) = x.get<double>();
        } else if (field == "log" || field == "integer") {
          if (!x.is_boolean()) throw InvalidInput(fmt::format("{}: {} must be true or false", place, field));
          if (field == "log") {
            param.scale = x.get<bool>() ? ParamScale::kLog : ParamScale::kLinear;
          } else {
            param.integer = x.get<bool>();
          }
        } else {
          throw InvalidInput(fmt::format("{}: unknown field '{}' of a range (valid: low, high, log, integer)",
                                         place, field));
        }
      }
      if (!value.contains("low") || !value.contains("high")) {
        throw InvalidInput(fmt::format("{}: a range needs both low and high", place));
      }
    } else {
      throw InvalidInput(
          fmt::format("{}: expected a list of values, a \"SPEC\" string or a {{low, high}} table, "
                      "got {}",
                      place, value.dump()));
    }
    param.name = key;
    param.validate(where);
    space.push_back(std::move(param));
  }
  return space;
}

void validate_space(const SearchSpace& space, std::string_view where) {
  if (space.empty()) {
    throw InvalidInput(fmt::format("{}: no parameters to search (give --param NAME=VALUES)", where));
  }
  std::set<std::string> names;
  for (const auto& param : space) {
    param.validate(where);
    if (!names.insert(param.name).second) {
      throw InvalidInput(fmt::format("{}: parameter '{}' is given twice", where, param.name));
    }
  }
}

std::size_t grid_size(const SearchSpace& space, std::string_view where) {
  validate_space(space, where);
  std::size_t size = 1;
  for (const auto& param : space) {
    if (param.is_range()) {
      throw InvalidInput(fmt::format(
          "{}: parameter '{}' is a range; grid search needs lists of values (e.g. {}=0.1,0.2,0.3), or use "
          "--search random",
          where, param.name, param.name));
    }
    if (size > kMaxGridSize / param.values.size()) {
      throw InvalidInput(fmt::format(
          "{}: the grid has more than {} points; use --search random with --trials", where, kMaxGridSize));
    }
    size *= param.values.size();
  }
  return size;
}

std::vector<nlohmann::json> grid_configurations(const SearchSpace& space) {
  const std::size_t size = grid_size(space);
  std::vector<nlohmann::json> out;
  out.reserve(size);
  std::vector<std::size_t> index(space.size(), 0);
  for (std::size_t n = 0; n < size; ++n) {
    nlohmann::json config = nlohmann::json::object();
    for (std::size_t j = 0; j < space.size(); ++j) config[space[j].name] = space[j].values[index[j]];
    out.push_back(std::move(config));
    for (std::size_t j = space.size(); j-- > 0;) {  // odometer: the last parameter turns fastest
      if (++index[j] < space[j].values.size()) break;
      index[j] = 0;
    }
  }
  return out;
}

std::vector<nlohmann::json> random_configurations(const SearchSpace& space, std::size_t trials,
                                                  std::uint64_t seed) {
  validate_space(space, "random search");
  if (trials == 0) throw InvalidInput("random search: --trials must be >= 1");
  // How many distinct configurations exist (saturating; unbounded with a continuous range).
  std::size_t total = 1;
  bool bounded = true;
  for (const auto& param : space) {
    const std::size_t count = distinct_values(param).value_or(0);
    if (count == 0) {
      bounded = false;
      break;
    }
    total = total > std::numeric_limits<std::size_t>::max() / count ? std::numeric_limits<std::size_t>::max()
                                                                    : total * count;
  }
  const std::size_t target = bounded ? std::min(trials, total) : trials;

  gen::Random rng(seed);
  std::vector<nlohmann::json> out;
  std::set<std::string> seen;
  // The bound only guards against an endless loop; collecting every one of N combinations takes
  // about N ln N draws.
  const std::size_t max_draws = 100 * target + 10'000;
  for (std::size_t drawn = 0; out.size() < target && drawn < max_draws; ++drawn) {
    nlohmann::json config = nlohmann::json::object();
    for (const auto& param : space) config[param.name] = draw(param, rng);
    if (seen.insert(config.dump()).second) out.push_back(std::move(config));
  }
  return out;
}

std::string param_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace stockcast::train
