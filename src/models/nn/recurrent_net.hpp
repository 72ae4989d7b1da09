#pragma once
// The LibTorch module behind RNN, LSTM and GRU forecasters (private to stockcast_nn).

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "stockcast/models/nn/recurrent.hpp"

namespace stockcast::models::nn {

// Shape of a recurrent network; the rest of RecurrentOptions does not affect the module.
struct NetShape {
  RecurrentCell cell = RecurrentCell::kLstm;
  std::int64_t inputs = 1;  // features per time step
  std::int64_t units = 50;  // hidden units per layer and direction
  std::int64_t layers = 1;  // stacked recurrent layers
  double dropout = 0.0;     // between recurrent layers and before the head
  bool bidirectional = false;
  std::int64_t horizon = 1;  // outputs of the dense head
};

// [B, T, F] -> recurrent layers -> final hidden state of the last layer (both directions)
// -> dropout -> dense head -> [B, horizon].
class RecurrentNetImpl : public torch::nn::Module {
 public:
  explicit RecurrentNetImpl(const NetShape& shape);
  at::Tensor forward(const at::Tensor& inputs);

 private:
  NetShape shape_;
  torch::nn::RNN rnn_{nullptr};
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::GRU gru_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear head_{nullptr};
};
TORCH_MODULE(RecurrentNet);

// Weights (every parameter and buffer, float32) as a self-describing binary blob:
// "SCW1", u32 count, then per tensor: u32 name length, name, u32 rank, i64 dims, float32 values
// (little-endian). No pickling, nothing executable.
std::string serialize_weights(const torch::nn::Module& module);

// Loads weights written by serialize_weights() into a module of the same shape. Throws
// FormatError naming `where` when the blob is truncated, a tensor is missing or unexpected, or a
// shape differs.
void deserialize_weights(torch::nn::Module& module, std::string_view blob, std::string_view where);

// Number of trainable scalars.
std::int64_t count_parameters(const torch::nn::Module& module);

}  // namespace stockcast::models::nn
