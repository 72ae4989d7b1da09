#include "single_model.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <memory>

#include "stockcast/core/error.hpp"
#include "stockcast/io/config.hpp"
#include "stockcast/io/result_files.hpp"
#include "stockcast/models/registry.hpp"

namespace stockcast::cli {

namespace {

std::string key_of(const std::string& flag) {
  std::string key = flag.substr(2);
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

const io::ModelSpec* choose(const io::ExperimentConfig& config, const std::string& model,
                            const std::string& source) {
  if (model.empty()) {
    if (config.models.size() == 1) return &config.models.front();
    if (config.models.empty()) return nullptr;
    std::vector<std::string> names;
    for (const auto& spec : config.models) names.push_back(spec.name);
    throw InvalidInput(fmt::format("{}: it defines {} models ({}); pick one with --model NAME", source,
                                   config.models.size(), fmt::join(names, ", ")));
  }
  for (const auto& spec : config.models) {
    if (spec.name == model) return &spec;
  }
  for (const auto& spec : config.models) {
    if (spec.kind == model) return &spec;
  }
  return nullptr;  // a registry name without a table of its own
}

}  // namespace

template <typename T>
CLI::Option* CommandSettings::add(CLI::App& command, const std::string& flag, const std::string& help) {
  auto storage = std::make_shared<T>();
  CLI::Option* option = command.add_option(flag, *storage, help);
  entries_.push_back({key_of(flag), option, [storage] { return nlohmann::json(*storage); }});
  return option;
}

template CLI::Option* CommandSettings::add<std::string>(CLI::App&, const std::string&, const std::string&);
template CLI::Option* CommandSettings::add<int>(CLI::App&, const std::string&, const std::string&);
template CLI::Option* CommandSettings::add<double>(CLI::App&, const std::string&, const std::string&);
template CLI::Option* CommandSettings::add<std::uint64_t>(CLI::App&, const std::string&, const std::string&);

nlohmann::json CommandSettings::given() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& entry : entries_) {
    if (entry.option->count() > 0) out[entry.key] = entry.value();
  }
  return out;
}

std::vector<std::string> CommandSettings::keys() const {
  std::vector<std::string> keys;
  for (const auto& entry : entries_) keys.push_back(entry.key);
  return keys;
}

SingleModelPlan plan_single_model(const std::string& command_name, const std::string& config_path,
                                  const std::string& model, const std::string& data, const std::string& out,
                                  const std::string& split, const ModelFlags& flags,
                                  const CommandSettings& settings, const std::string& section,
                                  const std::vector<std::string>& nested) {
  SingleModelPlan plan;
  plan.source = config_path.empty() ? command_name : config_path;
  io::ExperimentConfig config;
  if (!config_path.empty()) config = io::read_experiment_config(config_path);
  const io::ModelSpec* chosen = choose(config, model, plan.source);
  plan.kind = chosen != nullptr ? chosen->kind : model;
  plan.label = chosen != nullptr ? chosen->name : model;
  if (plan.kind.empty()) {
    throw InvalidInput(fmt::format("{}: no model given (use --model NAME, one of: {})", command_name,
                                   fmt::join(models::model_names(), ", ")));
  }
  plan.trainable = models::make_forecaster(plan.kind)->capabilities().trainable;

  // [data] and [train]: run keys, and model/training keys shared by neural models.
  nlohmann::json shared = nlohmann::json::object();
  nlohmann::json merged = config.data;
  merged.update(config.train);
  for (const auto& [key, value] : merged.items()) {
    if (is_run_key(key)) {
      plan.run[key] = value;
    } else if (is_neural_key(key)) {
      shared[key] = value;
    } else {
      throw InvalidInput(fmt::format("{}: unknown setting '{}' in [data]/[train]", plan.source, key));
    }
  }
  if (!data.empty()) plan.run["data"] = data;
  if (!out.empty()) plan.run["out"] = out;
  if (!split.empty()) plan.run["split"] = split;

  const nlohmann::json given = flags.given();
  const nlohmann::json own = chosen != nullptr ? chosen->options : nlohmann::json::object();
  if (plan.trainable) {
    plan.options = shared;  // [data]/[train] < the model's own table < command-line flags
    plan.options.update(own);
  } else {
    plan.options = own;  // a baseline forecasts the same column as the rest, nothing more
    if (shared.contains("target") && !own.contains("target")) plan.options["target"] = shared.at("target");
  }
  plan.options.update(given);

  const nlohmann::json& table = section == "validate" ? config.validate : config.tune;
  const std::vector<std::string> known = settings.keys();
  for (const auto& [key, value] : table.items()) {
    const bool ok = std::find(known.begin(), known.end(), key) != known.end() ||
                    std::find(nested.begin(), nested.end(), key) != nested.end();
    if (!ok) {
      std::vector<std::string> valid = known;
      for (const auto& name : nested) valid.push_back(name);
      throw InvalidInput(fmt::format("{}: unknown key '{}' in [{}] (valid: {})", plan.source, key, section,
                                     fmt::join(valid, ", ")));
    }
    plan.command[key] = value;
  }
  plan.command.update(settings.given());
  return plan;
}

long long integer_setting(const nlohmann::json& settings, const std::string& key, long long fallback,
                          long long minimum, const std::string& source) {
  if (!settings.contains(key)) return fallback;
  const auto& value = settings.at(key);
  if (!value.is_number_integer() || value.get<long long>() < minimum) {
    throw InvalidInput(
        fmt::format("{}: '{}' must be an integer >= {} (got {})", source, key, minimum, value.dump()));
  }
  return value.get<long long>();
}

double number_setting(const nlohmann::json& settings, const std::string& key, double fallback,
                      const std::string& source) {
  if (!settings.contains(key)) return fallback;
  const auto& value = settings.at(key);
  if (!value.is_number()) {
    throw InvalidInput(fmt::format("{}: '{}' must be a number (got {})", source, key, value.dump()));
  }
  return value.get<double>();
}

nlohmann::json write_report_quietly(const std::string& dir, const ReportCliOptions& options) {
  const report::ReportOptions report_options = to_report_options(options);
  nlohmann::json out = {{"report", report::write_report(dir, report_options).string()}};
  if (report_options.figures) {
    out["figures"] = (std::filesystem::path(dir) / std::string(io::result_file::kFigures)).string();
  }
  return out;
}

bool quiet_setting(bool flag, const nlohmann::json& run) {
  return flag || (run.contains("quiet") && run.at("quiet").is_boolean() && run.at("quiet").get<bool>());
}

}  // namespace stockcast::cli
