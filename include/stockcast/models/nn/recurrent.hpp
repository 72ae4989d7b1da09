#pragma once
/// \file
/// RNN (tanh Elman), LSTM and GRU forecasters: one class, one options struct, differing only in the
/// recurrent cell. Part of stockcast_nn, but this header is free of LibTorch (the network lives
/// behind a pointer), so the CLI and the registry can include it cheaply.
///
///     RecurrentOptions options{.cell = RecurrentCell::kLstm, .units = 50, .dropout = 0.2};
///     RecurrentForecaster model(options);
///     model.fit(train, valid);                       // raw prices; the model fits its own scaler
///     Forecast next = model.predict(history, /*horizon=*/1);   // price units

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "stockcast/core/progress.hpp"
#include "stockcast/models/forecaster.hpp"
#include "stockcast/prep/features.hpp"
#include "stockcast/train/options.hpp"

namespace stockcast::models::nn {

/// The recurrent cell of a RecurrentForecaster.
enum class RecurrentCell {
  kRnn,   ///< Elman RNN, h_t = tanh(W_x x_t + W_h h_{t-1} + b); registry name "rnn"
  kLstm,  ///< long short-term memory (Hochreiter & Schmidhuber 1997); "lstm"
  kGru,   ///< gated recurrent unit (Cho et al. 2014); "gru"
};

/// "rnn", "lstm", "gru": the registry names.
std::string_view to_string(RecurrentCell cell) noexcept;
/// Parses the names of to_string(); throws InvalidInput naming `where` and listing them.
RecurrentCell parse_recurrent_cell(std::string_view name, std::string_view where);

/// How inputs and targets are scaled before they reach the network.
enum class Normalization {
  /// Min-max to [0, 1] per column, fitted on the training rows only (paper A's scaling, without its
  /// leak: the paper fits on the whole series). Test prices above the training range must be
  /// extrapolated by the network.
  kGlobal,
  /// Price-like columns and the target divided by the window's last close, minus 1 (the model learns
  /// relative moves); other columns (volume, returns) min-max scaled on the training rows.
  kWindow,
};

/// "global", "window".
std::string_view to_string(Normalization normalization) noexcept;
/// Parses the names of to_string(); throws InvalidInput naming `where` and listing them.
Normalization parse_normalization(std::string_view name, std::string_view where);

/// Everything that defines a recurrent forecaster; defaults are paper A's optimised LSTM.
struct RecurrentOptions {
  RecurrentCell cell = RecurrentCell::kLstm;  ///< RNN, LSTM or GRU
  int units = 50;                             ///< hidden units per layer and direction, >= 1
  int layers = 1;                             ///< stacked recurrent layers, >= 1
  double dropout = 0.0;             ///< dropout between recurrent layers and before the head, in [0, 1)
  bool bidirectional = false;       ///< also read each window backwards (concatenated final states)
  int window = 30;                  ///< past trading days per input window, >= 1
  int horizon = 1;                  ///< trading days forecast at once by the dense head, >= 1
  prep::FeatureOptions features{};  ///< input columns (default OHLCV), target close
  Normalization normalize = Normalization::kGlobal;  ///< global min-max or per-window scaling
  train::TrainerOptions training{};                  ///< optimiser, loss, epochs, seed, ...

  /// Throws InvalidInput naming `where` and the option when a value is out of range.
  void validate(std::string_view where) const;
};

/// The options as JSON with CLI names: {"units", "layers", "dropout", "bidirectional", "window",
/// "horizon", "features": "open,high,...", "target", "normalize", plus every training option}.
nlohmann::json to_json(const RecurrentOptions& options);

/// Reads options from a flat JSON object (the keys of to_json(), all optional), starting from
/// `base`; unknown keys are an error listing the valid ones. Throws InvalidInput naming `where`.
/// The result is validated.
RecurrentOptions recurrent_options_from_json(const nlohmann::json& json, const RecurrentOptions& base,
                                             std::string_view where);

/// The JSON keys recurrent_options_from_json() understands (model and training options).
const std::vector<std::string>& recurrent_option_keys();

/// A recurrent neural forecaster on windows of past days. It owns its scaler (fitted on the
/// training data given to fit()), so a saved model is self-contained.
class RecurrentForecaster final : public Forecaster {
 public:
  /// A model with validated options (throws InvalidInput on bad ones); untrained until fit().
  explicit RecurrentForecaster(RecurrentOptions options);
  ~RecurrentForecaster() override;

  /// "rnn", "lstm" or "gru".
  [[nodiscard]] std::string kind() const override;
  /// e.g. "LSTM(50 units, 1 layer, dropout 0.2, window 30, 5 features, global scaling)".
  [[nodiscard]] std::string describe() const override;
  [[nodiscard]] Capabilities capabilities() const override;

  /// Computes the features of `train` (and `valid`, which must follow it in time), fits the scaler
  /// on the training rows, builds the windows (validation windows may look back into `train`, their
  /// targets lie in `valid`) and trains the network with the Trainer. Throws InvalidInput when the
  /// data is too short for one window or lacks a feature, NumericalError on a NaN/Inf loss.
  void fit(const PriceSeries& train, const PriceSeries& valid) override;

  /// Forecast of the `horizon` (<= options().horizon) trading days after `history`'s last row, from
  /// its last `window` rows; price units. Throws NotFitted before fit()/load_state(), InvalidInput
  /// when `history` is too short, lacks a feature, or `horizon` exceeds the trained horizon.
  [[nodiscard]] Forecast predict(const PriceSeries& history, int horizon) const override;

  /// predict() from many origins in one batched forward pass.
  [[nodiscard]] std::vector<Forecast> predict_from(const PriceSeries& series,
                                                   std::span<const std::size_t> origins,
                                                   int horizon) const override;

  /// Options, scaler, feature list, training history and the weights (ModelState::blob).
  [[nodiscard]] ModelState save_state() const override;
  /// Restores a model saved by save_state(); throws FormatError naming the field when the state is
  /// malformed, of another kind, or its weights do not match its options.
  void load_state(const ModelState& state) override;

  /// The options in effect.
  [[nodiscard]] const RecurrentOptions& options() const noexcept;
  /// Per-epoch losses of the last fit() (empty before, restored by load_state()).
  [[nodiscard]] const train::TrainingHistory& history() const noexcept;
  /// Trainable scalars of the network (0 before fit()/load_state()).
  [[nodiscard]] std::int64_t parameter_count() const;
  /// Where fit() reports progress, each line prefixed with `label` (default: the kind); nullptr (the
  /// default) = silent.
  void set_progress(ProgressReporter* progress, std::string label = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Registry factories: a RecurrentForecaster of that cell from JSON options (the keys of
/// recurrent_option_keys(); an empty object means paper A's optimised defaults). Throw InvalidInput
/// naming the model and the option.
std::unique_ptr<Forecaster> make_rnn(const nlohmann::json& options);
std::unique_ptr<Forecaster> make_lstm(const nlohmann::json& options);
std::unique_ptr<Forecaster> make_gru(const nlohmann::json& options);

/// Options for a quick run (tests, smoke runs): 8 units, window 10, horizon 5, 3 epochs,
/// per-window normalisation.
nlohmann::json recurrent_quick_options();

}  // namespace stockcast::models::nn
