// Whole-run benchmark: seconds per epoch of paper A's optimised LSTM (50 units, dropout 0.2, batch
// 32, window 30, OHLCV, Adam 1e-3) on the bundled GOOG file, through stockcast's own forecaster and
// Trainer. bench/peers/lstm_torch.py is the same run in PyTorch from Python (the floor to beat);
// docs/neural-models.md quotes both.
//
//   build/bench/bench_lstm [--epochs 5] [--threads 1] [--data FILE]
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "stockcast/data/read_prices.hpp"
#include "stockcast/models/nn/recurrent.hpp"
#include "stockcast/prep/split.hpp"

int main(int argc, char** argv) {
  std::string data = std::string(STOCKCAST_SOURCE_DIR) + "/data/kaggle_stock_market_data/GOOG.csv";
  int epochs = 5;
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--epochs") {
      epochs = std::atoi(argv[i + 1]);
    } else if (flag == "--threads") {
      threads = std::atoi(argv[i + 1]);
    } else if (flag == "--data") {
      data = argv[i + 1];
    } else {
      fmt::print(stderr, "usage: bench_lstm [--epochs N] [--threads T] [--data FILE]\n");
      return 2;
    }
  }
  using namespace stockcast;
  const PriceSeries series = data::read_prices(data).series;
  const prep::Split split = prep::split_by_fractions(series.size(), prep::SplitFractions{});

  models::nn::RecurrentOptions options;  // defaults: LSTM, 50 units, window 30, OHLCV, Adam 1e-3, batch 32
  options.dropout = 0.2;
  options.training.epochs = epochs;
  options.training.threads = threads;
  models::nn::RecurrentForecaster model(options);
  // CPU time as well as wall time: on a shared machine it is the steadier of the two.
  const std::clock_t cpu_start = std::clock();
  model.fit(series.slice(split.train.begin, split.train.end),
            series.slice(split.valid.begin, split.valid.end));

  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::vector<double> seconds;
  for (const auto& e : model.history().epochs) seconds.push_back(e.seconds);
  std::vector<double> sorted = seconds;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.size() % 2 == 1
                            ? sorted[sorted.size() / 2]
                            : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
  const nlohmann::ordered_json out = {{"framework", "stockcast (LibTorch C++)"},
                                      {"model", model.describe()},
                                      {"threads", threads},
                                      {"epochs", epochs},
                                      {"batch", options.training.batch_size},
                                      {"seconds_per_epoch", seconds},
                                      {"median_seconds_per_epoch", median},
                                      {"cpu_seconds_per_epoch", cpu_seconds / epochs},
                                      {"final_val_loss", *model.history().epochs.back().val_loss}};
  fmt::print("{}\n", out.dump(2));
  return 0;
}
