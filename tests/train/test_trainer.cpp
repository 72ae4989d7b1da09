#include <gtest/gtest.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "stockcast/core/error.hpp"
#include "stockcast/core/progress.hpp"
#include "stockcast/train/trainer.hpp"

namespace stockcast::train {
namespace {

// A linear model over the flattened window: enough to test the loop itself.
struct TinyImpl : torch::nn::Module {
  explicit TinyImpl(std::int64_t inputs) : linear(register_module("linear", torch::nn::Linear(inputs, 1))) {}
  at::Tensor forward(const at::Tensor& x) { return linear->forward(x.flatten(1)); }
  torch::nn::Linear linear;
};
TORCH_MODULE(Tiny);

// y = 0.5 * x0 - 0.25 * x1 + 0.1 over windows of 2 steps x 1 feature.
TensorDataset linear_data(std::int64_t n, std::uint64_t seed, double flip = 1.0) {
  torch::manual_seed(seed);
  at::Tensor x = at::rand({n, 2, 1});
  at::Tensor y = flip * (0.5 * x.select(1, 0) - 0.25 * x.select(1, 1)) + 0.1;
  return {x, y};
}

ForwardFn forward_of(const Tiny& model) {
  return [m = model.ptr()](const at::Tensor& x) { return m->forward(x); };
}

TrainingHistory train_tiny(Tiny& model, TrainerOptions options, const TensorDataset& train,
                           const TensorDataset& valid, ProgressReporter* progress = nullptr) {
  seed_everything(options.seed, options.threads);
  model = Tiny(2);
  return Trainer(options, progress, "tiny").fit(*model, forward_of(model), train, valid);
}

double mse(Tiny& model, const TensorDataset& data) {
  const at::Tensor out = predict_batched(*model, forward_of(model), data.inputs);
  return at::mse_loss(out, data.targets).item<double>();
}

TEST(Trainer, LearnsALinearMapWithEveryOptimizer) {
  const auto train = linear_data(256, 1);
  const auto valid = linear_data(64, 2);
  for (const auto optimizer : {OptimizerKind::kAdam, OptimizerKind::kAdamW, OptimizerKind::kSgd}) {
    TrainerOptions options{.optimizer = optimizer,
                           .learning_rate = optimizer == OptimizerKind::kSgd ? 0.3 : 0.05,
                           .momentum = optimizer == OptimizerKind::kSgd ? 0.5 : 0.0,
                           .batch_size = 16,
                           .epochs = 40};
    Tiny model{nullptr};
    const auto history = train_tiny(model, options, train, valid);
    ASSERT_EQ(history.epochs.size(), 40U);
    EXPECT_LT(history.epochs.back().train_loss, 1e-3 * history.epochs.front().train_loss + 1e-5)
        << to_string(optimizer);
    EXPECT_LT(mse(model, valid), 1e-4) << to_string(optimizer);
    ASSERT_TRUE(history.epochs.back().val_loss.has_value());
    EXPECT_NEAR(*history.epochs.back().val_loss, mse(model, valid), 1e-7);
  }
}

TEST(Trainer, EveryLossTrains) {
  const auto train = linear_data(256, 1);
  for (const auto loss : {LossKind::kMse, LossKind::kMae, LossKind::kHuber}) {
    TrainerOptions options{
        .learning_rate = 0.02, .loss = loss, .huber_delta = 0.1, .batch_size = 32, .epochs = 60};
    Tiny model{nullptr};
    train_tiny(model, options, train, {});
    EXPECT_LT(mse(model, train), 1e-3) << to_string(loss);
  }
}

TEST(Trainer, SameSeedGivesBitIdenticalRuns) {
  const auto train = linear_data(200, 3);
  const auto valid = linear_data(50, 4);
  TrainerOptions options{.learning_rate = 0.01, .batch_size = 8, .epochs = 5, .seed = 42};
  Tiny a{nullptr};
  Tiny b{nullptr};
  const auto ha = train_tiny(a, options, train, valid);
  const auto hb = train_tiny(b, options, train, valid);
  for (std::size_t e = 0; e < ha.epochs.size(); ++e) {
    EXPECT_EQ(ha.epochs[e].train_loss, hb.epochs[e].train_loss);
    EXPECT_EQ(*ha.epochs[e].val_loss, *hb.epochs[e].val_loss);
  }
  EXPECT_TRUE(at::equal(a->linear->weight, b->linear->weight));
  EXPECT_TRUE(at::equal(a->linear->bias, b->linear->bias));

  options.seed = 43;
  Tiny c{nullptr};
  train_tiny(c, options, train, valid);
  EXPECT_FALSE(at::equal(a->linear->weight, c->linear->weight));
}

TEST(Trainer, ShufflingOffVisitsWindowsInOrder) {
  const auto train = linear_data(64, 5);
  TrainerOptions options{.learning_rate = 0.01, .batch_size = 8, .epochs = 2, .shuffle = false, .seed = 1};
  Tiny a{nullptr};
  Tiny b{nullptr};
  const auto ha = train_tiny(a, options, train, {});
  options.seed = 2;  // the seed only changes the initial weights, not the order: different results
  const auto hb = train_tiny(b, options, train, {});
  EXPECT_NE(ha.epochs.back().train_loss, hb.epochs.back().train_loss);
}

TEST(Trainer, EarlyStoppingRestoresTheBestEpoch) {
  // Validation targets have the opposite sign of the training targets: the better the fit on
  // train, the worse on validation, so the best validation epoch comes early.
  const auto train = linear_data(256, 6);
  const auto valid = linear_data(64, 7, /*flip=*/-1.0);
  TrainerOptions options{.learning_rate = 0.05, .batch_size = 16, .epochs = 50, .seed = 3};
  options.early_stopping = {
      .enabled = true, .monitor = Monitor::kValLoss, .patience = 3, .restore_best = true};
  Tiny model{nullptr};
  const auto history = train_tiny(model, options, train, valid);
  EXPECT_TRUE(history.stopped_early);
  EXPECT_TRUE(history.restored_best);
  ASSERT_LT(history.epochs.size(), 50U);
  EXPECT_EQ(static_cast<int>(history.epochs.size()), history.best_epoch + 3);
  double best = INFINITY;
  for (const auto& e : history.epochs) best = std::min(best, *e.val_loss);
  EXPECT_EQ(*history.epochs.at(static_cast<std::size_t>(history.best_epoch - 1)).val_loss, best);
  // The module holds the best epoch's weights: its validation loss is the best one.
  EXPECT_NEAR(mse(model, valid), best, 1e-7);
  EXPECT_GT(*history.epochs.back().val_loss, best);
}

TEST(Trainer, EarlyStoppingWithoutRestoreKeepsTheLastWeights) {
  const auto train = linear_data(256, 6);
  const auto valid = linear_data(64, 7, -1.0);
  TrainerOptions options{.learning_rate = 0.05, .batch_size = 16, .epochs = 50, .seed = 3};
  options.early_stopping = {.enabled = true, .patience = 3, .restore_best = false};
  Tiny model{nullptr};
  const auto history = train_tiny(model, options, train, valid);
  EXPECT_FALSE(history.restored_best);
  EXPECT_NEAR(mse(model, valid), *history.epochs.back().val_loss, 1e-7);
}

TEST(Trainer, ReduceLrOnPlateauHalvesTheRateDownToItsFloor) {
  const auto train = linear_data(128, 6);
  const auto valid = linear_data(64, 7, -1.0);
  TrainerOptions options{.learning_rate = 0.04, .batch_size = 16, .epochs = 12, .seed = 3};
  options.lr_plateau = {.enabled = true, .factor = 0.5, .patience = 1, .min_lr = 0.01};
  Tiny model{nullptr};
  const auto history = train_tiny(model, options, train, valid);
  EXPECT_EQ(history.epochs.front().learning_rate, 0.04);
  EXPECT_EQ(history.epochs.back().learning_rate, 0.01);
  for (std::size_t e = 1; e < history.epochs.size(); ++e) {
    EXPECT_LE(history.epochs[e].learning_rate, history.epochs[e - 1].learning_rate);
  }
}

TEST(Trainer, GradientClippingBoundsEachStep) {
  const auto train = linear_data(16, 8);
  TrainerOptions options{.optimizer = OptimizerKind::kSgd,
                         .learning_rate = 1.0,
                         .batch_size = 16,
                         .epochs = 1,
                         .clip_grad_norm = 1e-4};
  seed_everything(options.seed, 1);
  Tiny model(2);
  const at::Tensor before = at::cat({model->linear->weight.flatten(), model->linear->bias}).detach().clone();
  Trainer(options).fit(*model, forward_of(model), train, {});
  const at::Tensor after = at::cat({model->linear->weight.flatten(), model->linear->bias}).detach();
  EXPECT_LE((after - before).norm().item<double>(), 1e-4 * 1.0001);
  EXPECT_GT((after - before).norm().item<double>(), 0.0);
}

TEST(Trainer, NanLossStopsWithEpochBatchAndAdvice) {
  auto train = linear_data(64, 9);
  train.targets.index_put_({40, 0}, NAN);  // window 40 poisons one batch of epoch 1
  TrainerOptions options{.batch_size = 8, .epochs = 3, .shuffle = false};
  Tiny model{nullptr};
  try {
    train_tiny(model, options, train, {});
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("NaN at epoch 1, batch 6"), std::string::npos) << message;
    EXPECT_NE(message.find("lower learning rate"), std::string::npos) << message;
  }
}

TEST(Trainer, DivergingLearningRateIsANumericalError) {
  auto train = linear_data(64, 9);
  train.targets = train.targets * 1e6;
  TrainerOptions options{
      .optimizer = OptimizerKind::kSgd, .learning_rate = 1e6, .batch_size = 8, .epochs = 20};
  Tiny model{nullptr};
  EXPECT_THROW(train_tiny(model, options, train, {}), NumericalError);
}

TEST(Trainer, RejectsBadOptionsAndShapes) {
  EXPECT_THROW(Trainer(TrainerOptions{.learning_rate = -1}), InvalidInput);
  EXPECT_THROW(Trainer(TrainerOptions{.batch_size = 0}), InvalidInput);
  EXPECT_THROW(Trainer(TrainerOptions{.momentum = 1.0}), InvalidInput);
  try {
    Trainer(TrainerOptions{.epochs = 0}, nullptr, "lstm");
    FAIL();
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("'epochs'"), std::string::npos) << error.what();
  }
  Tiny model(2);
  const auto train = linear_data(16, 1);
  TensorDataset bad{train.inputs, train.targets.slice(0, 0, 8)};
  EXPECT_THROW(Trainer(TrainerOptions{}).fit(*model, forward_of(model), bad, {}), InvalidInput);
  EXPECT_THROW(Trainer(TrainerOptions{}).fit(*model, forward_of(model), {}, {}), InvalidInput);
  TrainerOptions stopping;
  stopping.early_stopping.enabled = true;
  EXPECT_THROW(Trainer(stopping).fit(*model, forward_of(model), train, {}), InvalidInput);
}

