#pragma once
/// \file
/// The one training loop of stockcast (part of stockcast_nn). Every neural model hands its module,
/// its forward function and its windows to Trainer::fit(); the Trainer owns epochs, batching,
/// shuffling, validation, early stopping, learning-rate schedule, gradient clipping, progress,
/// NaN detection and determinism.

#include <cstdint>
#include <functional>
#include <string>

#include <ATen/core/Tensor.h>

#include "stockcast/core/progress.hpp"
#include "stockcast/train/options.hpp"

namespace torch::nn {
class Module;
}

namespace stockcast::train {

/// Supervised windows as tensors: `inputs` [N, window, features] and `targets` [N, horizon], both
/// float32 and in the model's scaled units. An empty dataset has undefined or zero-row tensors.
struct TensorDataset {
  at::Tensor inputs;   ///< [N, T, F]
  at::Tensor targets;  ///< [N, H]
  /// Number of windows N (0 when undefined).
  [[nodiscard]] std::int64_t size() const;
};

/// Runs the model on a batch of inputs [B, T, F] and returns its outputs [B, H].
using ForwardFn = std::function<at::Tensor(const at::Tensor& inputs)>;

/// Seeds LibTorch's random generator and fixes its intra-op thread count. Call it before building
/// a module so weight initialisation is repeatable; Trainer::fit() calls it again before training.
void seed_everything(std::uint64_t seed, int threads);

/// The training loop. Stateless apart from its options: one Trainer can fit several models.
class Trainer {
 public:
  /// A trainer with validated `options`; progress goes to `progress` (none when nullptr), each line
  /// prefixed with `label` (e.g. "lstm"). Throws InvalidInput on bad options.
  explicit Trainer(TrainerOptions options, ProgressReporter* progress = nullptr, std::string label = "train");

  /// The options in effect.
  [[nodiscard]] const TrainerOptions& options() const noexcept { return options_; }

  /// Trains the parameters of `module` so that `forward(train.inputs)` approaches `train.targets`,
  /// evaluating on `valid` (may be empty) after every epoch. Returns the history; with early
  /// stopping and restore_best the module ends with the weights of the best epoch.
  ///
  /// Throws InvalidInput when the datasets' shapes disagree or a monitor needs missing validation
  /// data, and NumericalError (naming the epoch and batch) when a loss becomes NaN or infinite.
  TrainingHistory fit(torch::nn::Module& module, const ForwardFn& forward, const TensorDataset& train,
                      const TensorDataset& valid) const;

 private:
  TrainerOptions options_;
  ProgressReporter* progress_ = nullptr;
  std::string label_;
};

/// Outputs of `forward` on all `inputs` [N, T, F], evaluated in eval mode without gradients in
/// batches of `batch_size` rows; returns [N, H].
at::Tensor predict_batched(torch::nn::Module& module, const ForwardFn& forward, const at::Tensor& inputs,
                           std::int64_t batch_size = 1024);

}  // namespace stockcast::train
