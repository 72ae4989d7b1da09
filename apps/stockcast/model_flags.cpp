#include "model_flags.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>

#include "stockcast/core/error.hpp"
#include "stockcast/data/read_prices.hpp"
#include "stockcast/train/options.hpp"
#if STOCKCAST_HAS_NN
#include "stockcast/models/nn/recurrent.hpp"
#endif

namespace stockcast::cli {

namespace {

constexpr const char* kModelGroup = "Model (neural forecasters)";
constexpr const char* kTrainingGroup = "Training (neural forecasters)";

std::string key_of(const std::string& flag) {
  std::string key = flag.substr(2);
  std::replace(key.begin(), key.end(), '-', '_');
  return key;
}

const std::vector<std::string>& run_keys() {
  static const std::vector<std::string> keys = {"data", "split", "on_duplicate", "fill",
                                                "out",  "model", "quiet"};
  return keys;
}

}  // namespace

template <typename T>
void ModelFlags::add(CLI::App& command, const std::string& flag, const std::string& help,
                     const std::string& group) {
  auto storage = std::make_shared<T>();
  CLI::Option* option = command.add_option(flag, *storage, help)->group(group);
  entries_.push_back({key_of(flag), option, [storage] { return nlohmann::json(*storage); }});
}

void ModelFlags::add_switch(CLI::App& command, const std::string& flag, const std::string& key, bool value,
                            const std::string& help, const std::string& group) {
  CLI::Option* option = command.add_flag(flag, help)->group(group);
  entries_.push_back({key, option, [value] { return nlohmann::json(value); }});
}

void ModelFlags::add_to(CLI::App& c) {
  const std::string m = kModelGroup;
  const std::string t = kTrainingGroup;
  add<int>(c, "--units", "Hidden units per recurrent layer (default 50)", m);
  add<int>(c, "--layers", "Stacked recurrent layers (default 1)", m);
  add<double>(c, "--dropout",
              "Dropout between recurrent layers and before the dense head, in [0, 1) (default 0)", m);
  add_switch(c, "--bidirectional", "bidirectional", true, "Read each window in both directions", m);
  add<int>(c, "--window", "Past trading days per input window (default 30)", m);
  add<int>(c, "--horizon", "Trading days forecast at once (default 1)", m);
  add<std::string>(c, "--features",
                   "Input features, comma separated (default open,high,low,close,volume); also log_return, "
                   "return, ma_N, vol_N, and NAME:column (docs/preprocessing.md)",
                   m);
  add<std::string>(c, "--target", "Column forecast, in price units (default close)", m);
  add<std::string>(
      c, "--normalize",
      "global: min-max fitted on the training part (paper A, default); window: each window divided by "
      "its last close (docs/neural-models.md)",
      m);
  add<std::string>(c, "--optimizer", "adam (default), adamw or sgd", t);
  add<double>(c, "--lr", "Learning rate (default 0.001)", t);
  add<double>(c, "--weight-decay", "L2 (adam, sgd) or decoupled (adamw) weight decay (default 0)", t);
  add<double>(c, "--momentum", "SGD momentum in [0, 1) (default 0)", t);
  add<std::string>(c, "--loss", "mse (default), mae or huber, in scaled units", t);
  add<double>(c, "--huber-delta", "Threshold of the Huber loss (default 1)", t);
  add<int>(c, "--batch", "Windows per gradient step (default 32)", t);
  add<int>(c, "--epochs", "Passes over the training windows (default 20)", t);
  add_switch(c, "--no-shuffle", "shuffle", false, "Visit training windows in time order (default: shuffled)",
             t);
  add<std::uint64_t>(c, "--seed",
                     "Seed of weights, dropout and shuffling: same seed, same results (default 1)", t);
  add<int>(c, "--threads", "LibTorch threads; results are bit-identical for a fixed count (default 1)", t);
  add<double>(c, "--clip-grad-norm", "Clip the gradient's L2 norm to this (default 0 = off)", t);
  add_switch(c, "--early-stopping", "early_stopping", true,
             "Stop when --monitor has not improved for --patience epochs and restore the best weights", t);
  add<std::string>(c, "--monitor", "val_loss (default), val_mae or train_loss", t);
  add<int>(c, "--patience", "Early-stopping patience in epochs (default 5)", t);
  add<double>(c, "--min-delta", "Smallest improvement that counts (default 0)", t);
  add_switch(c, "--no-restore-best", "restore_best", false,
             "Keep the last epoch's weights after early stopping", t);
  add_switch(c, "--lr-plateau", "lr_plateau", true,
             "Multiply the learning rate by --lr-factor when --lr-monitor stalls for --lr-patience epochs",
             t);
  add<std::string>(c, "--lr-monitor", "val_loss (default), val_mae or train_loss", t);
  add<double>(c, "--lr-factor", "Learning-rate reduction factor in (0, 1) (default 0.5)", t);
  add<int>(c, "--lr-patience", "Epochs without improvement before reducing (default 3)", t);
  add<double>(c, "--min-lr", "Lowest learning rate (default 1e-6)", t);
  add<double>(c, "--lr-min-delta", "Smallest improvement that counts for the schedule (default 0)", t);
}

nlohmann::json ModelFlags::given() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& entry : entries_) {
    if (entry.option->count() > 0) out[entry.key] = entry.value();
  }
  return out;
}

