#include "stockcast/prep/split.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "stockcast/core/error.hpp"

namespace stockcast::prep {

using stockcast::to_string;

namespace {

constexpr double kSumTolerance = 1e-9;

std::size_t floor_share(std::size_t n_rows, double fraction) {
  // A tiny epsilon keeps 0.7 * 100 from rounding down to 69 through binary representation.
  return static_cast<std::size_t>(std::floor(static_cast<double>(n_rows) * fraction + 1e-9));
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

}  // namespace

void SplitFractions::validate(std::string_view where) const {
  if (!std::isfinite(train) || !std::isfinite(valid) || !std::isfinite(test)) {
    throw InvalidInput(fmt::format("{}: split fractions must be finite numbers", where));
  }
  if (train <= 0) throw InvalidInput(fmt::format("{}: the train fraction must be > 0, got {}", where, train));
  if (valid < 0) throw InvalidInput(fmt::format("{}: the valid fraction must be >= 0, got {}", where, valid));
  if (test <= 0) throw InvalidInput(fmt::format("{}: the test fraction must be > 0, got {}", where, test));
  const double sum = train + valid + test;
  if (std::abs(sum - 1.0) > kSumTolerance) {
    throw InvalidInput(fmt::format("{}: split fractions {},{},{} must sum to 1 (they sum to {})", where,
                                   train, valid, test, sum));
  }
}

SplitFractions parse_split_fractions(std::string_view text, std::string_view where) {
  std::vector<double> parts;
  std::size_t start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    const std::string piece =
        trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    double value = 0;
    const auto [ptr, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (piece.empty() || ec != std::errc{} || ptr != piece.data() + piece.size()) {
      throw InvalidInput(
          fmt::format("{}: '{}' is not a number in '{}' (expected train,valid,test such as "
                      "0.7,0.15,0.15, or train,test such as 0.8,0.2)",
                      where, piece, text));
    }
    parts.push_back(value);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  SplitFractions fractions;
  if (parts.size() == 3) {
    fractions = {parts[0], parts[1], parts[2]};
  } else if (parts.size() == 2) {
    fractions = {parts[0], 0.0, parts[1]};
  } else {
    throw InvalidInput(
        fmt::format("{}: '{}' has {} fractions; expected 3 (train,valid,test) or 2 (train,test)", where, text,
                    parts.size()));
  }
  fractions.validate(where);
  return fractions;
}

Split split_by_fractions(std::size_t n_rows, const SplitFractions& fractions) {
  fractions.validate("split_by_fractions");
  const std::size_t n_train = floor_share(n_rows, fractions.train);
  const std::size_t n_valid = floor_share(n_rows, fractions.valid);
  if (n_train == 0 || n_train + n_valid >= n_rows || (fractions.valid > 0 && n_valid == 0)) {
    throw InvalidInput(
        fmt::format("split_by_fractions: {} rows are too few for the split {},{},{} (a part "
                    "would be empty)",
                    n_rows, fractions.train, fractions.valid, fractions.test));
  }
  Split split;
  split.train = {0, n_train};
  split.valid = {n_train, n_train + n_valid};
  split.test = {n_train + n_valid, n_rows};
  return split;
}

Split split_by_dates(const PriceSeries& series, Date valid_start, Date test_start) {
  if (test_start < valid_start) {
    throw InvalidInput(fmt::format("split_by_dates: the validation start {} is after the test start {}",
                                   to_string(valid_start), to_string(test_start)));
  }
  const std::size_t valid_begin = series.lower_bound(valid_start);
  const std::size_t test_begin = series.lower_bound(test_start);
  if (valid_begin == 0) {
    throw InvalidInput(fmt::format("split_by_dates: no training rows before {} (the series starts {})",
                                   to_string(valid_start),
                                   series.empty() ? std::string("nowhere") : to_string(series.first_date())));
  }
  if (test_begin >= series.size()) {
    throw InvalidInput(fmt::format("split_by_dates: no test rows on or after {} (the series ends {})",
                                   to_string(test_start), to_string(series.last_date())));
  }
  Split split;
  split.train = {0, valid_begin};
  split.valid = {valid_begin, test_begin};
  split.test = {test_begin, series.size()};
  return split;
}

namespace {

bool fits(const Split& split, std::size_t window, std::size_t horizon) {
  return split.train.size() >= window + horizon && (split.valid.empty() || split.valid.size() >= horizon) &&
         split.test.size() >= horizon;
}

void check_window_shape(int window, int horizon, std::string_view where) {
  if (window < 1) throw InvalidInput(fmt::format("{}: the window must be >= 1, got {}", where, window));
  if (horizon < 1) throw InvalidInput(fmt::format("{}: the horizon must be >= 1, got {}", where, horizon));
}

}  // namespace

std::size_t minimum_rows(const SplitFractions& fractions, int window, int horizon) {
  fractions.validate("minimum_rows");
  check_window_shape(window, horizon, "minimum_rows");
  const auto w = static_cast<std::size_t>(window);
  const auto h = static_cast<std::size_t>(horizon);
  // The train part alone needs (w + h) / train rows; start just below and step up: floor() makes the
  // condition non-monotone only within a few rows of the bound.
  auto n = static_cast<std::size_t>(static_cast<double>(w + h) / fractions.train);
  n = n > 2 ? n - 2 : 1;
  for (;; ++n) {
    const std::size_t n_train = floor_share(n, fractions.train);
    const std::size_t n_valid = floor_share(n, fractions.valid);
    if (n_train + n_valid >= n) continue;
    if (fractions.valid > 0 && n_valid == 0) continue;
    const Split split{{0, n_train}, {n_train, n_train + n_valid}, {n_train + n_valid, n}};
    if (fits(split, w, h)) return n;
  }
}

void check_split_fits(const Split& split, const SplitFractions& fractions, int window, int horizon,
                      std::size_t extra_rows, std::string_view where) {
  check_window_shape(window, horizon, where);
  if (fits(split, static_cast<std::size_t>(window), static_cast<std::size_t>(horizon))) return;
  const std::size_t n_rows = split.test.end;
  throw InvalidInput(fmt::format(
      "{}: {} rows are too few for split {},{},{} with window {} and horizon {}: at least {} rows are "
      "needed{}",
      where, n_rows + extra_rows, fractions.train, fractions.valid, fractions.test, window, horizon,
      minimum_rows(fractions, window, horizon) + extra_rows,
      extra_rows > 0 ? fmt::format(" (including {} warm-up rows of the derived features)", extra_rows) : ""));
}

void check_split_fits(const Split& split, int window, int horizon, std::string_view where) {
  check_window_shape(window, horizon, where);
  const auto w = static_cast<std::size_t>(window);
  const auto h = static_cast<std::size_t>(horizon);
  if (split.train.size() < w + h) {
    throw InvalidInput(
        fmt::format("{}: the training part has {} rows; window {} and horizon {} need at least {}", where,
                    split.train.size(), window, horizon, w + h));
  }
  if (!split.valid.empty() && split.valid.size() < h) {
    throw InvalidInput(fmt::format("{}: the validation part has {} rows; horizon {} needs at least {}", where,
                                   split.valid.size(), horizon, h));
  }
  if (split.test.size() < h) {
    throw InvalidInput(fmt::format("{}: the test part has {} rows; horizon {} needs at least {}", where,
                                   split.test.size(), horizon, h));
  }
}

}  // namespace stockcast::prep
