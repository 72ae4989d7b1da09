#include "stockcast/train/options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "stockcast/core/error.hpp"

namespace stockcast::train {

namespace {

template <typename Enum, std::size_t N>
Enum parse_enum(std::string_view name, std::string_view where, std::string_view what,
                const std::pair<std::string_view, Enum> (&table)[N]) {
  std::string valid;
  for (const auto& [text, value] : table) {
    if (name == text) return value;
    valid += valid.empty() ? std::string(text) : ", " + std::string(text);
  }
  throw InvalidInput(fmt::format("{}: unknown {} '{}' (valid: {})", where, what, name, valid));
}

constexpr std::pair<std::string_view, OptimizerKind> kOptimizers[] = {
    {"adam", OptimizerKind::kAdam}, {"adamw", OptimizerKind::kAdamW}, {"sgd", OptimizerKind::kSgd}};
constexpr std::pair<std::string_view, LossKind> kLosses[] = {
    {"mse", LossKind::kMse}, {"mae", LossKind::kMae}, {"huber", LossKind::kHuber}};
constexpr std::pair<std::string_view, Monitor> kMonitors[] = {
    {"val_loss", Monitor::kValLoss}, {"val_mae", Monitor::kValMae}, {"train_loss", Monitor::kTrainLoss}};

template <typename Enum, std::size_t N>
std::string_view enum_name(Enum value, const std::pair<std::string_view, Enum> (&table)[N]) noexcept {
  for (const auto& [text, entry] : table) {
    if (entry == value) return text;
  }
  return "?";
}

void require(bool ok, std::string_view where, std::string_view option, const std::string& rule) {
  if (!ok) throw InvalidInput(fmt::format("{}: option '{}' {}", where, option, rule));
}

// Reads json[key] into `target` when present, with a typed error naming the key.
template <typename T>
void read(const nlohmann::json& json, std::string_view key, T& target, std::string_view where) {
  const auto it = json.find(std::string(key));
  if (it == json.end()) return;
  try {
    if constexpr (std::is_same_v<T, bool>) {
      if (!it->is_boolean()) throw InvalidInput("expected true or false");
      target = it->get<bool>();
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (!it->is_string()) throw InvalidInput("expected a string");
      target = it->get<std::string>();
    } else if constexpr (std::is_integral_v<T>) {
      if (!it->is_number_integer()) throw InvalidInput("expected an integer");
      if constexpr (std::is_unsigned_v<T>) {
        if (it->is_number_unsigned() || it->get<long long>() >= 0) {
          target = it->get<T>();
        } else {
          throw InvalidInput("expected a non-negative integer");
        }
      } else {
        target = it->get<T>();
      }
    } else {
      if (!it->is_number()) throw InvalidInput("expected a number");
      target = it->get<T>();
    }
  } catch (const InvalidInput& error) {
    throw InvalidInput(fmt::format("{}: option '{}': {} (got {})", where, key, error.what(), it->dump()));
  }
}

}  // namespace

OptimizerKind parse_optimizer(std::string_view name, std::string_view where) {
  return parse_enum(name, where, "optimizer", kOptimizers);
}
LossKind parse_loss(std::string_view name, std::string_view where) {
  return parse_enum(name, where, "loss", kLosses);
}
Monitor parse_monitor(std::string_view name, std::string_view where) {
  return parse_enum(name, where, "monitor", kMonitors);
}
std::string_view to_string(OptimizerKind kind) noexcept { return enum_name(kind, kOptimizers); }
std::string_view to_string(LossKind kind) noexcept { return enum_name(kind, kLosses); }
std::string_view to_string(Monitor monitor) noexcept { return enum_name(monitor, kMonitors); }

void TrainerOptions::validate(std::string_view where) const {
  const auto finite = [](double v) { return std::isfinite(v); };
  require(finite(learning_rate) && learning_rate > 0, where, "lr", "must be a positive number");
  require(finite(weight_decay) && weight_decay >= 0, where, "weight_decay", "must be >= 0");
  require(finite(momentum) && momentum >= 0 && momentum < 1, where, "momentum", "must be in [0, 1)");
  require(finite(huber_delta) && huber_delta > 0, where, "huber_delta", "must be > 0");
  require(batch_size >= 1, where, "batch", "must be >= 1");
  require(epochs >= 1, where, "epochs", "must be >= 1");
  require(threads >= 1, where, "threads", "must be >= 1");
  require(finite(clip_grad_norm) && clip_grad_norm >= 0, where, "clip_grad_norm", "must be >= 0 (0 = off)");
  require(early_stopping.patience >= 1, where, "patience", "must be >= 1");
  require(finite(early_stopping.min_delta) && early_stopping.min_delta >= 0, where, "min_delta",
          "must be >= 0");
  require(finite(lr_plateau.factor) && lr_plateau.factor > 0 && lr_plateau.factor < 1, where, "lr_factor",
          "must be in (0, 1)");
  require(lr_plateau.patience >= 1, where, "lr_patience", "must be >= 1");
  require(finite(lr_plateau.min_lr) && lr_plateau.min_lr >= 0, where, "min_lr", "must be >= 0");
  require(finite(lr_plateau.min_delta) && lr_plateau.min_delta >= 0, where, "lr_min_delta", "must be >= 0");
}

const std::vector<std::string>& trainer_option_keys() {
  static const std::vector<std::string> keys = {
      "optimizer",      "lr",        "weight_decay", "momentum",  "loss",         "huber_delta",
      "batch",          "epochs",    "shuffle",      "seed",      "threads",      "clip_grad_norm",
      "early_stopping", "monitor",   "patience",     "min_delta", "restore_best", "lr_plateau",
      "lr_monitor",     "lr_factor", "lr_patience",  "min_lr",    "lr_min_delta"};
  return keys;
}

nlohmann::json to_json(const TrainerOptions& o) {
  return {
      {"optimizer", to_string(o.optimizer)},
      {"lr", o.learning_rate},
      {"weight_decay", o.weight_decay},
      {"momentum", o.momentum},
      {"loss", to_string(o.loss)},
      {"huber_delta", o.huber_delta},
      {"batch", o.batch_size},
      {"epochs", o.epochs},
      {"shuffle", o.shuffle},
      {"seed", o.seed},
      {"threads", o.threads},
      {"clip_grad_norm", o.clip_grad_norm},
      {"early_stopping", o.early_stopping.enabled},
      {"monitor", to_string(o.early_stopping.monitor)},
      {"patience", o.early_stopping.patience},
      {"min_delta", o.early_stopping.min_delta},
      {"restore_best", o.early_stopping.restore_best},
      {"lr_plateau", o.lr_plateau.enabled},
      {"lr_monitor", to_string(o.lr_plateau.monitor)},
      {"lr_factor", o.lr_plateau.factor},
      {"lr_patience", o.lr_plateau.patience},
      {"min_lr", o.lr_plateau.min_lr},
      {"lr_min_delta", o.lr_plateau.min_delta},
  };
}

TrainerOptions trainer_options_from_json(const nlohmann::json& json, const TrainerOptions& base,
                                         std::string_view where) {
  if (!json.is_object()) throw InvalidInput(fmt::format("{}: training options must be an object", where));
  const auto& keys = trainer_option_keys();
  for (const auto& [key, value] : json.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      throw InvalidInput(
          fmt::format("{}: unknown training option '{}' (valid: {})", where, key, fmt::join(keys, ", ")));
    }
  }
  TrainerOptions o = base;
  std::string text;
  if (text.clear(), read(json, "optimizer", text, where), !text.empty()) {
    o.optimizer = parse_optimizer(text, where);
  }
  read(json, "lr", o.learning_rate, where);
  read(json, "weight_decay", o.weight_decay, where);
  read(json, "momentum", o.momentum, where);
  if (text.clear(), read(json, "loss", text, where), !text.empty()) o.loss = parse_loss(text, where);
  read(json, "huber_delta", o.huber_delta, where);
  read(json, "batch", o.batch_size, where);
  read(json, "epochs", o.epochs, where);
  read(json, "shuffle", o.shuffle, where);
  read(json, "seed", o.seed, where);
  read(json, "threads", o.threads, where);
  read(json, "clip_grad_norm", o.clip_grad_norm, where);
  read(json, "early_stopping", o.early_stopping.enabled, where);
  if (text.clear(), read(json, "monitor", text, where), !text.empty()) {
    o.early_stopping.monitor = parse_monitor(text, where);
  }
  read(json, "patience", o.early_stopping.patience, where);
  read(json, "min_delta", o.early_stopping.min_delta, where);
  read(json, "restore_best", o.early_stopping.restore_best, where);
  read(json, "lr_plateau", o.lr_plateau.enabled, where);
  if (text.clear(), read(json, "lr_monitor", text, where), !text.empty()) {
    o.lr_plateau.monitor = parse_monitor(text, where);
  }
  read(json, "lr_factor", o.lr_plateau.factor, where);
  read(json, "lr_patience", o.lr_plateau.patience, where);
  read(json, "min_lr", o.lr_plateau.min_lr, where);
  read(json, "lr_min_delta", o.lr_plateau.min_delta, where);
  o.validate(where);
  return o;
}