bool is_run_key(const std::string& key) {
  const auto& keys = run_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

bool is_neural_key(const std::string& key) {
#if STOCKCAST_HAS_NN
  const auto& keys = models::nn::recurrent_option_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
#else
  // Without the neural models the keys are still known (a config may name them); no model uses them.
  static const std::vector<std::string> model_keys = {
      "units", "layers", "dropout", "bidirectional", "window", "horizon", "features", "target", "normalize"};
  const auto& training = train::trainer_option_keys();
  return std::find(model_keys.begin(), model_keys.end(), key) != model_keys.end() ||
         std::find(training.begin(), training.end(), key) != training.end();
#endif
}

std::string string_setting(const nlohmann::json& settings, const std::string& key,
                           const std::string& fallback, const std::string& source) {
  if (!settings.contains(key)) return fallback;
  const auto& value = settings.at(key);
  if (!value.is_string()) {
    throw InvalidInput(fmt::format("{}: '{}' must be a string (got {})", source, key, value.dump()));
  }
  return value.get<std::string>();
}

void apply_data_keys(const nlohmann::json& settings, const std::string& source, DataCliOptions& data) {
  const std::string duplicate = string_setting(settings, "on_duplicate", "", source);
  if (duplicate == "error") {
    data.on_duplicate = data::DuplicatePolicy::kError;
  } else if (duplicate == "keep-last" || duplicate == "keep_last") {
    data.on_duplicate = data::DuplicatePolicy::kKeepLast;
  } else if (duplicate == "keep-first" || duplicate == "keep_first") {
    data.on_duplicate = data::DuplicatePolicy::kKeepFirst;
  } else if (!duplicate.empty()) {
    throw InvalidInput(
        fmt::format("{}: on_duplicate '{}' is not error, keep-last or keep-first", source, duplicate));
  }
  const std::string fill = string_setting(settings, "fill", "", source);
  if (fill == "ffill") {
    data.fill = data::FillPolicy::kForwardFill;
  } else if (fill == "drop") {
    data.fill = data::FillPolicy::kDrop;
  } else if (fill == "mean") {
    data.fill = data::FillPolicy::kMean;
  } else if (!fill.empty()) {
    throw InvalidInput(fmt::format("{}: fill '{}' is not ffill, drop or mean", source, fill));
  }
}

ProgressMode progress_mode(bool quiet) { return quiet ? ProgressMode::kQuiet : ProgressMode::kAuto; }

void attach_progress(models::Forecaster& model, ProgressReporter* progress, const std::string& label) {
#if STOCKCAST_HAS_NN
  if (auto* recurrent = dynamic_cast<models::nn::RecurrentForecaster*>(&model)) {
    recurrent->set_progress(progress, label);
  }
#else
  (void)model;
  (void)progress;
  (void)label;
#endif
}

PriceSeries read_series(const std::string& path, const DataCliOptions& data) {
  if (path.empty())
    throw InvalidInput("--data: no price file given (use --data FILE or data = \"...\" in --config)");
  return data::read_prices(path, to_read_options(data)).series;
}

}  // namespace stockcast::cli
