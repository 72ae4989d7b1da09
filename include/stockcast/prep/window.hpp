#pragma once
/// \file
/// Sliding windows of past days and the days to forecast, built once as contiguous arrays.
///
/// A window ending at row o (its *origin*, the last input day) holds feature rows o-window+1 .. o
/// and targets rows o+1 .. o+horizon of the target column. For a part [b, e) of a split the
/// windows are those whose targets lie inside the part: o+1 >= b and o+horizon <= e-1. A window's
/// lookback may reach back into the previous part (it is the past), its targets never cross into
/// the next part.
///
/// Inputs are stored row-major as [n_windows, window, n_features], targets as [n_windows, horizon],
/// in one allocation each (float for neural models, double for the others).
///
/// Values are scaled in one of two ways:
///  - global (WindowNormalization::kNone): every column goes through a Scaler fitted on the
///    training rows (the identity Scaler leaves raw values);
///  - per window (kLastValue / kFirstValue): price-like columns (FeatureSpec::is_price_like) and the
///    targets become x / ref - 1, where ref is the target column's value at the window's last
///    (or first) row, so the model learns relative moves; paper B's (p - p_first) / p_first is
///    kFirstValue. The other columns (volume, returns, volatility) still go through the Scaler.
/// Either way a scaled target y of window i maps back to a price exactly as
/// `y * target_scale(i) + target_offset(i)` (WindowDataset::to_price).

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "stockcast/core/date.hpp"
#include "stockcast/core/price_series.hpp"
#include "stockcast/prep/features.hpp"
#include "stockcast/prep/scaler.hpp"
#include "stockcast/prep/split.hpp"

namespace stockcast::prep {

/// Per-window normalisation of price-like columns and targets.
enum class WindowNormalization {
  kNone,        ///< no per-window normalisation: the global Scaler only
  kLastValue,   ///< x / (target at the window's last input day) - 1
  kFirstValue,  ///< x / (target at the window's first input day) - 1 (paper B)
};

/// "none", "last", "first".
std::string_view to_string(WindowNormalization normalization) noexcept;
/// Parses the names of to_string(); throws InvalidInput naming `where` and the accepted names.
WindowNormalization parse_window_normalization(std::string_view text,
                                               std::string_view where = "--window-norm");

/// Shape and scaling of windows.
struct WindowOptions {
  int window = 30;  ///< past days in each input window, >= 1
  int horizon = 1;  ///< future days forecast from each window, >= 1
  WindowNormalization normalization = WindowNormalization::kNone;  ///< per-window scaling

  /// Throws InvalidInput (naming `where`) unless window >= 1 and horizon >= 1.
  void validate(std::string_view where) const;
};

/// Windows and targets in one contiguous array each, with where each window sits in the series.
template <typename T>
class WindowDataset {
 public:
  WindowDataset() = default;

  /// Number of windows.
  [[nodiscard]] std::size_t size() const noexcept { return origins_.size(); }
  [[nodiscard]] bool empty() const noexcept { return origins_.empty(); }
  /// Past days per window.
  [[nodiscard]] std::size_t window() const noexcept { return window_; }
  /// Features per day.
  [[nodiscard]] std::size_t n_features() const noexcept { return n_features_; }
  /// Days forecast per window.
  [[nodiscard]] std::size_t horizon() const noexcept { return horizon_; }
  /// True when targets were built (false for inference windows at the end of a series).
  [[nodiscard]] bool has_targets() const noexcept { return has_targets_; }

  /// All inputs, row-major [size(), window(), n_features()].
  [[nodiscard]] std::span<const T> inputs() const noexcept { return inputs_; }
  /// All targets, row-major [size(), horizon()] (empty without targets).
  [[nodiscard]] std::span<const T> targets() const noexcept { return targets_; }
  /// Window i's inputs, [window(), n_features()].
  [[nodiscard]] std::span<const T> input(std::size_t i) const;
  /// Window i's scaled targets, [horizon()].
  [[nodiscard]] std::span<const T> target(std::size_t i) const;

  /// Row (of the FeatureFrame's series) of window i's last input day: its forecast origin.
  [[nodiscard]] std::size_t origin(std::size_t i) const { return origins_.at(i); }
  /// The origins of all windows, in the order they were built (increasing for make_windows()).
  [[nodiscard]] std::span<const std::size_t> origins() const noexcept { return origins_; }
  /// Date of window i's last input day.
  [[nodiscard]] Date origin_date(std::size_t i) const;
  /// Date of window i's k-th target day (k = 0 .. horizon-1); needs the target rows to exist.
  [[nodiscard]] Date target_date(std::size_t i, std::size_t k) const;

  /// Offset of window i's target map: price = y * target_scale(i) + target_offset(i).
  [[nodiscard]] double target_offset(std::size_t i) const { return target_offset_.at(i); }
  /// Scale of window i's target map (never 0).
  [[nodiscard]] double target_scale(std::size_t i) const { return target_scale_.at(i); }
  /// A scaled target value of window i back in price units (exact inverse of the target scaling).
  [[nodiscard]] double to_price(std::size_t i, double scaled) const {
    return scaled * target_scale(i) + target_offset(i);
  }
  /// A price as a scaled target of window i (what a model trained on these windows outputs).
  [[nodiscard]] double from_price(std::size_t i, double price) const {
    return (price - target_offset(i)) / target_scale(i);
  }

 private:
  template <typename U>
  friend WindowDataset<U> build_windows(const FeatureFrame&, const Scaler&, const WindowOptions&,
                                        std::span<const std::size_t>, bool);
  std::size_t window_ = 0;
  std::size_t n_features_ = 0;
  std::size_t horizon_ = 0;
  bool has_targets_ = false;
  std::vector<T> inputs_;
  std::vector<T> targets_;
  std::vector<std::size_t> origins_;
  std::vector<double> target_offset_;
  std::vector<double> target_scale_;
  PriceSeries series_;
};

/// Origins (rows of the frame's series) of every window whose targets lie inside `part`:
/// o from max(part.begin - 1, window - 1) to part.end - 1 - horizon. With `lookback_may_cross`
/// false the lookback must also stay inside the part (o >= part.begin + window - 1).
/// Empty when the part is too short.
std::vector<std::size_t> window_origins(RowRange part, const WindowOptions& options,
                                        bool lookback_may_cross = true);

/// Builds windows ending at `origins` (rows of frame.series, each >= window - 1; with targets each
/// <= size - 1 - horizon). `scaler` must hold every non-window-normalised column (or be the
/// identity). Throws InvalidInput naming the origin when it is out of range, and the date when a
/// per-window reference price is not positive. Explicitly instantiated for float and double.
template <typename T>
WindowDataset<T> build_windows(const FeatureFrame& frame, const Scaler& scaler, const WindowOptions& options,
                               std::span<const std::size_t> origins, bool with_targets);

/// Windows of one part of a split: build_windows(frame, scaler, options, window_origins(part)).
template <typename T>
WindowDataset<T> make_windows(const FeatureFrame& frame, const Scaler& scaler, const WindowOptions& options,
                              RowRange part, bool lookback_may_cross = true);

/// Fits `kind` on rows `train` of the frame, on every feature column and the target: the scaler
/// build_windows() needs (with per-window normalisation the price-like columns are fitted too
/// but not used).
Scaler fit_scaler(ScalerKind kind, const FeatureFrame& frame, RowRange train);

}  // namespace stockcast::prep
