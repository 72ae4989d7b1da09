#include "stockcast/models/nn/recurrent.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "recurrent_net.hpp"
#include "stockcast/core/error.hpp"
#include "stockcast/prep/scaler.hpp"
#include "stockcast/prep/window.hpp"
#include "stockcast/train/trainer.hpp"

namespace stockcast::models::nn {

namespace {

constexpr std::string_view kStateFormat = "stockcast-recurrent/1";
constexpr int kMaxUnits = 4096;
constexpr int kMaxLayers = 16;
constexpr int kMaxWindow = 10000;
constexpr int kMaxHorizon = 1000;

constexpr std::pair<std::string_view, RecurrentCell> kCells[] = {
    {"rnn", RecurrentCell::kRnn}, {"lstm", RecurrentCell::kLstm}, {"gru", RecurrentCell::kGru}};
constexpr std::pair<std::string_view, Normalization> kNormalizations[] = {{"global", Normalization::kGlobal},
                                                                          {"window", Normalization::kWindow}};

const std::vector<std::string> kModelKeys = {"units",   "layers",   "dropout", "bidirectional", "window",
                                             "horizon", "features", "target",  "normalize"};

template <typename Enum, std::size_t N>
Enum parse_name(std::string_view name, std::string_view where, std::string_view what,
                const std::pair<std::string_view, Enum> (&table)[N]) {
  std::vector<std::string_view> names;
  for (const auto& [text, value] : table) {
    if (text == name) return value;
    names.push_back(text);
  }
  throw InvalidInput(
      fmt::format("{}: unknown {} '{}' (valid: {})", where, what, name, fmt::join(names, ", ")));
}

template <typename Enum, std::size_t N>
std::string_view name_of(Enum value, const std::pair<std::string_view, Enum> (&table)[N]) noexcept {
  for (const auto& [text, entry] : table) {
    if (entry == value) return text;
  }
  return "?";
}

std::string_view cell_title(RecurrentCell cell) noexcept {
  switch (cell) {
    case RecurrentCell::kRnn:
      return "RNN";
    case RecurrentCell::kLstm:
      return "LSTM";
    case RecurrentCell::kGru:
      return "GRU";
  }
  return "?";
}

// Rows of `train` followed by rows of `valid` (which must start after train ends), keeping the
// columns both have, in train's order.
PriceSeries concatenate(const PriceSeries& train, const PriceSeries& valid, std::string_view where) {
  if (valid.empty()) return train;
  if (!(train.last_date() < valid.first_date())) {
    throw InvalidInput(
        fmt::format("{}: the validation data must start after the training data ends ({} >= {})", where,
                    stockcast::to_string(train.last_date()), stockcast::to_string(valid.first_date())));
  }
  std::vector<Date> dates(train.dates().begin(), train.dates().end());
  dates.insert(dates.end(), valid.dates().begin(), valid.dates().end());
  std::vector<Column> columns;
  for (const auto& name : train.column_names()) {
    if (!valid.has_column(name)) continue;
    Column column{name, {}};
    const auto a = train.column(name);
    const auto b = valid.column(name);
    column.values.reserve(a.size() + b.size());
    column.values.insert(column.values.end(), a.begin(), a.end());
    column.values.insert(column.values.end(), b.begin(), b.end());
    columns.push_back(std::move(column));
  }
  return PriceSeries(train.ticker(), std::move(dates), std::move(columns));
}

train::TensorDataset to_tensors(const prep::WindowDataset<float>& windows) {
  if (windows.empty()) return {};
  const auto n = static_cast<std::int64_t>(windows.size());
  const auto options = at::TensorOptions().dtype(at::kFloat);
  // from_blob does not copy: clone so the tensors own their memory.
  return {at::from_blob(const_cast<float*>(windows.inputs().data()),
                        {n, static_cast<std::int64_t>(windows.window()),
                         static_cast<std::int64_t>(windows.n_features())},
                        options)
              .clone(),
          at::from_blob(const_cast<float*>(windows.targets().data()),
                        {n, static_cast<std::int64_t>(windows.horizon())}, options)
              .clone()};
}

at::Tensor inputs_tensor(const prep::WindowDataset<float>& windows) {
  return at::from_blob(
             const_cast<float*>(windows.inputs().data()),
             {static_cast<std::int64_t>(windows.size()), static_cast<std::int64_t>(windows.window()),
              static_cast<std::int64_t>(windows.n_features())},
             at::TensorOptions().dtype(at::kFloat))
      .clone();
}

template <typename T>
T json_get(const nlohmann::json& json, std::string_view key, std::string_view where) {
  try {
    return json.at(std::string(key)).get<T>();
  } catch (const nlohmann::json::exception& error) {
    throw FormatError(fmt::format("{}: field '{}' is missing or malformed ({})", where, key, error.what()));
  }
}

}  // namespace

std::string_view to_string(RecurrentCell cell) noexcept { return name_of(cell, kCells); }
RecurrentCell parse_recurrent_cell(std::string_view name, std::string_view where) {
  return parse_name(name, where, "recurrent cell", kCells);
}
std::string_view to_string(Normalization normalization) noexcept {
  return name_of(normalization, kNormalizations);
}
Normalization parse_normalization(std::string_view name, std::string_view where) {
  return parse_name(name, where, "normalisation", kNormalizations);
}

void RecurrentOptions::validate(std::string_view where) const {
  const auto require = [&](bool ok, std::string_view option, std::string_view rule) {
    if (!ok) throw InvalidInput(fmt::format("{}: option '{}' {}", where, option, rule));
  };
  require(units >= 1 && units <= kMaxUnits, "units", fmt::format("must be in [1, {}]", kMaxUnits));
  require(layers >= 1 && layers <= kMaxLayers, "layers", fmt::format("must be in [1, {}]", kMaxLayers));
  require(std::isfinite(dropout) && dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)");
  require(window >= 1 && window <= kMaxWindow, "window", fmt::format("must be in [1, {}]", kMaxWindow));
  require(horizon >= 1 && horizon <= kMaxHorizon, "horizon", fmt::format("must be in [1, {}]", kMaxHorizon));
  features.validate(where);
  training.validate(where);
}

const std::vector<std::string>& recurrent_option_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> all = kModelKeys;
    const auto& training = train::trainer_option_keys();
    all.insert(all.end(), training.begin(), training.end());
    return all;
  }();
  return keys;
}

