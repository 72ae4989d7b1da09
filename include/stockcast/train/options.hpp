#pragma once
/// \file
/// Options of the one Trainer and the history it records. Free of LibTorch, so the CLI, configs
/// and model files can handle them without the neural library.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace stockcast::train {

/// Optimiser used by the Trainer.
enum class OptimizerKind {
  kAdam,   ///< Adam (Kingma & Ba), L2 weight decay added to the gradient
  kAdamW,  ///< Adam with decoupled weight decay (Loshchilov & Hutter)
  kSgd,    ///< stochastic gradient descent, optional momentum
};

/// Training loss, computed in the model's scaled units.
enum class LossKind {
  kMse,    ///< mean squared error
  kMae,    ///< mean absolute error
  kHuber,  ///< Huber loss with threshold `huber_delta`
};

/// Quantity watched by early stopping and the learning-rate schedule (lower is better).
enum class Monitor {
  kValLoss,    ///< training loss function on the validation windows
  kValMae,     ///< mean absolute error on the validation windows (scaled units)
  kTrainLoss,  ///< mean training loss of the epoch
};

/// Stops training when the monitored quantity has not improved for `patience` epochs.
struct EarlyStoppingOptions {
  bool enabled = false;                 ///< off by default (paper A trains a fixed 20 epochs)
  Monitor monitor = Monitor::kValLoss;  ///< what must improve
  int patience = 5;                     ///< epochs without improvement before stopping, >= 1
  double min_delta = 0.0;               ///< an improvement must be larger than this, >= 0
  bool restore_best = true;             ///< put back the weights of the best epoch when done
};

/// Multiplies the learning rate by `factor` when the monitored quantity stalls (ReduceLROnPlateau).
struct PlateauOptions {
  bool enabled = false;                 ///< off by default
  Monitor monitor = Monitor::kValLoss;  ///< what must improve
  double factor = 0.5;                  ///< new lr = lr * factor, in (0, 1)
  int patience = 3;                     ///< epochs without improvement before reducing, >= 1
  double min_lr = 1e-6;                 ///< the learning rate never goes below this, >= 0
  double min_delta = 0.0;               ///< an improvement must be larger than this, >= 0
};

/// Everything the Trainer does, with the defaults of paper A's optimised models.
struct TrainerOptions {
  OptimizerKind optimizer = OptimizerKind::kAdam;  ///< Adam, AdamW or SGD
  double learning_rate = 1e-3;                     ///< initial learning rate, > 0
  double weight_decay = 0.0;                       ///< L2 (Adam, SGD) or decoupled (AdamW), >= 0
  double momentum = 0.0;                           ///< SGD momentum in [0, 1); ignored by Adam(W)
  LossKind loss = LossKind::kMse;                  ///< loss minimised, in scaled units
  double huber_delta = 1.0;                        ///< threshold of the Huber loss, > 0
  int batch_size = 32;                             ///< windows per gradient step, >= 1
  int epochs = 20;                                 ///< maximum passes over the training windows, >= 1
  bool shuffle = true;          ///< shuffle training windows each epoch (never across the split)
  std::uint64_t seed = 1;       ///< seeds weight init, dropout and shuffling: same seed, same run
  int threads = 1;              ///< intra-op threads of LibTorch; results are bit-identical for a fixed count
  double clip_grad_norm = 0.0;  ///< clip the global gradient L2 norm to this; 0 = off
  EarlyStoppingOptions early_stopping{};  ///< early stopping (off by default)
  PlateauOptions lr_plateau{};            ///< ReduceLROnPlateau (off by default)

  /// Throws InvalidInput naming `where` and the offending option when a value is out of range.
  void validate(std::string_view where) const;
};

/// What happened in one epoch.
struct EpochRecord {
  int epoch = 0;                   ///< 1-based
  double train_loss = 0.0;         ///< mean training loss over the epoch's batches (scaled units)
  std::optional<double> val_loss;  ///< loss on the validation windows; empty without validation
  std::optional<double> val_mae;   ///< MAE on the validation windows (scaled units)
  double learning_rate = 0.0;      ///< learning rate used during the epoch
  double seconds = 0.0;            ///< wall time of the epoch, validation included
};

/// The record of a whole training run.
struct TrainingHistory {
  std::vector<EpochRecord> epochs;  ///< one record per epoch run
  /// Epoch with the lowest monitored value: early stopping's monitor, else val_loss (train_loss
  /// without validation data). Without early stopping the weights stay those of the last epoch.
  int best_epoch = 0;
  bool stopped_early = false;  ///< early stopping ended the run before `epochs`
  bool restored_best = false;  ///< the weights of best_epoch were put back
  double seconds = 0.0;        ///< wall time of the whole run
};

/// Option names at the CLI/config edge: "adam", "adamw", "sgd"; throws InvalidInput listing them.
OptimizerKind parse_optimizer(std::string_view name, std::string_view where);
/// "mse", "mae", "huber"; throws InvalidInput listing them.
LossKind parse_loss(std::string_view name, std::string_view where);
/// "val_loss", "val_mae", "train_loss"; throws InvalidInput listing them.
Monitor parse_monitor(std::string_view name, std::string_view where);
/// The names parse_optimizer(), parse_loss() and parse_monitor() accept.
std::string_view to_string(OptimizerKind kind) noexcept;
std::string_view to_string(LossKind kind) noexcept;
std::string_view to_string(Monitor monitor) noexcept;

/// The options as JSON (every field, names as in the CLI flags with '_' for '-').
nlohmann::json to_json(const TrainerOptions& options);
/// Reads options from JSON, starting from `base` for missing keys; unknown keys are an error.
/// Throws InvalidInput naming `where` and the key. The result is validated.
TrainerOptions trainer_options_from_json(const nlohmann::json& json, const TrainerOptions& base,
                                         std::string_view where);
/// The JSON keys trainer_options_from_json() understands.
const std::vector<std::string>& trainer_option_keys();

/// The history as JSON: {"best_epoch", "stopped_early", "restored_best", "seconds", "epochs": [...]}.
nlohmann::json to_json(const TrainingHistory& history);
/// Reads a history written by to_json(); throws FormatError naming `where` on a malformed one.
TrainingHistory training_history_from_json(const nlohmann::json& json, std::string_view where);

}  // namespace stockcast::train
