#pragma once
/// \file
/// Progress of long runs (training, backtests, searches) on stderr: a live bar on a terminal, one
/// line per round otherwise, nothing when quiet. Independent of LibTorch so any area can use it.
///
/// A run has `rounds` (epochs) of `steps` (batches) each:
/// \code
///   ProgressReporter progress({.mode = ProgressMode::kAuto});
///   progress.start("lstm", /*rounds=*/20, /*steps=*/101);
///   progress.step(epoch, batch, {{"loss", 0.0012}, {"lr", 1e-3}});    // redraws the bar (throttled)
///   progress.end_round(epoch, {{"loss", 0.0011}, {"val_loss", 0.0019}});  // one line per epoch
///   progress.finish("lstm: 20 epochs in 41.2 s");
/// \endcode

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>

namespace stockcast {

/// How progress is shown.
enum class ProgressMode {
  kAuto,   ///< a live bar when the stream is a terminal (stderr on a TTY), lines otherwise
  kBar,    ///< a live bar redrawn in place with '\r', plus one line per round
  kLines,  ///< one line per round, nothing in between
  kQuiet,  ///< nothing at all
};

/// One named number shown in a progress line, e.g. {"loss", 0.0012}.
struct ProgressField {
  std::string_view name;  ///< label printed before the value
  double value = 0.0;     ///< printed with 4 significant digits; a NaN prints as "nan"
};

/// Where and how progress is shown.
struct ProgressOptions {
  ProgressMode mode = ProgressMode::kAuto;         ///< bar, lines, quiet, or decided by the stream
  std::ostream* stream = nullptr;                  ///< output; nullptr = std::cerr
  std::chrono::milliseconds redraw_interval{100};  ///< minimum time between two bar redraws
  std::string round_name = "epoch";                ///< what a round is called in messages
};

/// Reports progress of a run made of rounds of steps, with an estimated time to completion.
/// Not thread-safe: one reporter per run.
class ProgressReporter {
 public:
  /// A reporter writing to `options.stream` (stderr by default).
  explicit ProgressReporter(ProgressOptions options = {});
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  /// Clears a bar left on the terminal.
  ~ProgressReporter();

  /// The mode in effect (kAuto resolved to kBar or kLines).
  [[nodiscard]] ProgressMode mode() const noexcept { return mode_; }

  /// Starts a run called `label` with `rounds` rounds of `steps` steps each (both >= 1) and starts
  /// the clock used for elapsed time and ETA.
  void start(std::string label, std::size_t rounds, std::size_t steps);

  /// Step `step` (1-based) of round `round` (1-based) is done. On a bar, redraws it (at most once
  /// per redraw_interval, always on the last step) with the fields and the ETA.
  void step(std::size_t round, std::size_t step, std::initializer_list<ProgressField> fields);

  /// Round `round` (1-based) is done: prints one line with the fields, the round's duration and the
  /// ETA (bar and lines modes).
  void end_round(std::size_t round, std::initializer_list<ProgressField> fields);

  /// Prints a free-form line (clearing the bar first), e.g. "early stopping at epoch 12".
  void note(std::string_view text);

  /// Ends the run: clears the bar and prints `summary` when it is not empty.
  void finish(std::string_view summary);

  /// Seconds since start().
  [[nodiscard]] double elapsed_seconds() const;

 private:
  void clear_bar();
  [[nodiscard]] double eta_seconds(std::size_t done_steps) const;

  ProgressOptions options_;
  ProgressMode mode_ = ProgressMode::kLines;
  std::ostream* out_ = nullptr;
  std::string label_;
  std::size_t rounds_ = 1;
  std::size_t steps_ = 1;
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point round_started_{};
  std::chrono::steady_clock::time_point last_draw_{};
  std::size_t bar_width_ = 0;  ///< characters of the bar currently on screen (0 = none)
};

/// Formats seconds as "42s", "3m05s" or "1h02m", for ETAs and durations.
std::string format_duration(double seconds);

}  // namespace stockcast