nlohmann::json to_json(const RecurrentOptions& o) {
  nlohmann::json json = train::to_json(o.training);
  json["units"] = o.units;
  json["layers"] = o.layers;
  json["dropout"] = o.dropout;
  json["bidirectional"] = o.bidirectional;
  json["window"] = o.window;
  json["horizon"] = o.horizon;
  json["features"] = fmt::format("{}", fmt::join(prep::feature_names(o.features.features), ","));
  json["target"] = o.features.target;
  json["normalize"] = to_string(o.normalize);
  return json;
}

RecurrentOptions recurrent_options_from_json(const nlohmann::json& json, const RecurrentOptions& base,
                                             std::string_view where) {
  if (!json.is_object()) throw InvalidInput(fmt::format("{}: model options must be an object", where));
  RecurrentOptions o = base;
  nlohmann::json training = nlohmann::json::object();
  const auto& training_keys = train::trainer_option_keys();
  for (const auto& [key, value] : json.items()) {
    if (std::find(training_keys.begin(), training_keys.end(), key) != training_keys.end()) {
      training[key] = value;
      continue;
    }
    if (std::find(kModelKeys.begin(), kModelKeys.end(), key) == kModelKeys.end()) {
      throw InvalidInput(fmt::format("{}: unknown option '{}' (valid: {})", where, key,
                                     fmt::join(recurrent_option_keys(), ", ")));
    }
    const auto fail = [&](std::string_view expected) {
      return InvalidInput(
          fmt::format("{}: option '{}' expects {} (got {})", where, key, expected, value.dump()));
    };
    const auto integer = [&]() {
      if (!value.is_number_integer()) throw fail("an integer");
      const auto v = value.get<long long>();
      if (v < 0 || v > 1'000'000) throw fail("an integer in [0, 1000000]");
      return static_cast<int>(v);
    };
    if (key == "units") {
      o.units = integer();
    } else if (key == "layers") {
      o.layers = integer();
    } else if (key == "window") {
      o.window = integer();
    } else if (key == "horizon") {
      o.horizon = integer();
    } else if (key == "dropout") {
      if (!value.is_number()) throw fail("a number");
      o.dropout = value.get<double>();
    } else if (key == "bidirectional") {
      if (!value.is_boolean()) throw fail("true or false");
      o.bidirectional = value.get<bool>();
    } else if (key == "features") {
      if (value.is_string()) {
        o.features.features = prep::parse_features(value.get<std::string>());
      } else if (value.is_array() &&
                 std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
        std::vector<std::string> names = value.get<std::vector<std::string>>();
        o.features.features = prep::parse_features(fmt::format("{}", fmt::join(names, ",")));
      } else {
        throw fail("a comma-separated string or a list of feature names");
      }
    } else if (key == "target") {
      if (!value.is_string()) throw fail("a column name");
      o.features.target = value.get<std::string>();
    } else if (key == "normalize") {
      if (!value.is_string()) throw fail("\"global\" or \"window\"");
      o.normalize = parse_normalization(value.get<std::string>(), where);
    }
  }
  o.training = train::trainer_options_from_json(training, base.training, where);
  o.validate(where);
  return o;
}

