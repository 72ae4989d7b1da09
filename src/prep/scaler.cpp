#include "stockcast/prep/scaler.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::prep {

using stockcast::to_string;

namespace {

struct KindName {
  ScalerKind kind;
  std::string_view name;
};

constexpr KindName kKindNames[] = {
    {ScalerKind::kNone, "none"},
    {ScalerKind::kMinMax, "minmax"},
    {ScalerKind::kMinMaxSymmetric, "minmax-symmetric"},
    {ScalerKind::kZScore, "zscore"},
    {ScalerKind::kMinMax, "minmax01"},
    {ScalerKind::kMinMaxSymmetric, "minmax11"},
    {ScalerKind::kZScore, "standard"},
};

std::vector<std::string> fitted_names(const std::vector<ColumnScaling>& columns) {
  std::vector<std::string> names;
  for (const auto& c : columns) names.push_back(c.name);
  return names;
}

// The affine map of `kind` for training statistics; a zero range or sd gives scale 1 so a constant
// column maps to a constant instead of dividing by zero.
void set_map(ScalerKind kind, ColumnScaling& c) {
  const double range = c.max - c.min;
  switch (kind) {
    case ScalerKind::kNone:
      c.offset = 0;
      c.scale = 1;
      return;
    case ScalerKind::kMinMax:
      c.offset = c.min;
      c.scale = range > 0 ? range : 1.0;
      return;
    case ScalerKind::kMinMaxSymmetric:
      c.offset = range > 0 ? c.min + range / 2 : c.min;
      c.scale = range > 0 ? range / 2 : 1.0;
      return;
    case ScalerKind::kZScore:
      c.offset = c.mean;
      c.scale = c.sd > 0 ? c.sd : 1.0;
      return;
  }
}

template <typename T>
T read_field(const nlohmann::json& json, std::string_view field, std::string_view where) {
  const auto it = json.find(field);
  if (it == json.end()) throw FormatError(fmt::format("scaler state: {} has no field '{}'", where, field));
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw FormatError(
        fmt::format("scaler state: {} field '{}' has the wrong type ({})", where, field, e.what()));
  }
}

}  // namespace

std::string_view to_string(ScalerKind kind) noexcept {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "none";
}

ScalerKind parse_scaler_kind(std::string_view text, std::string_view where) {
  for (const auto& entry : kKindNames) {
    if (entry.name == text) return entry.kind;
  }
  throw InvalidInput(
      fmt::format("{}: unknown scaler '{}'; accepted: none, minmax (to [0,1]), minmax-symmetric "
                  "(to [-1,1]), zscore",
                  where, text));
}

Scaler Scaler::fit(ScalerKind kind, const PriceSeries& train, const std::vector<std::string>& columns) {
  if (train.empty()) throw InvalidInput("Scaler::fit: the training part is empty");
  Scaler scaler;
  scaler.kind_ = kind;
  for (const auto& name : columns) {
    if (scaler.has_column(name))
      throw InvalidInput(fmt::format("Scaler::fit: column '{}' is given twice", name));
    const auto values = train.column(name);
    ColumnScaling c;
    c.name = name;
    c.n = values.size();
    c.min = values[0];
    c.max = values[0];
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double v = values[i];
      if (!std::isfinite(v)) {
        throw InvalidInput(
            fmt::format("Scaler::fit: column '{}' holds {} at {}", name, v, to_string(train.date(i))));
      }
      c.min = std::min(c.min, v);
      c.max = std::max(c.max, v);
      sum += v;
    }
    c.mean = sum / static_cast<double>(c.n);
    double ss = 0;
    for (const double v : values) ss += (v - c.mean) * (v - c.mean);
    c.sd = c.n > 1 ? std::sqrt(ss / static_cast<double>(c.n - 1)) : 0.0;
    set_map(kind, c);
    scaler.columns_.push_back(std::move(c));
  }
  return scaler;
}

bool Scaler::has_column(std::string_view name) const noexcept {
  return std::any_of(columns_.begin(), columns_.end(),
                     [&](const ColumnScaling& c) { return c.name == name; });
}

ColumnScaling Scaler::column(std::string_view name) const {
  for (const auto& c : columns_) {
    if (c.name == name) return c;
  }
  if (kind_ == ScalerKind::kNone) return ColumnScaling{std::string(name)};
  throw InvalidInput(fmt::format("Scaler: column '{}' was not fitted; fitted columns: {}", name,
                                 fmt::join(fitted_names(columns_), ", ")));
}

void Scaler::transform(std::string_view name, std::span<const double> values, std::span<double> out) const {
  if (values.size() != out.size()) {
    throw Internal(fmt::format("Scaler::transform: {} values into {} outputs", values.size(), out.size()));
  }
  const ColumnScaling c = column(name);
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = c.transform(values[i]);
}

void Scaler::inverse(std::string_view name, std::span<const double> values, std::span<double> out) const {
  if (values.size() != out.size()) {
    throw Internal(fmt::format("Scaler::inverse: {} values into {} outputs", values.size(), out.size()));
  }
  const ColumnScaling c = column(name);
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = c.inverse(values[i]);
}

PriceSeries Scaler::transform(const PriceSeries& series) const {
  PriceSeries result = series;
  for (const auto& c : columns_) {
    const auto values = series.column(c.name);
    std::vector<double> scaled(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) scaled[i] = c.transform(values[i]);
    result = result.with_column({c.name, std::move(scaled)});
  }
  return result;
}

nlohmann::json Scaler::to_json() const {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : columns_) {
    columns.push_back({{"name", c.name},
                       {"offset", c.offset},
                       {"scale", c.scale},
                       {"n", c.n},
                       {"min", c.min},
                       {"max", c.max},
                       {"mean", c.mean},
                       {"sd", c.sd}});
  }
  return {{"kind", std::string(to_string(kind_))}, {"columns", std::move(columns)}};
}

Scaler Scaler::from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw FormatError("scaler state: expected a JSON object");
  Scaler scaler;
  const auto kind_name = read_field<std::string>(json, "kind", "the scaler");
  try {
    scaler.kind_ = parse_scaler_kind(kind_name, "scaler state field 'kind'");
  } catch (const InvalidInput& e) {
    throw FormatError(e.what());
  }
  const auto columns = read_field<nlohmann::json>(json, "columns", "the scaler");
  if (!columns.is_array()) throw FormatError("scaler state: field 'columns' is not an array");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& item = columns[i];
    const std::string where = fmt::format("column {}", i);
    if (!item.is_object()) throw FormatError(fmt::format("scaler state: {} is not an object", where));
    ColumnScaling c;
    c.name = read_field<std::string>(item, "name", where);
    c.offset = read_field<double>(item, "offset", where);
    c.scale = read_field<double>(item, "scale", where);
    c.n = read_field<std::size_t>(item, "n", where);
    c.min = read_field<double>(item, "min", where);
    c.max = read_field<double>(item, "max", where);
    c.mean = read_field<double>(item, "mean", where);
    c.sd = read_field<double>(item, "sd", where);
    if (c.name.empty() || scaler.has_column(c.name)) {
      throw FormatError(fmt::format("scaler state: {} has an empty or repeated name '{}'", where, c.name));
    }
    if (!std::isfinite(c.offset) || !std::isfinite(c.scale) || c.scale == 0) {
      throw FormatError(
          fmt::format("scaler state: column '{}' has a non-finite offset or a zero/non-finite "
                      "scale",
                      c.name));
    }
    scaler.columns_.push_back(std::move(c));
  }
  return scaler;
}

}  // namespace stockcast::prep
