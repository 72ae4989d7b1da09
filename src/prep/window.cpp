#include "stockcast/prep/window.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::prep {

using stockcast::to_string;

std::string_view to_string(WindowNormalization normalization) noexcept {
  switch (normalization) {
    case WindowNormalization::kNone:
      return "none";
    case WindowNormalization::kLastValue:
      return "last";
    case WindowNormalization::kFirstValue:
      return "first";
  }
  return "none";
}

WindowNormalization parse_window_normalization(std::string_view text, std::string_view where) {
  if (text == "none") return WindowNormalization::kNone;
  if (text == "last") return WindowNormalization::kLastValue;
  if (text == "first") return WindowNormalization::kFirstValue;
  throw InvalidInput(
      fmt::format("{}: unknown window normalisation '{}'; accepted: none, last (divide by the "
                  "window's last close), first (divide by its first close, as paper B)",
                  where, text));
}

void WindowOptions::validate(std::string_view where) const {
  if (window < 1) throw InvalidInput(fmt::format("{}: the window must be >= 1 day, got {}", where, window));
  if (horizon < 1)
    throw InvalidInput(fmt::format("{}: the horizon must be >= 1 day, got {}", where, horizon));
}

template <typename T>
std::span<const T> WindowDataset<T>::input(std::size_t i) const {
  if (i >= size()) throw InvalidInput(fmt::format("WindowDataset: window {} out of range ({})", i, size()));
  return std::span<const T>(inputs_).subspan(i * window_ * n_features_, window_ * n_features_);
}

template <typename T>
std::span<const T> WindowDataset<T>::target(std::size_t i) const {
  if (i >= size() || !has_targets_) {
    throw InvalidInput(fmt::format("WindowDataset: no targets for window {} ({} windows, targets {})", i,
                                   size(), has_targets_ ? "built" : "not built"));
  }
  return std::span<const T>(targets_).subspan(i * horizon_, horizon_);
}

template <typename T>
Date WindowDataset<T>::origin_date(std::size_t i) const {
  return series_.date(origin(i));
}

template <typename T>
Date WindowDataset<T>::target_date(std::size_t i, std::size_t k) const {
  if (k >= horizon_) {
    throw InvalidInput(fmt::format("WindowDataset: target step {} out of range (horizon {})", k, horizon_));
  }
  return series_.date(origin(i) + 1 + k);
}

std::vector<std::size_t> window_origins(RowRange part, const WindowOptions& options,
                                        bool lookback_may_cross) {
  options.validate("window_origins");
  const auto w = static_cast<std::size_t>(options.window);
  const auto h = static_cast<std::size_t>(options.horizon);
  std::vector<std::size_t> origins;
  if (part.end < part.begin + h) return origins;
  // Targets o+1 .. o+h inside [begin, end): o >= begin - 1 and o <= end - 1 - h.
  std::size_t lo =
      lookback_may_cross ? std::max(part.begin > 0 ? part.begin - 1 : 0, w - 1) : part.begin + w - 1;
  const std::size_t hi_plus_one = part.end - h;  // one past the last origin
  if (lo >= hi_plus_one) return origins;
  origins.reserve(hi_plus_one - lo);
  for (std::size_t o = lo; o < hi_plus_one; ++o) origins.push_back(o);
  return origins;
}

