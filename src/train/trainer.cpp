#include "stockcast/train/trainer.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <fmt/format.h>
#include <torch/nn/module.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>
#include <torch/utils.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <random>
#include <vector>

#include "stockcast/core/error.hpp"

namespace stockcast::train {

namespace {

using Clock = std::chrono::steady_clock;

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainerOptions& o, torch::nn::Module& module) {
  auto parameters = module.parameters();
  switch (o.optimizer) {
    case OptimizerKind::kAdam:
      return std::make_unique<torch::optim::Adam>(
          parameters, torch::optim::AdamOptions(o.learning_rate).weight_decay(o.weight_decay));
    case OptimizerKind::kAdamW:
      return std::make_unique<torch::optim::AdamW>(
          parameters, torch::optim::AdamWOptions(o.learning_rate).weight_decay(o.weight_decay));
    case OptimizerKind::kSgd:
      return std::make_unique<torch::optim::SGD>(
          parameters,
          torch::optim::SGDOptions(o.learning_rate).momentum(o.momentum).weight_decay(o.weight_decay));
  }
  throw Internal("make_optimizer: unknown optimizer");
}

at::Tensor compute_loss(const TrainerOptions& o, const at::Tensor& output, const at::Tensor& target) {
  switch (o.loss) {
    case LossKind::kMse:
      return at::mse_loss(output, target);
    case LossKind::kMae:
      return at::l1_loss(output, target);
    case LossKind::kHuber:
      return at::huber_loss(output, target, at::Reduction::Mean, o.huber_delta);
  }
  throw Internal("compute_loss: unknown loss");
}

double current_lr(const torch::optim::Optimizer& optimizer) {
  return optimizer.param_groups().front().options().get_lr();
}

void set_lr(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

// The monitored value of an epoch (lower is better).
double monitored(const EpochRecord& record, Monitor monitor) {
  switch (monitor) {
    case Monitor::kValLoss:
      return *record.val_loss;
    case Monitor::kValMae:
      return *record.val_mae;
    case Monitor::kTrainLoss:
      return record.train_loss;
  }
  return record.train_loss;
}

// Copies of every parameter and buffer, to put the best epoch's weights back.
struct Snapshot {
  std::vector<at::Tensor> tensors;

  static Snapshot take(torch::nn::Module& module) {
    Snapshot snapshot;
    for (const auto& p : module.parameters()) snapshot.tensors.push_back(p.detach().clone());
    for (const auto& b : module.buffers()) snapshot.tensors.push_back(b.detach().clone());
    return snapshot;
  }

  void restore(torch::nn::Module& module) const {
    at::NoGradGuard no_grad;
    std::size_t i = 0;
    for (auto& p : module.parameters()) p.copy_(tensors.at(i++));
    for (auto& b : module.buffers()) b.copy_(tensors.at(i++));
  }
};

// Tracks whether a monitored value improves, for early stopping and the LR schedule.
struct PlateauTracker {
  double best = std::numeric_limits<double>::infinity();
  int since_best = 0;

  // True when `value` improves on the best by more than `min_delta`.
  bool update(double value, double min_delta) {
    if (value < best - min_delta) {
      best = value;
      since_best = 0;
      return true;
    }
    ++since_best;
    return false;
  }
};

void check_dataset(const TensorDataset& data, std::string_view name, bool allow_empty,
                   std::string_view where) {
  if (data.size() == 0) {
    if (!allow_empty) throw InvalidInput(fmt::format("{}: the {} set has no windows", where, name));
    return;
  }
  if (data.inputs.dim() != 3 || data.targets.dim() != 2) {
    throw InvalidInput(fmt::format("{}: {} inputs must be [N, T, F] and targets [N, H] (got {} and {} dims)",
                                   where, name, data.inputs.dim(), data.targets.dim()));
  }
  if (data.inputs.size(0) != data.targets.size(0)) {
    throw InvalidInput(fmt::format("{}: {} has {} input windows but {} targets", where, name,
                                   data.inputs.size(0), data.targets.size(0)));
  }
}

std::string numerical_message(std::string_view label, std::string_view what, int epoch, std::int64_t batch,
                              double value, double lr) {
  return fmt::format(
      "{}: {} became {} at epoch {}, batch {} (learning rate {:g}); training stopped. Try a lower "
      "learning rate (--lr), gradient clipping (--clip-grad-norm) or scaled inputs (--normalize)",
      label, what, std::isnan(value) ? "NaN" : "infinite", epoch, batch, lr);
}

struct Evaluation {
  double loss = 0.0;
  double mae = 0.0;
};

Evaluation evaluate(const TrainerOptions& o, torch::nn::Module& module, const ForwardFn& forward,
                    const TensorDataset& data) {
  const at::Tensor output = predict_batched(module, forward, data.inputs);
  at::NoGradGuard no_grad;
  return {compute_loss(o, output, data.targets).item<double>(),
          at::l1_loss(output, data.targets).item<double>()};
}

}  // namespace

std::int64_t TensorDataset::size() const { return inputs.defined() ? inputs.size(0) : 0; }

void seed_everything(std::uint64_t seed, int threads) {
  at::set_num_threads(threads);
  at::globalContext().setDeterministicAlgorithms(true, /*warn_only=*/true);
  torch::manual_seed(seed);
}

at::Tensor predict_batched(torch::nn::Module& module, const ForwardFn& forward, const at::Tensor& inputs,
                           std::int64_t batch_size) {
  // Only switch modes when needed: a fitted model stays in eval mode, so concurrent forecasts
  // from several threads never write to the module.
  const bool was_training = module.is_training();
  if (was_training) module.eval();
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> parts;
  const std::int64_t n = inputs.size(0);
  for (std::int64_t begin = 0; begin < n; begin += batch_size) {
    parts.push_back(forward(inputs.slice(0, begin, std::min(n, begin + batch_size))));
  }
  if (was_training) module.train();
  return at::cat(parts, 0);
}

Trainer::Trainer(TrainerOptions options, ProgressReporter* progress, std::string label)
    : options_(std::move(options)), progress_(progress), label_(std::move(label)) {
  options_.validate(label_);
}

TrainingHistory Trainer::fit(torch::nn::Module& module, const ForwardFn& forward, const TensorDataset& train,
                             const TensorDataset& valid) const {
  const TrainerOptions& o = options_;
  const std::string where = label_ + ": Trainer::fit";
  check_dataset(train, "training", /*allow_empty=*/false, where);
  check_dataset(valid, "validation", /*allow_empty=*/true, where);
  const bool has_valid = valid.size() > 0;
  const auto needs_valid = [](Monitor m) { return m != Monitor::kTrainLoss; };
  if (!has_valid && o.early_stopping.enabled && needs_valid(o.early_stopping.monitor)) {
    throw InvalidInput(fmt::format("{}: early stopping monitors {} but there is no validation data", where,
                                   to_string(o.early_stopping.monitor)));
  }
  if (!has_valid && o.lr_plateau.enabled && needs_valid(o.lr_plateau.monitor)) {
    throw InvalidInput(
        fmt::format("{}: the learning-rate schedule monitors {} but there is no validation data", where,
                    to_string(o.lr_plateau.monitor)));
  }

  seed_everything(o.seed, o.threads);
  auto optimizer = make_optimizer(o, module);
  const std::int64_t n = train.size();
  const std::int64_t batch = std::min<std::int64_t>(o.batch_size, n);
  const std::int64_t batches = (n + batch - 1) / batch;
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::mt19937_64 shuffler(o.seed);

  // The monitor that picks the best epoch: early stopping's, else validation loss when there is one.
  const Monitor best_monitor = o.early_stopping.enabled ? o.early_stopping.monitor
                               : has_valid              ? Monitor::kValLoss
                                                        : Monitor::kTrainLoss;
  const double best_min_delta = o.early_stopping.enabled ? o.early_stopping.min_delta : 0.0;
  PlateauTracker best_tracker;
  PlateauTracker lr_tracker;
  std::optional<Snapshot> best_weights;
  const bool keep_best = o.early_stopping.enabled && o.early_stopping.restore_best;

  TrainingHistory history;
  const auto run_start = Clock::now();
  if (progress_ != nullptr)
    progress_->start(label_, static_cast<std::size_t>(o.epochs), static_cast<std::size_t>(batches));

  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    if (o.shuffle) {
      // Fisher-Yates with our own generator: the same seed gives the same order on every platform.
      for (std::size_t i = order.size() - 1; i > 0; --i) {
        std::uniform_int_distribution<std::size_t> pick(0, i);
        std::swap(order[i], order[pick(shuffler)]);
      }
    }
    const at::Tensor order_tensor =
        at::from_blob(order.data(), {n}, at::TensorOptions().dtype(at::kLong)).clone();
    module.train();
    const double lr = current_lr(*optimizer);
    double loss_sum = 0.0;
    for (std::int64_t b = 0; b < batches; ++b) {
      const std::int64_t begin = b * batch;
      const std::int64_t end = std::min(n, begin + batch);
      const at::Tensor index = order_tensor.slice(0, begin, end);
      const at::Tensor inputs = train.inputs.index_select(0, index);
      const at::Tensor targets = train.targets.index_select(0, index);
      optimizer->zero_grad();
      const at::Tensor loss = compute_loss(o, forward(inputs), targets);
      const double value = loss.item<double>();
      if (!std::isfinite(value)) {
        throw NumericalError(numerical_message(label_, "the training loss", epoch, b + 1, value, lr));
      }
      loss.backward();
      if (o.clip_grad_norm > 0) torch::nn::utils::clip_grad_norm_(module.parameters(), o.clip_grad_norm);
      optimizer->step();
      loss_sum += value * static_cast<double>(end - begin);
      if (progress_ != nullptr) {
        progress_->step(static_cast<std::size_t>(epoch), static_cast<std::size_t>(b + 1),
                        {{"loss", loss_sum / static_cast<double>(end)}, {"lr", lr}});
      }
    }

    EpochRecord record;
    record.epoch = epoch;
    record.train_loss = loss_sum / static_cast<double>(n);
    record.learning_rate = lr;
    if (has_valid) {
      const Evaluation eval = evaluate(o, module, forward, valid);
      if (!std::isfinite(eval.loss)) {
        throw NumericalError(numerical_message(label_, "the validation loss", epoch, batches, eval.loss, lr));
      }
      record.val_loss = eval.loss;
      record.val_mae = eval.mae;
    }
    record.seconds = std::chrono::duration<double>(Clock::now() - epoch_start).count();
    history.epochs.push_back(record);
    if (progress_ != nullptr) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      if (has_valid) {
        progress_->end_round(static_cast<std::size_t>(epoch), {{"loss", record.train_loss},
                                                               {"val_loss", record.val_loss.value_or(nan)},
                                                               {"val_mae", record.val_mae.value_or(nan)},
                                                               {"lr", lr}});
      } else {
        progress_->end_round(static_cast<std::size_t>(epoch), {{"loss", record.train_loss}, {"lr", lr}});
      }
    }

