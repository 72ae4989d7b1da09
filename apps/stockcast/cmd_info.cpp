// stockcast info FILE|DIR: what a price file holds and what reading it did (docs/info-json.md).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "data_options.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/prep/split.hpp"
#include "stockcast/prep/window.hpp"

namespace stockcast::cli {
namespace {

using nlohmann::ordered_json;

struct InfoArgs {
  std::string path;
  bool json = false;
  std::string split = "0.7,0.15,0.15";
  int window = 30;
  int horizon = 1;
  bool want_split = false;  // --split, --window or --horizon given
  DataCliOptions data;
};

struct PartSummary {
  std::string name;
  prep::RowRange rows;
  std::size_t windows = 0;
};

struct SplitSummary {
  prep::SplitFractions fractions;
  std::size_t minimum_rows = 0;
  std::vector<PartSummary> parts;
};

struct Summary {
  data::ReadResult read;
  eval::Moments close;
  std::optional<eval::Moments> returns;  // daily log returns in percent; none for a single row
  std::optional<SplitSummary> split;
};

constexpr double kPercent = 100.0;

Summary summarize(data::ReadResult read, const InfoArgs& args) {
  Summary s;
  const auto close = read.series.close();
  s.close = eval::moments(close);
  if (close.size() > 1) s.returns = eval::moments(eval::log_returns(close, kPercent));
  if (args.want_split) {
    const std::string where = fmt::format("info({}) --split/--window/--horizon", read.path.string());
    SplitSummary split;
    split.fractions = prep::parse_split_fractions(args.split, "--split");
    const prep::WindowOptions windows{.window = args.window, .horizon = args.horizon};
    windows.validate("--window/--horizon");
    split.minimum_rows = prep::minimum_rows(split.fractions, args.window, args.horizon);
    const std::size_t n = read.series.size();
    if (n < split.minimum_rows) {
      throw InvalidInput(fmt::format(
          "{}: {} has {} rows, too few for split {} with window {} and horizon {}: at "
          "least {} rows are needed",
          where, read.series.ticker(), n, args.split, args.window, args.horizon, split.minimum_rows));
    }
    const prep::Split parts = prep::split_by_fractions(n, split.fractions);
    prep::check_split_fits(parts, split.fractions, args.window, args.horizon, 0, where);
    for (const auto& [name, range] :
         {std::pair{"train", parts.train}, std::pair{"valid", parts.valid}, std::pair{"test", parts.test}}) {
      split.parts.push_back(PartSummary{name, range, prep::window_origins(range, windows).size()});
    }
    s.split = std::move(split);
  }
  s.read = std::move(read);
  return s;
}

ordered_json moments_json(const eval::Moments& m) {
  return ordered_json{{"n", m.n},
                      {"mean", m.mean},
                      {"std", m.sd},
                      {"skew", m.skew},
                      {"excess_kurtosis", m.excess_kurtosis},
                      {"min", m.min},
                      {"max", m.max}};
}

ordered_json optional_date(const std::optional<Date>& date) {
  return date ? ordered_json(to_string(*date)) : ordered_json(nullptr);
}

ordered_json to_json(const Summary& s, const InfoArgs& args) {
  const auto& r = s.read;
  const auto& c = r.cleaning;
  ordered_json j;
  j["ticker"] = r.series.ticker();
  j["path"] = r.path.string();
  j["format"] = r.format;
  j["date_format"] = r.date_format;
  j["delimiter"] = std::string(1, r.delimiter);
  j["rows"] = r.series.size();
  j["first_date"] = to_string(r.series.first_date());
  j["last_date"] = to_string(r.series.last_date());
  j["columns"] = r.series.column_names();
  j["source_columns"] = r.source_columns;

  ordered_json cleaning;
  cleaning["on_duplicate"] = std::string(data::to_string(c.duplicate_policy));
  cleaning["fill"] = std::string(data::to_string(c.fill_policy));
  cleaning["rows_read"] = c.rows_read;
  cleaning["rows_kept"] = c.rows_kept;
  cleaning["blank_lines"] = c.blank_lines;
  cleaning["row_unit"] = c.row_unit;
  cleaning["order"] = std::string(data::to_string(c.order));
  cleaning["rows_out_of_order"] = c.rows_out_of_order;
  cleaning["duplicates_removed"] = c.duplicates_removed;
  cleaning["duplicates"] = ordered_json::array();
  for (const auto& d : c.duplicates) {
    cleaning["duplicates"].push_back(
        {{"date", to_string(d.date)}, {"first_line", d.first_line}, {"second_line", d.second_line}});
  }
  cleaning["dropped_columns"] = c.dropped_columns;
  cleaning["missing_cells"] = c.missing_cells();
  cleaning["non_positive_cells"] = c.non_positive_cells();
  cleaning["filled_cells"] = c.filled_cells();
  cleaning["rows_dropped_missing"] = c.rows_dropped_missing;
  cleaning["rows_dropped_leading"] = c.rows_dropped_leading;
  cleaning["columns"] = ordered_json::array();
  for (const auto& col : c.columns) {
    cleaning["columns"].push_back({{"column", col.column},
                                   {"missing", col.missing},
                                   {"non_positive", col.non_positive},
                                   {"filled", col.filled},
                                   {"first_missing", optional_date(col.first_missing)},
                                   {"first_non_positive", optional_date(col.first_non_positive)}});
  }
  cleaning["ohlc"] = {{"high_below_low", c.ohlc.high_below_low},
                      {"first_high_below_low", optional_date(c.ohlc.first_high_below_low)},
                      {"close_outside_range", c.ohlc.close_outside_range},
                      {"first_close_outside", optional_date(c.ohlc.first_close_outside)}};
  cleaning["max_gap_days"] = c.max_gap_days;
  cleaning["gaps"] = ordered_json::array();
  for (const auto& g : c.gaps) {
    cleaning["gaps"].push_back({{"from", to_string(g.from)}, {"to", to_string(g.to)}, {"days", g.days}});
  }
  cleaning["steps"] = ordered_json::array();
  for (const auto& step : c.steps()) {
    cleaning["steps"].push_back({{"step", step.name}, {"count", step.count}, {"action", step.action}});
  }
  j["cleaning"] = std::move(cleaning);
  j["warnings"] = r.warnings;
  j["statistics"] = {{"close", moments_json(s.close)},
                     {"log_return_pct", s.returns ? moments_json(*s.returns) : ordered_json(nullptr)}};
  if (s.split) {
    ordered_json split;
    split["fractions"] = {s.split->fractions.train, s.split->fractions.valid, s.split->fractions.test};
    split["window"] = args.window;
    split["horizon"] = args.horizon;
    split["minimum_rows"] = s.split->minimum_rows;
    ordered_json parts;
    for (const auto& p : s.split->parts) {
      ordered_json part{{"rows", p.rows.size()}, {"begin", p.rows.begin}, {"end", p.rows.end}};
      part["first_date"] =
          p.rows.empty() ? ordered_json(nullptr) : ordered_json(to_string(r.series.date(p.rows.begin)));
      part["last_date"] =
          p.rows.empty() ? ordered_json(nullptr) : ordered_json(to_string(r.series.date(p.rows.end - 1)));
      part["windows"] = p.windows;
      parts[p.name] = std::move(part);
    }
    split["parts"] = std::move(parts);
    j["split"] = std::move(split);
  }
  return j;
}

std::string moments_row(std::string_view label, const eval::Moments& m) {
  return fmt::format("    {:<14}{:>9}{:>14.6g}{:>14.6g}{:>10.4f}{:>10.4f}{:>14.6g}{:>14.6g}\n", label, m.n,
                     m.mean, m.sd, m.skew, m.excess_kurtosis, m.min, m.max);
}

std::string to_text(const Summary& s, const InfoArgs& args) {
  const auto& r = s.read;
  const auto& c = r.cleaning;
  std::string out;
  out += fmt::format("{}  ({})\n", r.series.ticker(), r.path.string());
  out += fmt::format(
      "  format      {} (dates {}{})\n", r.format, r.date_format,
      r.format == data::kFormatAlphaVantageJson
          ? std::string()
          : fmt::format(", delimiter {}",
                        r.delimiter == '\t' ? std::string("tab") : fmt::format("'{}'", r.delimiter)));
  out += fmt::format("  rows        {} ({} read)\n", r.series.size(), c.rows_read);
  out += fmt::format("  dates       {} .. {}\n", to_string(r.series.first_date()),
                     to_string(r.series.last_date()));
  out += fmt::format("  columns     {}\n", fmt::join(r.series.column_names(), ", "));
  out += fmt::format("  cleaning    (on duplicate: {}, fill: {})\n", data::to_string(c.duplicate_policy),
                     data::to_string(c.fill_policy));
  for (const auto& step : c.steps())
    out += fmt::format("    {:<13}{:>8}  {}\n", step.name, step.count, step.action);
  if (!r.warnings.empty()) {
    out += "  warnings\n";
    for (const auto& w : r.warnings) out += fmt::format("    - {}\n", w);
  }
  out += fmt::format("  statistics  {:>11}{:>14}{:>14}{:>10}{:>10}{:>14}{:>14}\n", "n", "mean", "std", "skew",
                     "ex.kurt", "min", "max");
  out += moments_row("close", s.close);
  if (s.returns) out += moments_row("log return %", *s.returns);
  if (s.split) {
    const auto& f = s.split->fractions;
    out += fmt::format("  split       {},{},{} with window {} and horizon {} (needs at least {} rows)\n",
                       f.train, f.valid, f.test, args.window, args.horizon, s.split->minimum_rows);
    out += fmt::format("    {:<8}{:>9}  {:<12}{:<12}{:>9}\n", "part", "rows", "first", "last", "windows");
    for (const auto& p : s.split->parts) {
      out += fmt::format("    {:<8}{:>9}  {:<12}{:<12}{:>9}\n", p.name, p.rows.size(),
                         p.rows.empty() ? "-" : to_string(r.series.date(p.rows.begin)),
                         p.rows.empty() ? "-" : to_string(r.series.date(p.rows.end - 1)), p.windows);
    }
  }
  return out;
}

void run_info(const InfoArgs& args) {
  const data::ReadOptions options = to_read_options(args.data);
  const std::filesystem::path path(args.path);
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    const Summary s = summarize(data::read_prices(path, options), args);
    if (args.json) {
      fmt::print("{}\n", to_json(s, args).dump(2));
    } else {
      fmt::print("{}", to_text(s, args));
    }
    return;
  }