struct RecurrentForecaster::Impl {
  RecurrentOptions options;
  prep::Scaler scaler;
  std::vector<std::string> feature_names;
  NetShape shape;
  RecurrentNet net{nullptr};
  train::TrainingHistory history;
  ProgressReporter* progress = nullptr;
  std::string progress_label;  // empty = the kind

  [[nodiscard]] std::string kind() const { return std::string(to_string(options.cell)); }

  [[nodiscard]] prep::WindowOptions window_options() const {
    return {.window = options.window,
            .horizon = options.horizon,
            .normalization = options.normalize == Normalization::kWindow
                                 ? prep::WindowNormalization::kLastValue
                                 : prep::WindowNormalization::kNone};
  }

  void build_net(std::int64_t inputs) {
    shape = NetShape{.cell = options.cell,
                     .inputs = inputs,
                     .units = options.units,
                     .layers = options.layers,
                     .dropout = options.dropout,
                     .bidirectional = options.bidirectional,
                     .horizon = options.horizon};
    net = RecurrentNet(shape);
  }

  [[nodiscard]] train::ForwardFn forward() const {
    return [net = net.ptr()](const at::Tensor& inputs) { return net->forward(inputs); };
  }

  // Features of `series` as the model was trained on them; a missing column is named with the model.
  [[nodiscard]] prep::FeatureFrame features_of(const PriceSeries& series, std::string_view where) const {
    try {
      return prep::compute_features(series, options.features);
    } catch (const InvalidInput& error) {
      throw InvalidInput(fmt::format("{}: the data does not fit this {} model (features {}, target {}): {}",
                                     where, kind(),
                                     fmt::join(prep::feature_names(options.features.features), ","),
                                     options.features.target, error.what()));
    }
  }
};

RecurrentForecaster::RecurrentForecaster(RecurrentOptions options) : impl_(std::make_unique<Impl>()) {
  options.validate(fmt::format("{} options", to_string(options.cell)));
  impl_->options = std::move(options);
}

RecurrentForecaster::~RecurrentForecaster() = default;

std::string RecurrentForecaster::kind() const { return impl_->kind(); }

std::string RecurrentForecaster::describe() const {
  const auto& o = impl_->options;
  return fmt::format("{}{}({} units, {} layer{}, dropout {:g}, window {}, {} feature{}, {} scaling)",
                     o.bidirectional ? "Bi" : "", cell_title(o.cell), o.units, o.layers,
                     o.layers == 1 ? "" : "s", o.dropout, o.window, o.features.features.size(),
                     o.features.features.size() == 1 ? "" : "s", to_string(o.normalize));
}

Capabilities RecurrentForecaster::capabilities() const {
  const auto& o = impl_->options;
  const auto monitors_valid = [](train::Monitor m) { return m != train::Monitor::kTrainLoss; };
  const bool needs_valid =
      (o.training.early_stopping.enabled && monitors_valid(o.training.early_stopping.monitor)) ||
      (o.training.lr_plateau.enabled && monitors_valid(o.training.lr_plateau.monitor));
  const bool multivariate =
      o.features.features.size() > 1 || o.features.features.front().name() != o.features.target;
  return {.multivariate_input = multivariate,
          .probabilistic = false,
          .needs_validation = needs_valid,
          .trainable = true};
}