TEST(Trainer, ReportsOneLinePerEpoch) {
  std::ostringstream out;
  ProgressReporter progress({.mode = ProgressMode::kLines, .stream = &out});
  const auto train = linear_data(64, 1);
  const auto valid = linear_data(16, 2);
  Tiny model{nullptr};
  train_tiny(model, TrainerOptions{.batch_size = 16, .epochs = 3}, train, valid, &progress);
  const std::string text = out.str();
  EXPECT_NE(text.find("tiny: epoch 1/3  loss "), std::string::npos) << text;
  EXPECT_NE(text.find("val_loss"), std::string::npos) << text;
  EXPECT_NE(text.find("lr 0.001"), std::string::npos) << text;
  EXPECT_NE(text.find("ETA"), std::string::npos) << text;
  EXPECT_NE(text.find("tiny: epoch 3/3"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4);  // 3 epochs + summary
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(TrainerOptionsJson, RoundTripsAndRejectsUnknownKeys) {
  TrainerOptions options{
      .optimizer = OptimizerKind::kSgd, .learning_rate = 0.01, .momentum = 0.9, .epochs = 7};
  options.early_stopping = {.enabled = true, .monitor = Monitor::kValMae, .patience = 2, .min_delta = 1e-4};
  const auto json = to_json(options);
  const auto back = trainer_options_from_json(json, TrainerOptions{}, "test");
  EXPECT_EQ(to_json(back), json);
  EXPECT_THROW(trainer_options_from_json({{"learning_rate", 0.1}}, TrainerOptions{}, "test"), InvalidInput);
  EXPECT_THROW(trainer_options_from_json({{"lr", "fast"}}, TrainerOptions{}, "test"), InvalidInput);
  EXPECT_THROW(trainer_options_from_json({{"optimizer", "adagrad"}}, TrainerOptions{}, "test"), InvalidInput);
}

}  // namespace
}  // namespace stockcast::train