nlohmann::json to_json(const TrainingHistory& history) {
  nlohmann::json epochs = nlohmann::json::array();
  for (const auto& e : history.epochs) {
    nlohmann::json record = {{"epoch", e.epoch},
                             {"train_loss", e.train_loss},
                             {"learning_rate", e.learning_rate},
                             {"seconds", e.seconds}};
    record["val_loss"] = e.val_loss ? nlohmann::json(*e.val_loss) : nlohmann::json(nullptr);
    record["val_mae"] = e.val_mae ? nlohmann::json(*e.val_mae) : nlohmann::json(nullptr);
    epochs.push_back(std::move(record));
  }
  return {{"best_epoch", history.best_epoch},
          {"stopped_early", history.stopped_early},
          {"restored_best", history.restored_best},
          {"seconds", history.seconds},
          {"epochs", std::move(epochs)}};
}

TrainingHistory training_history_from_json(const nlohmann::json& json, std::string_view where) {
  TrainingHistory history;
  try {
    history.best_epoch = json.at("best_epoch").get<int>();
    history.stopped_early = json.at("stopped_early").get<bool>();
    history.restored_best = json.at("restored_best").get<bool>();
    history.seconds = json.at("seconds").get<double>();
    for (const auto& e : json.at("epochs")) {
      EpochRecord record;
      record.epoch = e.at("epoch").get<int>();
      record.train_loss = e.at("train_loss").get<double>();
      record.learning_rate = e.at("learning_rate").get<double>();
      record.seconds = e.at("seconds").get<double>();
      if (!e.at("val_loss").is_null()) record.val_loss = e.at("val_loss").get<double>();
      if (!e.at("val_mae").is_null()) record.val_mae = e.at("val_mae").get<double>();
      history.epochs.push_back(record);
    }
  } catch (const nlohmann::json::exception& error) {
    throw FormatError(fmt::format("{}: malformed training history: {}", where, error.what()));
  }
  return history;
}

}  // namespace stockcast::train