void RecurrentForecaster::fit(const PriceSeries& train, const PriceSeries& valid) {
  Impl& m = *impl_;
  const std::string where = fmt::format("{}::fit", m.kind());
  if (train.empty()) throw InvalidInput(fmt::format("{}: the training data is empty", where));
  if (capabilities().needs_validation && valid.empty()) {
    throw InvalidInput(
        fmt::format("{}: early stopping / the learning-rate schedule monitor validation data, but "
                    "none was given (use a split with a validation part)",
                    where));
  }
  const PriceSeries all = concatenate(train, valid, where);
  const prep::FeatureFrame frame = m.features_of(all, where);
  if (train.size() <= frame.first_row) {
    throw InvalidInput(fmt::format("{}: the training data has {} rows, all used as feature warm-up ({} rows)",
                                   where, train.size(), frame.first_row));
  }
  const prep::RowRange train_rows{0, train.size() - frame.first_row};
  const prep::RowRange valid_rows{train_rows.end, frame.series.size()};
  m.scaler = prep::fit_scaler(prep::ScalerKind::kMinMax, frame, train_rows);
  const auto window_options = m.window_options();
  const auto train_windows = prep::make_windows<float>(frame, m.scaler, window_options, train_rows);
  if (train_windows.empty()) {
    throw InvalidInput(fmt::format(
        "{}: the training data has {} rows after the feature warm-up; one window needs at least {} (window "
        "{} + "
        "horizon {})",
        where, train_rows.size(), m.options.window + m.options.horizon, m.options.window, m.options.horizon));
  }
  prep::WindowDataset<float> valid_windows;
  if (!valid_rows.empty())
    valid_windows = prep::make_windows<float>(frame, m.scaler, window_options, valid_rows);
  if (capabilities().needs_validation && valid_windows.empty()) {
    throw InvalidInput(fmt::format("{}: the validation data ({} rows) is shorter than the horizon {}", where,
                                   valid_rows.size(), m.options.horizon));
  }

  m.feature_names = frame.feature_names;
  train::seed_everything(m.options.training.seed, m.options.training.threads);
  m.build_net(static_cast<std::int64_t>(frame.feature_names.size()));
  const train::Trainer trainer(m.options.training, m.progress,
                               m.progress_label.empty() ? m.kind() : m.progress_label);
  m.history = trainer.fit(*m.net, m.forward(), to_tensors(train_windows), to_tensors(valid_windows));
  m.net->eval();
}

Forecast RecurrentForecaster::predict(const PriceSeries& history, int horizon) const {
  if (history.empty()) throw InvalidInput(fmt::format("{}::predict: the history is empty", kind()));
  const std::size_t origin = history.size() - 1;
  return predict_from(history, std::span<const std::size_t>(&origin, 1), horizon).front();
}

std::vector<Forecast> RecurrentForecaster::predict_from(const PriceSeries& series,
                                                        std::span<const std::size_t> origins,
                                                        int horizon) const {
  const Impl& m = *impl_;
  const std::string where = fmt::format("{}::predict", m.kind());
  if (m.net.is_empty()) throw NotFitted(fmt::format("{}: the model has not been trained or loaded", where));
  if (horizon < 1 || horizon > m.options.horizon) {
    throw InvalidInput(
        fmt::format("{}: horizon {} is outside [1, {}], the horizon this model was trained for "
                    "(train with --horizon {} to forecast further)",
                    where, horizon, m.options.horizon, std::max(horizon, 1)));
  }
  if (origins.empty()) return {};
  const prep::FeatureFrame frame = m.features_of(series, where);
  const std::size_t needed = frame.first_row + static_cast<std::size_t>(m.options.window) - 1;
  std::vector<std::size_t> rows;
  rows.reserve(origins.size());
  for (const std::size_t origin : origins) {
    if (origin >= series.size()) {
      throw InvalidInput(
          fmt::format("{}: origin {} is beyond the data's {} rows", where, origin, series.size()));
    }
    if (origin < needed) {
      throw InvalidInput(fmt::format(
          "{}: forecasting after {} needs {} rows of history (window {}{}), only {} given", where,
          stockcast::to_string(series.date(origin)), needed + 1, m.options.window,
          frame.first_row > 0 ? fmt::format(" + feature warm-up {}", frame.first_row) : "", origin + 1));
    }
    rows.push_back(origin - frame.first_row);
  }
  const auto windows =
      prep::build_windows<float>(frame, m.scaler, m.window_options(), rows, /*with_targets=*/false);
  const at::Tensor outputs =
      train::predict_batched(*m.net.ptr(), m.forward(), inputs_tensor(windows)).to(at::kDouble);
  const auto accessor = outputs.accessor<double, 2>();
  std::vector<Forecast> forecasts;
  forecasts.reserve(origins.size());
  for (std::size_t i = 0; i < origins.size(); ++i) {
    Forecast forecast;
    forecast.dates = forecast_dates(series.date(origins[i]), horizon);
    for (int k = 0; k < horizon; ++k) {
      const double price = windows.to_price(i, accessor[static_cast<std::int64_t>(i)][k]);
      if (!std::isfinite(price)) {
        throw NumericalError(fmt::format("{}: the network produced a non-finite forecast after {}", where,
                                         stockcast::to_string(series.date(origins[i]))));
      }
      forecast.mean.push_back(price);
    }
    forecasts.push_back(std::move(forecast));
  }
  return forecasts;
}

