#include "stockcast/core/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "stockcast/core/error.hpp"

namespace stockcast {

namespace {

constexpr std::size_t kBarCells = 24;

std::string format_fields(std::initializer_list<ProgressField> fields) {
  std::string text;
  for (const auto& field : fields) {
    if (std::isnan(field.value)) {
      text += fmt::format("  {} nan", field.name);
    } else {
      text += fmt::format("  {} {:.4g}", field.name, field.value);
    }
  }
  return text;
}

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<long long>(std::llround(seconds));
  if (total < 60) return fmt::format("{}s", total);
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

ProgressReporter::ProgressReporter(ProgressOptions options) : options_(std::move(options)) {
  out_ = options_.stream != nullptr ? options_.stream : &std::cerr;
  mode_ = options_.mode;
  if (mode_ == ProgressMode::kAuto) {
    const bool terminal = out_ == &std::cerr && ::isatty(STDERR_FILENO) == 1;
    mode_ = terminal ? ProgressMode::kBar : ProgressMode::kLines;
  }
}

ProgressReporter::~ProgressReporter() {
  try {
    clear_bar();
  } catch (...) {  // a destructor must not throw; the terminal keeps a stale bar at worst
  }
}

void ProgressReporter::start(std::string label, std::size_t rounds, std::size_t steps) {
  if (rounds == 0 || steps == 0) {
    throw Internal(fmt::format("ProgressReporter::start({}): rounds ({}) and steps ({}) must be >= 1", label,
                               rounds, steps));
  }
  label_ = std::move(label);
  rounds_ = rounds;
  steps_ = steps;
  started_ = std::chrono::steady_clock::now();
  round_started_ = started_;
  last_draw_ = {};
}

double ProgressReporter::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

double ProgressReporter::eta_seconds(std::size_t done_steps) const {
  const std::size_t total = rounds_ * steps_;
  if (done_steps == 0) return std::nan("");
  const double per_step = elapsed_seconds() / static_cast<double>(done_steps);
  return per_step * static_cast<double>(total - std::min(done_steps, total));
}

void ProgressReporter::step(std::size_t round, std::size_t step,
                            std::initializer_list<ProgressField> fields) {
  if (mode_ != ProgressMode::kBar) return;
  const auto now = std::chrono::steady_clock::now();
  if (step != steps_ && now - last_draw_ < options_.redraw_interval) return;
  last_draw_ = now;
  const std::size_t filled = step * kBarCells / steps_;
  const std::string bar = std::string(filled, '=') + std::string(kBarCells - filled, ' ');
  const std::size_t done = (round - 1) * steps_ + step;
  std::string line =
      fmt::format("{}: {} {}/{} [{}] {}/{}{}  ETA {}", label_, options_.round_name, round, rounds_, bar, step,
                  steps_, format_fields(fields), format_duration(eta_seconds(done)));
  const std::size_t width = line.size();
  if (width < bar_width_) line += std::string(bar_width_ - width, ' ');
  *out_ << '\r' << line << std::flush;
  bar_width_ = width;
}

void ProgressReporter::end_round(std::size_t round, std::initializer_list<ProgressField> fields) {
  const auto now = std::chrono::steady_clock::now();
  const double round_seconds = std::chrono::duration<double>(now - round_started_).count();
  round_started_ = now;
  if (mode_ == ProgressMode::kQuiet) return;
  clear_bar();
  *out_ << fmt::format("{}: {} {}/{}{}  {:.1f}s  ETA {}\n", label_, options_.round_name, round, rounds_,
                       format_fields(fields), round_seconds, format_duration(eta_seconds(round * steps_)))
        << std::flush;
}

void ProgressReporter::note(std::string_view text) {
  if (mode_ == ProgressMode::kQuiet) return;
  clear_bar();
  *out_ << label_ << ": " << text << '\n' << std::flush;
}

void ProgressReporter::finish(std::string_view summary) {
  if (mode_ == ProgressMode::kQuiet) return;
  clear_bar();
  if (!summary.empty()) *out_ << summary << '\n' << std::flush;
}

void ProgressReporter::clear_bar() {
  if (bar_width_ == 0) return;
  *out_ << '\r' << std::string(bar_width_, ' ') << '\r' << std::flush;
  bar_width_ = 0;
}

}  // namespace stockcast
