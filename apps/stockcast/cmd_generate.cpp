// stockcast generate: whole synthetic price paths from a registered generator (gen/registry.hpp),
// fitted to --data first where given; written as `path,day,close` (--out FILE) or into a result
// directory with run.json, data.csv, paths.csv and report.html (--out-dir DIR).
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "data_options.hpp"
#include "report_flags.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/gen/registry.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/report/report.hpp"

namespace stockcast::cli {
namespace {

struct GenerateArgs {
  std::string model;
  std::string data;
  int length = 0;
  int paths = 0;
  std::uint64_t seed = 0;
  std::optional<double> hurst;
  std::string options = "{}";
  std::string out;
  std::string out_dir;
  bool json = false;
  DataCliOptions data_options;
  ReportCliOptions report;
};

nlohmann::json generator_options(const GenerateArgs& args) {
  nlohmann::json options;
  try {
    options = nlohmann::json::parse(args.options);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput(fmt::format("--options: not valid JSON ({}): {}", e.what(), args.options));
  }
  if (!options.is_object())
    throw InvalidInput(fmt::format("--options: expected a JSON object, got {}", args.options));
  if (args.hurst) {
    if (args.model != "fbm") {
      throw InvalidInput(fmt::format("--hurst applies to --model fbm only, not '{}'", args.model));
    }
    if (options.contains("hurst")) throw InvalidInput("--hurst and --options {\"hurst\": ...} both given");
    options["hurst"] = *args.hurst;
  }
  return options;
}

void run_generate(const GenerateArgs& args) {
  if (args.out.empty() == args.out_dir.empty()) {
    throw InvalidInput(
        "generate: give exactly one of --out FILE (paths.csv) and --out-dir DIR (result directory)");
  }
  if (args.length < 1) throw InvalidInput(fmt::format("--length must be at least 1, got {}", args.length));
  if (args.paths < 1) throw InvalidInput(fmt::format("--paths must be at least 1, got {}", args.paths));
  const nlohmann::json options = generator_options(args);
  auto generator = gen::make_generator(args.model, options);

  std::optional<PriceSeries> series;
  if (!args.data.empty()) {
    series = data::read_prices(args.data, to_read_options(args.data_options)).series;
    generator->fit(*series);
  } else if (generator->needs_fit()) {
    throw InvalidInput(
        fmt::format("generate --model {}: this generator is fitted to data; give --data FILE", args.model));
  }
  const gen::PricePaths paths = generator->sample(args.length, args.paths, args.seed);

  const io::PathSet set{"", paths};
  std::filesystem::path written;
  std::optional<std::filesystem::path> report_path;
  if (!args.out.empty()) {
    written = args.out;
    io::write_paths_csv(written, std::span(&set, 1));
  } else {
    const std::filesystem::path dir = args.out_dir;
    io::RunInfo run;
    run.command = "generate";
    run.title = fmt::format("{} paths: {}", args.model, generator->describe());
    run.settings = {{"model", args.model}, {"options", options}, {"length", args.length},
                    {"paths", args.paths}, {"seed", args.seed},  {"parameters", generator->parameters()},
                    {"data", args.data}};
    run.data_path = args.data;
    io::write_run_json(dir, run, series ? &*series : nullptr);
    if (series) io::write_data_csv(dir, *series);
    written = dir / std::string(io::result_file::kPaths);
    io::write_paths_csv(written, std::span(&set, 1));
    if (!args.json) {
      fmt::print("{}: {}\nwrote {} paths of {} days to {}\n", args.model, generator->describe(), args.paths,
                 args.length, written.string());
      finish_with_report(dir, args.report);
      return;
    }
    report_path = report::write_report(dir, to_report_options(args.report));
  }
  if (args.json) {
    nlohmann::ordered_json j;
    j["model"] = args.model;
    j["description"] = generator->describe();
    j["parameters"] = generator->parameters();
    j["length"] = args.length;
    j["paths"] = args.paths;
    j["seed"] = args.seed;
    j["data"] = args.data.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(args.data);
    j["out"] = written.string();
    j["report"] =
        report_path ? nlohmann::ordered_json(report_path->string()) : nlohmann::ordered_json(nullptr);
    fmt::print("{}\n", j.dump(2));
    return;
  }
  fmt::print("{}: {}\nwrote {} paths of {} days to {}\n", args.model, generator->describe(), args.paths,
             args.length, written.string());
}

std::string models_help() {
  std::string text;
  for (const auto& entry : gen::generator_registry())
    text += fmt::format("\n  {:<10} {}", entry.name, entry.description);
  return text;
}

}  // namespace

void add_generate_command(CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Simulate whole synthetic price paths, fitted to --data first where given (fbm needs only --hurst), "
      "written in long format path,day,close (day 1 = the first day after the start price: the last close of "
      "--data, or the fbm option start). Same seed, same paths, bit for bit.\n"
      "Generators:" +
          models_help() +
          "\nExample: stockcast generate --model garch --data data/kaggle_stock_market_data/GOOG.csv "
          "--length 252 "
          "--paths 100 --seed 1 --out paths.csv");
  cmd->add_option("--model", args->model, "Generator name (see above)")->required();
  cmd->add_option("--data", args->data, "Price file to fit the generator to")->group("Data");
  cmd->add_option("--length", args->length, "Days per path (>= 1)")->required();
  cmd->add_option("--paths", args->paths, "Number of paths (>= 1)")->required();
  cmd->add_option("--seed", args->seed, "Random seed (unsigned 64-bit)")->required();
  cmd->add_option("--hurst", args->hurst,
                  "Hurst exponent in (0, 1) for --model fbm (default: DFA on --data, or 0.5)");
  cmd->add_option("--options", args->options,
                  "Generator options as a JSON object, e.g. '{\"dist\": \"t\"}' or '{\"lags\": 3}'")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "Write the paths to this CSV file (path,day,close)");
  cmd->add_option("--out-dir", args->out_dir,
                  "Write a result directory instead: run.json, data.csv, paths.csv and report.html");
  cmd->add_flag("--json", args->json, "Print the generator's parameters and the output paths as JSON");
  add_data_options(*cmd, args->data_options);
  add_report_options(*cmd, args->report);
  cmd->callback([args] { run_generate(*args); });
}

}  // namespace stockcast::cli
