// Static figures through gnuplot: one gnuplot process per chart, data inlined as a datablock.
#include "stockcast/report/figures.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "stockcast/core/error.hpp"
#include "stockcast/io/atomic_file.hpp"
#include "stockcast/io/csv_table.hpp"

extern char** environ;

namespace stockcast::report {

namespace fs = std::filesystem;

namespace {

constexpr int kMinSize = 200;
constexpr int kMaxSize = 10000;
constexpr double kSecondsPerDay = 86400;
constexpr double kDaysPerYear = 365.25;
constexpr int kYearsForYearTicks = 4;
constexpr int kDaysForMonthTicks = 120;

// A gnuplot single-quoted string: '' stands for one quote; line breaks become spaces.
std::string quote(std::string_view text) {
  std::string out = "'";
  for (const char ch : text) {
    if (ch == '\'')
      out += "''";
    else if (ch == '\n' || ch == '\r')
      out += ' ';
    else
      out += ch;
  }
  return out + "'";
}

std::string number(double value) {
  if (!std::isfinite(value)) return "NaN";
  return fmt::format("{:.9g}", value);
}

std::string style_clause(const ChartSeries& s) {
  const std::string color = fmt::format("lc rgb {}", quote(s.color));
  switch (s.style) {
    case SeriesStyle::kLine:
      return fmt::format("with lines lw {} {}", s.width, color);
    case SeriesStyle::kDashed:
      return fmt::format("with lines lw {} dt 2 {}", s.width, color);
    case SeriesStyle::kPoints:
      return fmt::format("with points pt 7 ps 0.45 {}", color);
    case SeriesStyle::kBars:
      return fmt::format("with impulses lw {} {}", std::max(1.0, s.width), color);
    case SeriesStyle::kStep:
      return fmt::format("with steps lw {} {}", s.width, color);
    case SeriesStyle::kHistogram:
      return fmt::format("with histeps lw {} {}", s.width, color);
  }
  return "with lines";
}

std::string script(const Chart& chart, const FigureOptions& options, const fs::path& output) {
  std::ostringstream gp;
  if (options.format == FigureFormat::kPng) {
    gp << fmt::format(
        "set terminal pngcairo noenhanced size {},{} font 'DejaVu Sans,11' background '#ffffff'\n",
        options.width, options.height);
  } else {
    gp << fmt::format("set terminal svg noenhanced size {},{} font 'DejaVu Sans,11' background '#ffffff'\n",
                      options.width, options.height);
  }
  gp << "set output " << quote(output.string()) << "\n";
  gp << "set title " << quote(chart.title) << " font ',13'\n";
  gp << "set xlabel " << quote(chart.x_label) << "\n";
  gp << "set ylabel " << quote(chart.y_label) << "\n";
  gp << "set grid lc rgb '#dddddd'\nset border lc rgb '#444444'\n";
  gp << "set key outside below horizontal maxrows 3 noautotitle height 1.5\n";
  if (chart.x_is_time && !chart.x.empty()) {
    const double days = (chart.x.back() - chart.x.front()) / kSecondsPerDay;
    const char* format = days > kYearsForYearTicks * kDaysPerYear ? "%Y"
                         : days > kDaysForMonthTicks              ? "%Y-%m"
                                                                  : "%Y-%m-%d";
    gp << "set xdata time\nset timefmt '%s'\nset format x '" << format << "'\n";
  }
  if (!chart.y2_label.empty()) {
    gp << "set ytics nomirror\nset y2tics\nset y2label " << quote(chart.y2_label) << "\n";
    if (chart.y2_log) gp << "set logscale y2\nset format y2 '%.0e'\n";
  }
  if (std::any_of(chart.series.begin(), chart.series.end(),
                  [](const auto& s) { return s.style == SeriesStyle::kBars; })) {
    gp << "set xzeroaxis lt -1\n";
  }
  gp << "$data << EOD\n";
  for (std::size_t i = 0; i < chart.x.size(); ++i) {
    gp << number(chart.x[i]);
    for (const auto& s : chart.series) gp << ' ' << number(s.y[i]);
    gp << '\n';
  }
  gp << "EOD\n";
  std::vector<std::string> parts;
  for (const auto& band : chart.bands) {
    // gnuplot has no alpha in colour names: a light solid fill with transparency does the same.
    parts.push_back(fmt::format(
        "$data using 1:{}:{} with filledcurves fc rgb {} fs transparent solid 0.18 noborder notitle",
        band.lower + 2, band.upper + 2, quote(chart.series[band.upper].color)));
  }
  for (std::size_t k = 0; k < chart.series.size(); ++k) {
    const auto& s = chart.series[k];
    const std::string key = s.figure_key.value_or(s.label);
    parts.push_back(fmt::format("$data using 1:{} {} {} {}", k + 2, style_clause(s),
                                s.right_axis ? "axes x1y2" : "axes x1y1",
                                key.empty() ? std::string("notitle") : "title " + quote(key)));
  }
  gp << "plot ";
  for (std::size_t i = 0; i < parts.size(); ++i) gp << (i ? ", \\\n     " : "") << parts[i];
  gp << "\nset output\n";
  return gp.str();
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path hidden_temp(const fs::path& dir, std::string_view stem, std::string_view suffix) {
  std::random_device device;
  return dir / fmt::format(".{}.{:08x}{}", stem, static_cast<unsigned>(device()), suffix);
}

// Runs `gnuplot script` with stderr to a file; returns the exit status and stderr text.
std::pair<int, std::string> run_gnuplot(const fs::path& gnuplot, const fs::path& script_file,
                                        const fs::path& err_file) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  const std::string program = gnuplot.string();
  const std::string script_arg = script_file.string();
  char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(script_arg.c_str()), nullptr};
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    throw IoError(fmt::format("cannot run gnuplot '{}': {}", program, std::strerror(spawn_error)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw IoError(fmt::format("waiting for gnuplot failed: {}", std::strerror(errno)));
  }
  const int code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return {code, read_text(err_file)};
}

}  // namespace

void FigureOptions::validate() const {
  if (width < kMinSize || width > kMaxSize || height < kMinSize || height > kMaxSize) {
    throw InvalidInput(
        fmt::format("FigureOptions: size {}x{} is outside {}..{}", width, height, kMinSize, kMaxSize));
  }
  if (gnuplot.empty()) throw InvalidInput("FigureOptions.gnuplot: empty program name");
}

fs::path find_gnuplot(const std::string& program) {
  const std::string hint =
      "static figures need gnuplot: install Debian's gnuplot-nox (scripts/install-deps) or pass --gnuplot "
      "PATH";
  auto executable = [](const fs::path& p) {
    std::error_code error;
    return fs::is_regular_file(p, error) && ::access(p.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) {
    if (executable(program)) return program;
    throw IoError(fmt::format("gnuplot not found at '{}': {}", program, hint));
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  while (true) {
    const auto colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    const fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / program;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  throw IoError(fmt::format("gnuplot not found: no '{}' on PATH; {}", program, hint));
}

std::vector<fs::path> write_figures(const ReportModel& model, const fs::path& out_dir,
                                    const FigureOptions& options) {
  options.validate();
  const fs::path gnuplot = find_gnuplot(options.gnuplot);
  std::error_code error;
  fs::create_directories(out_dir, error);
  if (error || !fs::is_directory(out_dir)) {
    throw IoError(fmt::format("cannot create figure directory '{}': {}", out_dir.string(),
                              error ? error.message() : "not a directory"));
  }
  std::vector<fs::path> written;
  for (const auto& section : model.sections) {
    for (const auto& chart : section.charts) {
      if (chart.x.empty() || chart.series.empty()) continue;
      const fs::path target = out_dir / fmt::format("{}.{}", chart.id, extension(options.format));
      const fs::path image = hidden_temp(out_dir, chart.id, fmt::format(".{}", extension(options.format)));
      const fs::path script_file = hidden_temp(out_dir, chart.id, ".gp");
      const fs::path err_file = hidden_temp(out_dir, chart.id, ".err");
      auto cleanup = [&] {
        std::error_code ignored;
        fs::remove(script_file, ignored);
        fs::remove(err_file, ignored);
        fs::remove(image, ignored);
      };
      try {
        io::write_file_atomically(script_file, script(chart, options, image));
        const auto [code, message] = run_gnuplot(gnuplot, script_file, err_file);
        std::error_code size_error;
        if (code != 0 || !fs::is_regular_file(image) || fs::file_size(image, size_error) == 0) {
          throw IoError(fmt::format("gnuplot failed drawing '{}' (exit {}): {}", target.string(), code,
                                    message.empty() ? "no output" : message));
        }
        fs::rename(image, target, error);
        if (error) throw IoError(fmt::format("cannot write '{}': {}", target.string(), error.message()));
      } catch (...) {
        cleanup();
        throw;
      }
      cleanup();
      written.push_back(target);
    }
  }
  return written;
}

}  // namespace stockcast::report
