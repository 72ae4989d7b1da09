#include "stockcast/models/registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "stockcast/core/error.hpp"
#include "stockcast/models/baseline/drift.hpp"
#include "stockcast/models/baseline/moving_average.hpp"
#include "stockcast/models/baseline/naive.hpp"
#include "stockcast/models/stat/forecasters.hpp"
#if STOCKCAST_HAS_NN
// Neural models (stockcast_nn). Their headers are free of LibTorch; when they are built this file
// is compiled into stockcast_nn (src/nn/CMakeLists.txt), otherwise into stockcast_core.
#include "stockcast/models/nn/recurrent.hpp"
#endif

namespace stockcast::models {

// The one table of forecasting models. Add a row per model: {name, description, factory,
// quick options}. The name must equal the model's Forecaster::kind().
const std::vector<ModelEntry>& model_registry() {
  static const std::vector<ModelEntry> kRegistry = {
    {"naive", "naive forecast: tomorrow = today (the yardstick beside every model)", make_naive},
    {"drift", "random walk with drift estimated on the training data, with prediction intervals", make_drift},
    {"moving_average", "mean of the last `window` closes (option window, default 5)", make_moving_average},
    {"ar", "AR(p) by OLS as statsmodels' AutoReg (options lags, select, trend, transform)", stat::make_ar},
    {"arima", "ARIMA by exact ML; orders by auto-ARIMA unless option order = [p, d, q]", stat::make_arima},
    {"auto_arima", "auto-ARIMA: Hyndman-Khandakar stepwise order search (R's auto.arima)",
     stat::make_auto_arima},
    {"garch", "GARCH(p,q) / GJR (option o) on percent log returns, compounded to price intervals",
     stat::make_garch},
#if STOCKCAST_HAS_NN
    {"rnn", "Elman RNN (tanh) on windows of past days, dense head to the horizon (LibTorch)", nn::make_rnn,
     nn::recurrent_quick_options()},
    {"lstm", "LSTM on windows of past days, dense head to the horizon (LibTorch)", nn::make_lstm,
     nn::recurrent_quick_options()},
    {"gru", "GRU on windows of past days, dense head to the horizon (LibTorch)", nn::make_gru,
     nn::recurrent_quick_options()},
#endif
  };
  return kRegistry;
}

const ModelEntry* find_model(std::string_view name) {
  for (const auto& entry : model_registry()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& entry : model_registry()) names.push_back(entry.name);
  return names;
}

std::unique_ptr<Forecaster> make_forecaster(std::string_view name, const nlohmann::json& options) {
  const ModelEntry* entry = find_model(name);
  if (entry == nullptr) {
    throw InvalidInput(
        fmt::format("unknown model '{}'; valid models: {}", name, fmt::join(model_names(), ", ")));
  }
  return entry->factory(options);
}

}  // namespace stockcast::models
