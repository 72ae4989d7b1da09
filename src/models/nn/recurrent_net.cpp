#include "recurrent_net.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <bit>
#include <cstring>
#include <map>
#include <vector>

#include "stockcast/core/error.hpp"

namespace stockcast::models::nn {

static_assert(std::endian::native == std::endian::little,
              "the weight format is little-endian; add byte swapping for big-endian hosts");

RecurrentNetImpl::RecurrentNetImpl(const NetShape& shape) : shape_(shape) {
  // Dropout inside the recurrent module only acts between stacked layers.
  const double between_layers = shape.layers > 1 ? shape.dropout : 0.0;
  switch (shape.cell) {
    case RecurrentCell::kRnn:
      rnn_ = register_module("recurrent", torch::nn::RNN(torch::nn::RNNOptions(shape.inputs, shape.units)
                                                             .num_layers(shape.layers)
                                                             .nonlinearity(torch::kTanh)
                                                             .dropout(between_layers)
                                                             .bidirectional(shape.bidirectional)
                                                             .batch_first(true)));
      break;
    case RecurrentCell::kLstm:
      lstm_ = register_module("recurrent", torch::nn::LSTM(torch::nn::LSTMOptions(shape.inputs, shape.units)
                                                               .num_layers(shape.layers)
                                                               .dropout(between_layers)
                                                               .bidirectional(shape.bidirectional)
                                                               .batch_first(true)));
      break;
    case RecurrentCell::kGru:
      gru_ = register_module("recurrent", torch::nn::GRU(torch::nn::GRUOptions(shape.inputs, shape.units)
                                                             .num_layers(shape.layers)
                                                             .dropout(between_layers)
                                                             .bidirectional(shape.bidirectional)
                                                             .batch_first(true)));
      break;
  }
  dropout_ = register_module("dropout", torch::nn::Dropout(torch::nn::DropoutOptions(shape.dropout)));
  const std::int64_t directions = shape.bidirectional ? 2 : 1;
  head_ = register_module("head", torch::nn::Linear(shape.units * directions, shape.horizon));
}

at::Tensor RecurrentNetImpl::forward(const at::Tensor& inputs) {
  at::Tensor final_states;  // [layers * directions, B, units]
  switch (shape_.cell) {
    case RecurrentCell::kRnn:
      final_states = std::get<1>(rnn_->forward(inputs));
      break;
    case RecurrentCell::kLstm:
      final_states = std::get<0>(std::get<1>(lstm_->forward(inputs)));
      break;
    case RecurrentCell::kGru:
      final_states = std::get<1>(gru_->forward(inputs));
      break;
  }
  const std::int64_t directions = shape_.bidirectional ? 2 : 1;
  const std::int64_t rows = final_states.size(0);
  // The last layer's final state of each direction, side by side: [B, directions * units].
  const at::Tensor last = final_states.slice(0, rows - directions, rows)
                              .permute({1, 0, 2})
                              .reshape({inputs.size(0), directions * shape_.units});
  return head_->forward(dropout_->forward(last));
}

namespace {

constexpr char kWeightsMagic[4] = {'S', 'C', 'W', '1'};

template <typename T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

class Reader {
 public:
  Reader(std::string_view data, std::string_view where) : data_(data), where_(where) {}
  template <typename T>
  T get(std::string_view what) {
    T value;
    std::memcpy(&value, take(sizeof(T), what).data(), sizeof(T));
    return value;
  }
  std::string_view take(std::size_t n, std::string_view what) {
    if (data_.size() - pos_ < n) {
      throw FormatError(fmt::format("{}: weights truncated while reading {} (at byte {} of {})", where_, what,
                                    pos_, data_.size()));
    }
    const auto bytes = data_.substr(pos_, n);
    pos_ += n;
    return bytes;
  }
  [[nodiscard]] bool done() const noexcept { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  std::string_view where_;
  std::size_t pos_ = 0;
};

std::vector<std::pair<std::string, at::Tensor>> named_tensors(const torch::nn::Module& module) {
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const auto& item : module.named_parameters()) tensors.emplace_back(item.key(), item.value());
  for (const auto& item : module.named_buffers()) tensors.emplace_back(item.key(), item.value());
  return tensors;
}

}  // namespace

std::string serialize_weights(const torch::nn::Module& module) {
  const auto tensors = named_tensors(module);
  std::string out(kWeightsMagic, sizeof(kWeightsMagic));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(tensors.size()));
  for (const auto& [name, tensor] : tensors) {
    const at::Tensor values = tensor.detach().to(at::kFloat).contiguous();
    put<std::uint32_t>(out, static_cast<std::uint32_t>(name.size()));
    out += name;
    put<std::uint32_t>(out, static_cast<std::uint32_t>(values.dim()));
    for (const auto size : values.sizes()) put<std::int64_t>(out, size);
    out.append(reinterpret_cast<const char*>(values.data_ptr<float>()),
               static_cast<std::size_t>(values.numel()) * sizeof(float));
  }
  return out;
}

void deserialize_weights(torch::nn::Module& module, std::string_view blob, std::string_view where) {
  Reader reader(blob, where);
  if (reader.take(sizeof(kWeightsMagic), "the header") !=
      std::string_view(kWeightsMagic, sizeof(kWeightsMagic))) {
    throw FormatError(fmt::format("{}: weights do not start with the stockcast weight header", where));
  }
  std::map<std::string, at::Tensor> expected;
  for (auto& [name, tensor] : named_tensors(module)) expected.emplace(name, tensor);
  const auto count = reader.get<std::uint32_t>("the tensor count");
  if (count != expected.size()) {
    throw FormatError(
        fmt::format("{}: weights hold {} tensors, the network has {}", where, count, expected.size()));
  }
  at::NoGradGuard no_grad;
  for (std::uint32_t t = 0; t < count; ++t) {
    const auto name_length = reader.get<std::uint32_t>("a tensor name length");
    const std::string name(reader.take(name_length, "a tensor name"));
    const auto it = expected.find(name);
    if (it == expected.end())
      throw FormatError(fmt::format("{}: unexpected tensor '{}' in the weights", where, name));
    const auto rank = reader.get<std::uint32_t>("a tensor rank");
    std::vector<std::int64_t> sizes;
    for (std::uint32_t d = 0; d < rank; ++d) sizes.push_back(reader.get<std::int64_t>("a tensor shape"));
    at::Tensor& target = it->second;
    if (target.sizes() != at::IntArrayRef(sizes)) {
      throw FormatError(fmt::format("{}: tensor '{}' has shape [{}] in the weights but [{}] in the network",
                                    where, name, fmt::join(sizes, ", "), fmt::join(target.sizes(), ", ")));
    }
    const auto bytes =
        reader.take(static_cast<std::size_t>(target.numel()) * sizeof(float), "tensor " + name);
    const at::Tensor source =
        at::from_blob(const_cast<char*>(bytes.data()), sizes, at::TensorOptions().dtype(at::kFloat)).clone();
    target.copy_(source);
    expected.erase(it);
  }
  if (!reader.done()) throw FormatError(fmt::format("{}: unexpected bytes after the weights", where));
}

std::int64_t count_parameters(const torch::nn::Module& module) {
  std::int64_t total = 0;
  for (const auto& p : module.parameters()) total += p.numel();
  return total;
}

}  // namespace stockcast::models::nn
