#include "stockcast/io/config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "stockcast/core/error.hpp"

namespace stockcast::io {

namespace {

std::string normalise_key(std::string_view key) {
  std::string out(key);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

nlohmann::json to_json(const toml::node& node, std::string_view source);

nlohmann::json table_to_json(const toml::table& table, std::string_view source) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : table) {
    const std::string name = normalise_key(key.str());
    if (out.contains(name)) {
      const auto& where = value.source().begin;
      throw InvalidInput(fmt::format("{}:{}:{}: key '{}' given twice (as '-' and '_' spellings)", source,
                                     where.line, where.column, key.str()));
    }
    out[name] = to_json(value, source);
  }
  return out;
}

nlohmann::json to_json(const toml::node& node, std::string_view source) {
  if (const auto* table = node.as_table()) return table_to_json(*table, source);
  if (const auto* array = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : *array) out.push_back(to_json(item, source));
    return out;
  }
  if (const auto* v = node.as_string()) return v->get();
  if (const auto* v = node.as_integer()) return v->get();
  if (const auto* v = node.as_floating_point()) return v->get();
  if (const auto* v = node.as_boolean()) return v->get();
  std::ostringstream text;  // dates, times and date-times: their TOML (ISO 8601) text
  if (const auto* v = node.as_date()) text << v->get();
  if (const auto* v = node.as_time()) text << v->get();
  if (const auto* v = node.as_date_time()) text << v->get();
  return text.str();
}

}  // namespace

nlohmann::json parse_toml(std::string_view text, std::string_view source) {
  try {
    const toml::table table = toml::parse(text, source);
    return table_to_json(table, source);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw InvalidInput(fmt::format("{}:{}:{}: {}", source, where.line, where.column, error.description()));
  }
}

nlohmann::json read_toml(const std::filesystem::path& path) {
  if (std::filesystem::is_directory(path)) {
    throw IoError(fmt::format("cannot read config '{}': it is a directory", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot read config '{}': no such file or not readable", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_toml(buffer.str(), path.string());
}

ExperimentConfig experiment_from_json(const nlohmann::json& json, std::string_view source) {
  ExperimentConfig config;
  for (const auto& [key, value] : json.items()) {
    if (key == "data" || key == "train" || key == "validate" || key == "tune") {
      if (!value.is_object()) throw InvalidInput(fmt::format("{}: [{}] must be a table", source, key));
      (key == "data"       ? config.data
       : key == "train"    ? config.train
       : key == "validate" ? config.validate
                           : config.tune) = value;
    } else if (key == "model") {
      if (!value.is_array()) {
        throw InvalidInput(fmt::format("{}: models are given as [[model]] tables", source));
      }
    } else {
      throw InvalidInput(
          fmt::format("{}: unknown top-level key '{}' (an experiment has [data], [train], [[model]], "
                      "[validate] and [tune] tables)",
                      source, key));
    }
  }
  std::set<std::string> names;
  if (json.contains("model")) {
    std::size_t index = 0;
    for (const auto& table : json.at("model")) {
      ++index;
      if (!table.is_object()) throw InvalidInput(fmt::format("{}: model #{} is not a table", source, index));
      ModelSpec spec;
      spec.options = table;
      if (!table.contains("kind") || !table.at("kind").is_string()) {
        throw InvalidInput(
            fmt::format("{}: model #{} has no kind = \"...\" (a registry name)", source, index));
      }
      spec.kind = table.at("kind").get<std::string>();
      spec.options.erase("kind");
      spec.name = spec.kind;
      if (table.contains("name")) {
        if (!table.at("name").is_string() || table.at("name").get<std::string>().empty()) {
          throw InvalidInput(fmt::format("{}: model #{}: name must be a non-empty string", source, index));
        }
        spec.name = table.at("name").get<std::string>();
        spec.options.erase("name");
      }
      if (!names.insert(spec.name).second) {
        throw InvalidInput(fmt::format("{}: model name '{}' is used twice; give each [[model]] its own name",
                                       source, spec.name));
      }
      config.models.push_back(std::move(spec));
    }
  }
  return config;
}

ExperimentConfig read_experiment_config(const std::filesystem::path& path) {
  return experiment_from_json(read_toml(path), path.string());
}

}  // namespace stockcast::io
