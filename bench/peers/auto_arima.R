# R's side of bench/bench_stat: forecast::auto.arima (stepwise with its default approximation for
# long series, and exhaustive) and Arima(1,1,1) (CSS-ML, R's default) fit times on the bundled
# series, on this machine. Prints per series the median over `reps` batches of the seconds per call
# in wall-clock and CPU (user + system) time and the chosen model.
#
#   Rscript bench/peers/auto_arima.R [reps]      (from the repository root; R with forecast)
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args) >= 1) as.integer(args[1]) else 5L

read_close <- function(path, date_format) {
  d <- read.csv(path, check.names = FALSE, fileEncoding = "UTF-8-BOM")
  names(d)[1] <- "Date"
  close_col <- grep("^(Close|\u6536\u76d8)$", names(d))[1]
  close <- as.numeric(gsub(",", "", d[[close_col]]))
  dates <- as.Date(d$Date, date_format)
  keep <- !is.na(close)
  close[keep][order(dates[keep])]
}

series <- list(
  GOOG = read_close("data/kaggle_stock_market_data/GOOG.csv", "%d-%m-%Y"),
  AAPL = read_close("data/investing_com_cn/AAPL\u5386\u53f2\u6570\u636e.csv", "%Y-%m-%d"),
  IBM = read_close("data/kaggle_huge_stock_market/ibm.us.txt", "%Y-%m-%d")
)

time_median <- function(f) {
  first <- system.time(f())[["elapsed"]]
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
  y <- series[[name]]
  calls <- list(
    `auto.arima stepwise` = function() auto.arima(y),
    `auto.arima exhaustive` = function() auto.arima(y, stepwise = FALSE, approximation = FALSE),
    `Arima(1,1,1)` = function() Arima(y, order = c(1, 1, 1))
  )
  for (label in names(calls)) {
    seconds <- time_median(calls[[label]])
    fit <- calls[[label]]()
    cat(sprintf("%-5s %-22s n=%5d  median wall %.4f s  cpu %.4f s over %d batches  %s  aicc %.4f\n", name, label,
                length(y), seconds[["wall"]], seconds[["cpu"]], reps, arimaorder(fit) |> paste(collapse = ","),
                fit$aicc))
  }
}