    if (best_tracker.update(monitored(record, best_monitor), best_min_delta)) {
      history.best_epoch = epoch;
      if (keep_best) best_weights = Snapshot::take(module);
    }
    if (o.lr_plateau.enabled &&
        !lr_tracker.update(monitored(record, o.lr_plateau.monitor), o.lr_plateau.min_delta) &&
        lr_tracker.since_best >= o.lr_plateau.patience) {
      const double reduced = std::max(lr * o.lr_plateau.factor, o.lr_plateau.min_lr);
      if (reduced < lr) {
        set_lr(*optimizer, reduced);
        if (progress_ != nullptr) {
          progress_->note(
              fmt::format("epoch {}: {} did not improve for {} epochs, learning rate {:g} -> {:g}", epoch,
                          to_string(o.lr_plateau.monitor), lr_tracker.since_best, lr, reduced));
        }
      }
      lr_tracker.since_best = 0;
    }
    if (o.early_stopping.enabled && best_tracker.since_best >= o.early_stopping.patience) {
      history.stopped_early = epoch < o.epochs;
      if (progress_ != nullptr && history.stopped_early) {
        progress_->note(
            fmt::format("early stopping at epoch {}: {} did not improve for {} epochs (best epoch {})", epoch,
                        to_string(o.early_stopping.monitor), best_tracker.since_best, history.best_epoch));
      }
      break;
    }
  }

  const int last_epoch = history.epochs.back().epoch;
  if (keep_best && best_weights && history.best_epoch != last_epoch) {
    best_weights->restore(module);
    history.restored_best = true;
  }
  history.seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
  if (progress_ != nullptr) {
    progress_->finish(fmt::format(
        "{}: {} epochs in {:.1f}s{}", label_, history.epochs.size(), history.seconds,
        history.restored_best ? fmt::format(", restored the weights of epoch {}", history.best_epoch)
                              : std::string()));
  }
  module.eval();
  return history;
}

}  // namespace stockcast::train