  data::DirectoryResult dir = data::read_directory(path, options);
  std::vector<Summary> summaries;
  std::vector<data::FileError> errors = std::move(dir.errors);
  for (auto& read : dir.series) {
    try {
      summaries.push_back(summarize(std::move(read), args));
    } catch (const Error& e) {
      errors.push_back(data::FileError{read.path, e.what(), std::current_exception()});
    }
  }
  std::sort(errors.begin(), errors.end(),
            [](const data::FileError& a, const data::FileError& b) { return a.path < b.path; });
  if (args.json) {
    ordered_json j;
    j["directory"] = path.string();
    j["tickers"] = ordered_json::array();
    for (const auto& s : summaries) j["tickers"].push_back(to_json(s, args));
    j["errors"] = ordered_json::array();
    for (const auto& e : errors) {
      int code = static_cast<int>(ExitCode::kInternal);
      try {
        std::rethrow_exception(e.error);
      } catch (const std::exception& ex) {
        code = static_cast<int>(exit_code(ex));
      }
      j["errors"].push_back({{"path", e.path.string()}, {"message", e.message}, {"exit_code", code}});
    }
    j["skipped"] = ordered_json::array();
    for (const auto& p : dir.skipped) j["skipped"].push_back(p.string());
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("{}: {} price files read, {} failed, {} other entries skipped\n\n", path.string(),
               summaries.size(), errors.size(), dir.skipped.size());
    for (const auto& s : summaries) fmt::print("{}\n", to_text(s, args));
    if (!dir.skipped.empty()) {
      std::vector<std::string> names;
      for (const auto& p : dir.skipped) names.push_back(p.filename().string());
      fmt::print("skipped (not .csv/.tsv/.txt/.json files): {}\n", fmt::join(names, ", "));
    }
  }
  if (!errors.empty()) {
    // Every failure is reported; the last one is rethrown so that main() prints it and sets the exit code.
    std::fflush(stdout);
    for (std::size_t i = 0; i + 1 < errors.size(); ++i)
      fmt::print(stderr, "stockcast: error: {}\n", errors[i].message);
    std::rethrow_exception(errors.back().error);
  }
}

}  // namespace

