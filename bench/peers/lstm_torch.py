#!/usr/bin/python3
"""PyTorch-from-Python peer of bench_lstm: paper A's optimised LSTM on the bundled GOOG file.

Same data, same preparation and the same architecture and training loop as stockcast's LSTM
forecaster, so seconds per epoch can be compared on one machine (same LibTorch 1.13 backend from
Debian's python3-torch; run with /usr/bin/python3 after `scripts/install-deps --peers`):

  OHLCV of data/kaggle_stock_market_data/GOOG.csv, chronological split 70/15/15 (floor), min-max
  scaling fitted on the training rows, windows of 30 days -> next close, LSTM(5 -> 50) -> final
  hidden state -> Dropout(0.2) -> Linear(50 -> 1), Adam(lr 1e-3), MSE, batch 32, shuffled windows,
  validation loss after every epoch.

Prints one JSON object like bench_lstm --json.
"""
import argparse
import csv
import json
import statistics
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[2]


def read_goog(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            day, month, year = r["Date"].split("-")
            rows.append((f"{year}-{month}-{day}", float(r["Open"]), float(r["High"]), float(r["Low"]),
                         float(r["Close"]), float(r["Volume"])))
    rows.sort()
    return np.array([r[1:] for r in rows], dtype=np.float64)  # open, high, low, close, volume


def windows(scaled, begin, end, window):
    """Windows whose target row lies in [begin, end); the lookback may reach before begin."""
    origins = range(max(begin - 1, window - 1), end - 1)
    x = np.stack([scaled[o - window + 1:o + 1] for o in origins]).astype(np.float32)
    y = np.array([[scaled[o + 1, 3]] for o in origins], dtype=np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


class Lstm(torch.nn.Module):
    def __init__(self, inputs, units, dropout):
        super().__init__()
        self.recurrent = torch.nn.LSTM(inputs, units, batch_first=True)
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(units, 1)

    def forward(self, x):
        _, (h, _) = self.recurrent(x)
        return self.head(self.dropout(h[-1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT / "data/kaggle_stock_market_data/GOOG.csv"))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--window", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    prices = read_goog(args.data)
    n = len(prices)
    n_train, n_valid = int(n * 0.7), int(n * 0.15)
    lo, hi = prices[:n_train].min(axis=0), prices[:n_train].max(axis=0)
    scaled = (prices - lo) / np.where(hi > lo, hi - lo, 1.0)
    x_train, y_train = windows(scaled, 0, n_train, args.window)
    x_valid, y_valid = windows(scaled, n_train, n_train + n_valid, args.window)

    model = Lstm(5, args.units, 0.2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    generator = torch.Generator().manual_seed(args.seed)
    seconds, losses = [], []
    cpu_start = time.process_time()  # CPU time too: on a shared machine it is the steadier figure
    for _ in range(args.epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(len(x_train), generator=generator)
        for b in range(0, len(order), args.batch):
            index = order[b:b + args.batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x_train[index]), y_train[index])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            val_loss = float(torch.cat([model(x_valid[b:b + 1024]) for b in range(0, len(x_valid), 1024)])
                             .sub(y_valid).pow(2).mean())
        seconds.append(time.perf_counter() - start)
        losses.append(val_loss)
    cpu_seconds = time.process_time() - cpu_start

    print(json.dumps({
        "framework": f"pytorch {torch.__version__} (python)",
        "model": f"LSTM({args.units} units, dropout 0.2, window {args.window}, 5 features)",
        "threads": args.threads,
        "epochs": args.epochs,
        "batch": args.batch,
        "train_windows": len(x_train),
        "valid_windows": len(x_valid),
        "seconds_per_epoch": seconds,
        "median_seconds_per_epoch": statistics.median(seconds),
        "cpu_seconds_per_epoch": cpu_seconds / args.epochs,
        "final_val_loss": losses[-1],
    }, indent=2))


if __name__ == "__main__":
    main()
