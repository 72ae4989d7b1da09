#include "stockcast/prep/features.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <charconv>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::prep {

using stockcast::to_string;

namespace {

constexpr std::string_view kAcceptedForms =
    "a column name (open, high, low, close, adj_close, volume, ...), log_return, simple_return (or return), "
    "ma_N (N >= 1), vol_N (N >= 2), each derived name optionally followed by :column";
constexpr int kMaxWindow = 100000;

std::string_view base_name(FeatureKind kind) {
  switch (kind) {
    case FeatureKind::kColumn:
      return "";
    case FeatureKind::kLogReturn:
      return "log_return";
    case FeatureKind::kSimpleReturn:
      return "simple_return";
    case FeatureKind::kMovingAverage:
      return "ma";
    case FeatureKind::kVolatility:
      return "vol";
  }
  return "";
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// Parses the N of "ma_N"/"vol_N"; throws on anything but a plain positive integer.
int parse_window(std::string_view digits, std::string_view name) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size()) {
    throw InvalidInput(fmt::format("feature '{}': '{}' is not a whole number of days; accepted: {}", name,
                                   digits, kAcceptedForms));
  }
  return value;
}

const std::vector<double>& check_finite(std::span<const double> values, const PriceSeries& prices,
                                        std::string_view column, std::vector<double>& storage) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw InvalidInput(fmt::format("compute_features: column '{}' has a non-finite value at row {} ({})",
                                     column, i, to_string(prices.date(i))));
    }
  }
  storage.assign(values.begin(), values.end());
  return storage;
}

void check_positive(const std::vector<double>& p, const PriceSeries& prices, std::string_view feature,
                    std::string_view column) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!(p[i] > 0)) {
      throw InvalidInput(fmt::format(
          "compute_features: feature '{}' needs positive values of '{}', but row {} ({}) holds {}", feature,
          column, i, to_string(prices.date(i)), p[i]));
    }
  }
}

// Each function fills out[t] from p[0..t] only; rows before the warm-up hold 0 and are dropped.
std::vector<double> log_return(const std::vector<double>& p) {
  std::vector<double> out(p.size(), 0.0);
  for (std::size_t t = 1; t < p.size(); ++t) out[t] = std::log(p[t] / p[t - 1]);
  return out;
}

std::vector<double> simple_return(const std::vector<double>& p) {
  std::vector<double> out(p.size(), 0.0);
  for (std::size_t t = 1; t < p.size(); ++t) out[t] = p[t] / p[t - 1] - 1.0;
  return out;
}

std::vector<double> moving_average(const std::vector<double>& p, std::size_t n) {
  std::vector<double> out(p.size(), 0.0);
  double sum = 0;
  for (std::size_t t = 0; t < p.size(); ++t) {
    sum += p[t];
    if (t >= n) sum -= p[t - n];
    if (t + 1 >= n) out[t] = sum / static_cast<double>(n);
  }
  return out;
}

std::vector<double> volatility(const std::vector<double>& p, std::size_t n) {
  const std::vector<double> r = log_return(p);  // r[s] defined for s >= 1
  std::vector<double> out(p.size(), 0.0);
  for (std::size_t t = n; t < p.size(); ++t) {
    double mean = 0;
    for (std::size_t s = t + 1 - n; s <= t; ++s) mean += r[s];
    mean /= static_cast<double>(n);
    double ss = 0;
    for (std::size_t s = t + 1 - n; s <= t; ++s) ss += (r[s] - mean) * (r[s] - mean);
    out[t] = std::sqrt(ss / static_cast<double>(n - 1));
  }
  return out;
}

}  // namespace

std::string FeatureSpec::name() const {
  switch (kind) {
    case FeatureKind::kColumn:
      return column;
    case FeatureKind::kLogReturn:
    case FeatureKind::kSimpleReturn: {
      std::string text(base_name(kind));
      return column.empty() ? text : text + ":" + column;
    }
    case FeatureKind::kMovingAverage:
    case FeatureKind::kVolatility: {
      std::string text = fmt::format("{}_{}", base_name(kind), window);
      return column.empty() ? text : text + ":" + column;
    }
  }
  return column;
}

std::size_t FeatureSpec::warmup_rows() const noexcept {
  switch (kind) {
    case FeatureKind::kColumn:
      return 0;
    case FeatureKind::kLogReturn:
    case FeatureKind::kSimpleReturn:
      return 1;
    case FeatureKind::kMovingAverage:
      return window > 0 ? static_cast<std::size_t>(window) - 1 : 0;
    case FeatureKind::kVolatility:
      return window > 0 ? static_cast<std::size_t>(window) : 0;
  }
  return 0;
}

bool is_price_column(std::string_view column) {
  return column == kOpen || column == kHigh || column == kLow || column == kClose || column == kAdjClose;
}

bool FeatureSpec::is_price_like(std::string_view target) const {
  const std::string_view source = column.empty() ? target : std::string_view(column);
  const bool price_source = is_price_column(source) || source == target;
  return (kind == FeatureKind::kColumn || kind == FeatureKind::kMovingAverage) && price_source;
}