template <typename T>
WindowDataset<T> build_windows(const FeatureFrame& frame, const Scaler& scaler, const WindowOptions& options,
                               std::span<const std::size_t> origins, bool with_targets) {
  options.validate("build_windows");
  const auto w = static_cast<std::size_t>(options.window);
  const auto h = static_cast<std::size_t>(options.horizon);
  const std::size_t n_rows = frame.series.size();
  const std::size_t n_features = frame.features.size();
  if (n_features == 0 || frame.feature_names.size() != n_features) {
    throw InvalidInput("build_windows: the feature frame has no features");
  }
  for (const std::size_t o : origins) {
    if (o + 1 < w || o >= n_rows) {
      throw InvalidInput(
          fmt::format("build_windows({}): a window of {} days cannot end at row {} of {} rows "
                      "(needs row >= {})",
                      frame.series.ticker(), w, o, n_rows, w - 1));
    }
    if (with_targets && o + h >= n_rows) {
      throw InvalidInput(
          fmt::format("build_windows({}): the {} target days after row {} ({}) lie beyond the "
                      "last row {}",
                      frame.series.ticker(), h, o, to_string(frame.series.date(o)), n_rows - 1));
    }
  }
  const bool per_window = options.normalization != WindowNormalization::kNone;

  // Per feature: its values, and either the per-window reference (relative) or the global map.
  struct Source {
    std::span<const double> values;
    bool relative = false;
    ColumnScaling map;
  };
  std::vector<Source> sources;
  sources.reserve(n_features);
  for (std::size_t f = 0; f < n_features; ++f) {
    Source source;
    source.values = frame.series.column(frame.feature_names[f]);
    source.relative = per_window && frame.features[f].is_price_like(frame.target);
    if (!source.relative) source.map = scaler.column(frame.feature_names[f]);
    sources.push_back(std::move(source));
  }
  const std::span<const double> target = frame.series.column(frame.target);
  const ColumnScaling target_map = per_window ? ColumnScaling{} : scaler.column(frame.target);

  WindowDataset<T> data;
  data.window_ = w;
  data.n_features_ = n_features;
  data.horizon_ = h;
  data.has_targets_ = with_targets;
  data.series_ = frame.series;
  data.origins_.assign(origins.begin(), origins.end());
  data.inputs_.resize(origins.size() * w * n_features);
  if (with_targets) data.targets_.resize(origins.size() * h);
  data.target_offset_.resize(origins.size());
  data.target_scale_.resize(origins.size());

  for (std::size_t i = 0; i < origins.size(); ++i) {
    const std::size_t first = origins[i] + 1 - w;
    double offset = target_map.offset;
    double scale = target_map.scale;
    if (per_window) {
      const std::size_t ref_row =
          options.normalization == WindowNormalization::kLastValue ? origins[i] : first;
      const double ref = target[ref_row];
      if (!(ref > 0) || !std::isfinite(ref)) {
        throw InvalidInput(
            fmt::format("build_windows({}): per-window normalisation needs a positive '{}', but {} "
                        "holds {}",
                        frame.series.ticker(), frame.target, to_string(frame.series.date(ref_row)), ref));
      }
      offset = ref;
      scale = ref;
    }
    data.target_offset_[i] = offset;
    data.target_scale_[i] = scale;
    T* out = data.inputs_.data() + i * w * n_features;
    for (std::size_t t = 0; t < w; ++t) {
      for (std::size_t f = 0; f < n_features; ++f) {
        const Source& source = sources[f];
        const double x = source.values[first + t];
        const double y = source.relative ? (x - offset) / scale : source.map.transform(x);
        out[t * n_features + f] = static_cast<T>(y);
      }
    }
    if (with_targets) {
      T* y = data.targets_.data() + i * h;
      for (std::size_t k = 0; k < h; ++k)
        y[k] = static_cast<T>((target[origins[i] + 1 + k] - offset) / scale);
    }
  }
  return data;
}

template <typename T>
WindowDataset<T> make_windows(const FeatureFrame& frame, const Scaler& scaler, const WindowOptions& options,
                              RowRange part, bool lookback_may_cross) {
  if (part.end > frame.series.size()) {
    throw InvalidInput(fmt::format("make_windows({}): part [{}, {}) exceeds the {} rows",
                                   frame.series.ticker(), part.begin, part.end, frame.series.size()));
  }
  const std::vector<std::size_t> origins = window_origins(part, options, lookback_may_cross);
  return build_windows<T>(frame, scaler, options, origins, /*with_targets=*/true);
}

Scaler fit_scaler(ScalerKind kind, const FeatureFrame& frame, RowRange train) {
  if (train.empty() || train.end > frame.series.size()) {
    throw InvalidInput(
        fmt::format("fit_scaler({}): the training rows [{}, {}) are empty or exceed the {} rows",
                    frame.series.ticker(), train.begin, train.end, frame.series.size()));
  }
  std::vector<std::string> columns = frame.feature_names;
  if (std::find(columns.begin(), columns.end(), frame.target) == columns.end())
    columns.push_back(frame.target);
  return Scaler::fit(kind, frame.series.slice(train.begin, train.end), columns);
}

template class WindowDataset<float>;
template class WindowDataset<double>;
template WindowDataset<float> build_windows<float>(const FeatureFrame&, const Scaler&, const WindowOptions&,
                                                   std::span<const std::size_t>, bool);
template WindowDataset<double> build_windows<double>(const FeatureFrame&, const Scaler&, const WindowOptions&,
                                                     std::span<const std::size_t>, bool);
template WindowDataset<float> make_windows<float>(const FeatureFrame&, const Scaler&, const WindowOptions&,
                                                  RowRange, bool);
template WindowDataset<double> make_windows<double>(const FeatureFrame&, const Scaler&, const WindowOptions&,
                                                    RowRange, bool);

}  // namespace stockcast::prep
