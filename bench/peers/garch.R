# GARCH(1,1) fit times of R's fGarch (normal and Student-t) and tseries on the bundled series, the
# peers of bench/bench_garch (BM_GarchFit). Prints one line per series and package: the medians of
# `reps` timed batches of fits (after one warm-up) in wall-clock and CPU (user + system) seconds, as Google
# Benchmark reports Time and CPU, then the fitted log-likelihood and coefficients.
#
#   Rscript bench/peers/garch.R [reps]          (from the repository root; R with fGarch, tseries)
suppressMessages({
  library(fGarch)
  library(tseries)
})
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) >= 1) as.integer(args[1]) else 5L

read_close <- function(path, date_format, sep = ",") {
  d <- read.csv(path, sep = sep, check.names = FALSE, fileEncoding = "UTF-8")
  names(d)[1] <- "Date"
  close_col <- grep("^(Close|收盘)$", names(d))[1]
  close <- as.numeric(gsub(",", "", d[[close_col]]))
  dates <- as.Date(d$Date, date_format)
  close[order(dates)]
}

series <- list(
  GOOG = read_close("data/kaggle_stock_market_data/GOOG.csv", "%d-%m-%Y"),
  AAPL = read_close("data/investing_com_cn/AAPL\u5386\u53f2\u6570\u636e.csv", "%Y-%m-%d"),
  IBM = read_close("data/kaggle_huge_stock_market/ibm.us.txt", "%Y-%m-%d")
)

# Median over `reps` batches of the seconds per fit; a batch repeats the fit until it lasts about
# 0.2 s, so that the clocks' resolution (1-10 ms for CPU time) does not matter.
time_median <- function(f) {
  first <- system.time(f())[["elapsed"]]  # warm-up
  inner <- max(1L, as.integer(ceiling(0.2 / max(first, 1e-4))))
  wall <- numeric(reps)
  cpu <- numeric(reps)
  for (i in seq_len(reps)) {
    t <- system.time(for (k in seq_len(inner)) f())
    wall[i] <- t[["elapsed"]] / inner
    cpu[i] <- (t[["user.self"]] + t[["sys.self"]]) / inner
  }
  c(wall = median(wall), cpu = median(cpu))
}

for (name in names(series)) {
  r <- 100 * diff(log(series[[name]]))
  fits <- list(
    fGarch_norm = function() garchFit(~ garch(1, 1), data = r, trace = FALSE),
    fGarch_std = function() garchFit(~ garch(1, 1), data = r, cond.dist = "std", trace = FALSE),
    tseries = function() garch(r, order = c(1, 1), trace = FALSE)
  )
  for (package in names(fits)) {
    seconds <- time_median(fits[[package]])
    fit <- fits[[package]]()
    ll <- if (package == "tseries") as.numeric(logLik(fit)) else -fit@fit$llh
    coefs <- paste(sprintf("%s=%.6g", names(coef(fit)), coef(fit)), collapse = " ")
    cat(sprintf("%-5s %-12s n=%5d  median wall %.4f s  cpu %.4f s over %d batches  loglik %.6f  %s\n", name,
                package, length(r), seconds[["wall"]], seconds[["cpu"]], reps, ll, coefs))
  }
}