FeatureSpec parse_feature(std::string_view text) {
  const std::string_view name = trim(text);
  if (name.empty()) throw InvalidInput(fmt::format("empty feature name; accepted: {}", kAcceptedForms));
  std::string_view head = name;
  std::string source;
  if (const auto colon = name.find(':'); colon != std::string_view::npos) {
    head = name.substr(0, colon);
    source = std::string(trim(name.substr(colon + 1)));
    if (source.empty()) {
      throw InvalidInput(
          fmt::format("feature '{}': no column after ':'; accepted: {}", name, kAcceptedForms));
    }
  }
  FeatureSpec spec;
  spec.column = source;
  if (head == "log_return") {
    spec.kind = FeatureKind::kLogReturn;
  } else if (head == "simple_return" || head == "return") {
    spec.kind = FeatureKind::kSimpleReturn;
  } else if (head.starts_with("ma_") || head.starts_with("vol_")) {
    const bool ma = head.starts_with("ma_");
    spec.kind = ma ? FeatureKind::kMovingAverage : FeatureKind::kVolatility;
    spec.window = parse_window(head.substr(ma ? 3 : 4), name);
    const int min_window = ma ? 1 : 2;
    if (spec.window < min_window || spec.window > kMaxWindow) {
      throw InvalidInput(
          fmt::format("feature '{}': the window must be between {} and {}", name, min_window, kMaxWindow));
    }
  } else {
    if (!source.empty()) {
      throw InvalidInput(
          fmt::format("feature '{}': only derived features (log_return, simple_return, ma_N, "
                      "vol_N) take ':column'; accepted: {}",
                      name, kAcceptedForms));
    }
    spec.kind = FeatureKind::kColumn;
    spec.column = std::string(name);
  }
  return spec;
}

std::vector<FeatureSpec> parse_features(std::string_view list) {
  std::vector<FeatureSpec> specs;
  std::size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const auto piece =
        list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    FeatureSpec spec = parse_feature(piece);
    if (std::find(specs.begin(), specs.end(), spec) != specs.end()) {
      throw InvalidInput(fmt::format("features '{}': '{}' is given twice", list, spec.name()));
    }
    specs.push_back(std::move(spec));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return specs;
}

std::vector<std::string> feature_names(const std::vector<FeatureSpec>& features) {
  std::vector<std::string> names;
  names.reserve(features.size());
  for (const auto& feature : features) names.push_back(feature.name());
  return names;
}

void FeatureOptions::validate(std::string_view where) const {
  if (features.empty()) throw InvalidInput(fmt::format("{}: the feature list is empty", where));
  if (target.empty()) throw InvalidInput(fmt::format("{}: the target column is empty", where));
  std::vector<std::string> names;
  for (const auto& feature : features) {
    const std::string name = feature.name();
    if (name.empty()) throw InvalidInput(fmt::format("{}: a feature has an empty column name", where));
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      throw InvalidInput(fmt::format("{}: feature '{}' is given twice", where, name));
    }
    const bool windowed =
        feature.kind == FeatureKind::kMovingAverage || feature.kind == FeatureKind::kVolatility;
    const int min_window = feature.kind == FeatureKind::kVolatility ? 2 : 1;
    if (windowed && (feature.window < min_window || feature.window > kMaxWindow)) {
      throw InvalidInput(fmt::format("{}: feature '{}': the window must be between {} and {}", where, name,
                                     min_window, kMaxWindow));
    }
    names.push_back(name);
  }
}

std::size_t warmup_rows(const std::vector<FeatureSpec>& features) noexcept {
  std::size_t rows = 0;
  for (const auto& feature : features) rows = std::max(rows, feature.warmup_rows());
  return rows;
}

FeatureFrame compute_features(const PriceSeries& prices, const FeatureOptions& options) {
  options.validate("compute_features");
  const std::size_t warmup = warmup_rows(options.features);
  if (prices.size() <= warmup) {
    throw InvalidInput(
        fmt::format("compute_features({}): {} rows, but the features {} need more than {} warm-up "
                    "rows",
                    prices.ticker(), prices.size(), fmt::join(feature_names(options.features), ","), warmup));
  }
  const auto drop = static_cast<std::ptrdiff_t>(warmup);
  std::vector<Column> columns;
  std::vector<double> buffer;
  FeatureFrame frame;
  for (const auto& feature : options.features) {
    const std::string source = feature.column.empty() ? options.target : feature.column;
    const std::vector<double>& p = check_finite(prices.column(source), prices, source, buffer);
    std::vector<double> values;
    switch (feature.kind) {
      case FeatureKind::kColumn:
        values = p;
        break;
      case FeatureKind::kLogReturn:
        check_positive(p, prices, feature.name(), source);
        values = log_return(p);
        break;
      case FeatureKind::kSimpleReturn:
        check_positive(p, prices, feature.name(), source);
        values = simple_return(p);
        break;
      case FeatureKind::kMovingAverage:
        values = moving_average(p, static_cast<std::size_t>(feature.window));
        break;
      case FeatureKind::kVolatility:
        check_positive(p, prices, feature.name(), source);
        values = volatility(p, static_cast<std::size_t>(feature.window));
        break;
    }
    columns.push_back({feature.name(), std::vector<double>(values.begin() + drop, values.end())});
    frame.features.push_back(feature);
    frame.feature_names.push_back(feature.name());
  }
  if (std::find(frame.feature_names.begin(), frame.feature_names.end(), options.target) ==
      frame.feature_names.end()) {
    const std::vector<double>& p =
        check_finite(prices.column(options.target), prices, options.target, buffer);
    columns.push_back({options.target, std::vector<double>(p.begin() + drop, p.end())});
  }
  const auto dates = prices.dates();
  frame.series =
      PriceSeries(prices.ticker(), std::vector<Date>(dates.begin() + drop, dates.end()), std::move(columns));
  frame.target = options.target;
  frame.first_row = warmup;
  return frame;
}

}  // namespace stockcast::prep
