"""statsmodels' side of bench/bench_stat: AutoReg(5) and ARIMA(1,1,1) / (2,1,0) fit times on the
bundled GOOG, AAPL and IBM series, on this machine.

    /usr/bin/python3 bench/peers/arima.py [reps]      (from the repository root; statsmodels 0.13)

Prints, per series and model, the median over `reps` batches of the seconds per fit in wall-clock
and CPU (process) time, as Google Benchmark reports Time and CPU, and the fitted log-likelihood.
Single-threaded BLAS (OMP/OPENBLAS_NUM_THREADS=1), as the reference file's timings.
"""
import csv
import datetime
import os
import statistics
import sys
import time
import warnings

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from statsmodels.tsa.ar_model import AutoReg  # noqa: E402
from statsmodels.tsa.arima.model import ARIMA  # noqa: E402

warnings.simplefilter("ignore")


def read_close(path, date_format, date_column, close_column, delimiter=","):
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f, delimiter=delimiter):
            value = r[close_column].replace(",", "")
            if value in ("", "null", "NaN"):
                continue
            rows.append((datetime.datetime.strptime(r[date_column], date_format), float(value)))
    rows.sort()
    return np.array([c for _, c in rows])


SERIES = {
    "GOOG": read_close("data/kaggle_stock_market_data/GOOG.csv", "%d-%m-%Y", "Date", "Close"),
    "AAPL": read_close("data/investing_com_cn/AAPL\u5386\u53f2\u6570\u636e.csv", "%Y-%m-%d", "\u65e5\u671f",
                       "\u6536\u76d8"),
    "IBM": read_close("data/kaggle_huge_stock_market/ibm.us.txt", "%Y-%m-%d", "Date", "Close"),
}


def time_median(fit, reps):
    fit()  # warm-up
    start = time.perf_counter()
    fit()
    once = time.perf_counter() - start
    inner = max(1, int(np.ceil(0.2 / max(once, 1e-4))))
    wall, cpu = [], []
    for _ in range(reps):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(inner):
            result = fit()
        wall.append((time.perf_counter() - w0) / inner)
        cpu.append((time.process_time() - c0) / inner)
    return statistics.median(wall), statistics.median(cpu), result


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    for name, y in SERIES.items():
        fits = {
            "AutoReg(5)": lambda: AutoReg(y, lags=5, trend="c").fit(),
            "ARIMA(1,1,1)": lambda: ARIMA(y, order=(1, 1, 1), trend="n").fit(),
            "ARIMA(2,1,0)": lambda: ARIMA(y, order=(2, 1, 0), trend="n").fit(),
        }
        for label, fit in fits.items():
            wall, cpu, result = time_median(fit, reps)
            print(f"{name:5s} {label:13s} n={len(y):5d}  median wall {wall:.5f} s  cpu {cpu:.5f} s over {reps} "
                  f"batches  loglik {result.llf:.6f}", flush=True)


if __name__ == "__main__":
    main()