ModelState RecurrentForecaster::save_state() const {
  const Impl& m = *impl_;
  if (m.net.is_empty())
    throw NotFitted(fmt::format("{}::save_state: the model has not been trained", m.kind()));
  ModelState state;
  state.config = {{"format", kStateFormat},
                  {"kind", m.kind()},
                  {"options", to_json(m.options)},
                  {"scaler", m.scaler.to_json()},
                  {"feature_names", m.feature_names},
                  {"input_size", m.shape.inputs},
                  {"parameter_count", count_parameters(*m.net.ptr())},
                  {"history", train::to_json(m.history)}};
  state.blob = serialize_weights(*m.net.ptr());
  return state;
}

void RecurrentForecaster::load_state(const ModelState& state) {
  const std::string where = fmt::format("{} model state", kind());
  const auto& config = state.config;
  if (!config.is_object()) throw FormatError(fmt::format("{}: the configuration is not an object", where));
  const auto format = json_get<std::string>(config, "format", where);
  if (format != kStateFormat) {
    throw FormatError(
        fmt::format("{}: unsupported state format '{}' (expected '{}')", where, format, kStateFormat));
  }
  const auto state_kind = json_get<std::string>(config, "kind", where);
  if (state_kind != kind()) {
    throw FormatError(fmt::format("{}: the state is of kind '{}', not '{}'", where, state_kind, kind()));
  }
  auto loaded = std::make_unique<Impl>();
  loaded->progress = impl_->progress;
  loaded->progress_label = impl_->progress_label;
  RecurrentOptions base;
  base.cell = impl_->options.cell;
  try {
    loaded->options = recurrent_options_from_json(config.at("options"), base, where);
    loaded->scaler = prep::Scaler::from_json(config.at("scaler"));
  } catch (const InvalidInput& error) {
    throw FormatError(fmt::format("{}: invalid options: {}", where, error.what()));
  } catch (const nlohmann::json::exception& error) {
    throw FormatError(fmt::format("{}: field 'options' or 'scaler' is missing ({})", where, error.what()));
  }
  loaded->feature_names = json_get<std::vector<std::string>>(config, "feature_names", where);
  const auto input_size = json_get<std::int64_t>(config, "input_size", where);
  if (input_size != static_cast<std::int64_t>(loaded->options.features.features.size()) ||
      loaded->feature_names.size() != loaded->options.features.features.size()) {
    throw FormatError(fmt::format(
        "{}: input size {} and {} feature names disagree with the {} features of the options", where,
        input_size, loaded->feature_names.size(), loaded->options.features.features.size()));
  }
  if (config.contains("history"))
    loaded->history = train::training_history_from_json(config.at("history"), where);
  loaded->build_net(input_size);
  deserialize_weights(*loaded->net, state.blob, where);
  loaded->net->eval();
  impl_ = std::move(loaded);
}

const RecurrentOptions& RecurrentForecaster::options() const noexcept { return impl_->options; }
const train::TrainingHistory& RecurrentForecaster::history() const noexcept { return impl_->history; }
std::int64_t RecurrentForecaster::parameter_count() const {
  return impl_->net.is_empty() ? 0 : count_parameters(*impl_->net.ptr());
}
void RecurrentForecaster::set_progress(ProgressReporter* progress, std::string label) {
  impl_->progress = progress;
  impl_->progress_label = std::move(label);
}

namespace {

std::unique_ptr<Forecaster> make_recurrent(RecurrentCell cell, const nlohmann::json& options) {
  RecurrentOptions base;
  base.cell = cell;
  const nlohmann::json object = options.is_null() ? nlohmann::json::object() : options;
  return std::make_unique<RecurrentForecaster>(
      recurrent_options_from_json(object, base, fmt::format("model '{}'", to_string(cell))));
}

}  // namespace

std::unique_ptr<Forecaster> make_rnn(const nlohmann::json& options) {
  return make_recurrent(RecurrentCell::kRnn, options);
}
std::unique_ptr<Forecaster> make_lstm(const nlohmann::json& options) {
  return make_recurrent(RecurrentCell::kLstm, options);
}
std::unique_ptr<Forecaster> make_gru(const nlohmann::json& options) {
  return make_recurrent(RecurrentCell::kGru, options);
}

nlohmann::json recurrent_quick_options() {
  return {{"units", 8}, {"window", 10}, {"horizon", 5}, {"epochs", 3}, {"lr", 0.01}, {"normalize", "window"}};
}

}  // namespace stockcast::models::nn