void add_info_command(CLI::App& app) {
  auto args = std::make_shared<InfoArgs>();
  auto* cmd = app.add_subcommand(
      "info",
      "Describe a price file or a directory of them: detected format, rows, date range, columns, every "
      "cleaning step with counts, statistics of close and daily log returns, split/window sizes");
  cmd->footer(
      std::string("\nFor each file: the detected format, rows, date range, columns, every cleaning step "
                  "with counts, warnings, and statistics (n, mean, std, skew, excess kurtosis, min, max) "
                  "of the close and of daily log returns in percent; with --split/--window/--horizon "
                  "the rows, dates and window count of each part.\n\n") +
      formats_help() +
      "\n\nExit codes: 0 ok, 2 usage (unknown flag or value), 3 invalid input (unparseable date or "
      "number, ragged row, duplicate date, unknown header, binary or non-UTF-8 file, file too short "
      "for the split and window), 4 I/O (missing or unreadable file). A directory reports every file "
      "and exits with the code of its last failure. See docs/exit-codes.md; --json: docs/info-json.md.");
  cmd->add_option("path", args->path,
                  "A price file (.csv .tsv .txt .json) or a directory of them (ticker = file stem)")
      ->required();
  cmd->add_flag("--json", args->json, "Print one JSON object (for a directory: tickers, errors, skipped)");
  auto* split =
      cmd->add_option("--split", args->split,
                      "Chronological train,valid,test fractions (or train,test), e.g. 0.7,0.15,0.15 "
                      "(the default when --window or --horizon is given)");
  auto* window = cmd->add_option("--window", args->window, "Past days in each input window (default 30)")
                     ->check(CLI::PositiveNumber);
  auto* horizon = cmd->add_option("--horizon", args->horizon, "Days forecast from each window (default 1)")
                      ->check(CLI::PositiveNumber);
  add_data_options(*cmd, args->data);
  cmd->callback([args, split, window, horizon] {
    args->want_split = split->count() > 0 || window->count() > 0 || horizon->count() > 0;
    run_info(*args);
  });
}

}  // namespace stockcast::cli
