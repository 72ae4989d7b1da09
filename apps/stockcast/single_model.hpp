#pragma once
/// \file
/// What `validate` and `tune` share: one model chosen by --model NAME and an optional TOML
/// --config (io/config.hpp), with its effective options resolved the way `compare` resolves them
/// (for neural models [data]/[train] < the model's own [[model]] table < command-line flags; other
/// models get their own table, the flags given and the shared target), plus the command's own
/// settings ([validate] or [tune] table < their command-line flags).

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model_flags.hpp"
#include "report_flags.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace stockcast::cli {

/// The command's own flags (--scheme, --trials, ...) collected as JSON keys, so that a config
/// table can give them too. Must outlive the parse.
class CommandSettings {
 public:
  /// Adds `flag` (e.g. "--train-days") to `command`; its key is the flag without dashes, '-' as '_'.
  /// T is std::string, int, double or std::uint64_t.
  template <typename T>
  CLI::Option* add(CLI::App& command, const std::string& flag, const std::string& help);
  /// The flags given on the command line, as {"train_days": 200, ...}.
  [[nodiscard]] nlohmann::json given() const;
  /// The keys this command understands (for error messages about a config table).
  [[nodiscard]] std::vector<std::string> keys() const;

 private:
  struct Entry {
    std::string key;
    CLI::Option* option = nullptr;
    std::function<nlohmann::json()> value;
  };
  std::vector<Entry> entries_;
};

/// One model and the settings of a single-model command.
struct SingleModelPlan {
  std::string kind;        ///< registry name
  std::string label;       ///< name in tables and files: the [[model]] name, else the kind
  bool trainable = false;  ///< trained by the Trainer (a neural model)
  nlohmann::json run = nlohmann::json::object();      ///< data, split, out, quiet, on_duplicate, fill
  nlohmann::json options = nlohmann::json::object();  ///< the model's effective options
  nlohmann::json command = nlohmann::json::object();  ///< the command's settings (table < flags)
  std::string source;                                 ///< the config path, or the command name (for messages)
};

/// Resolves the model and settings. `section` is the config table of the command ("validate" or
/// "tune"); keys of it that `settings` does not know are InvalidInput naming the file (`nested`
/// lists sub-tables the command reads itself, e.g. "params"). Throws InvalidInput when no model is
/// named, the name is not registered, or the config defines several models and --model picks none.
SingleModelPlan plan_single_model(const std::string& command_name, const std::string& config_path,
                                  const std::string& model, const std::string& data, const std::string& out,
                                  const std::string& split, const ModelFlags& flags,
                                  const CommandSettings& settings, const std::string& section,
                                  const std::vector<std::string>& nested = {});

/// An integer setting >= `minimum`, or `fallback` when absent; InvalidInput naming the key and
/// `source` otherwise.
long long integer_setting(const nlohmann::json& settings, const std::string& key, long long fallback,
                          long long minimum, const std::string& source);

/// A number setting, or `fallback` when absent; InvalidInput naming the key and `source` when it
/// is not a number.
double number_setting(const nlohmann::json& settings, const std::string& key, double fallback,
                      const std::string& source);

/// For --json output (nothing else on stdout): writes DIR/report.html (and DIR/figures with
/// --figures) and returns {"report": path} (plus "figures": path) to add to the JSON printed.
nlohmann::json write_report_quietly(const std::string& dir, const ReportCliOptions& options);

/// The run's progress mode from --quiet or quiet = true in the config.
bool quiet_setting(bool flag, const nlohmann::json& run);

}  // namespace stockcast::cli
