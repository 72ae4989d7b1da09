#include "stockcast/prep/folds.hpp"

#include <fmt/format.h>

#include "stockcast/core/error.hpp"

namespace stockcast::prep {

namespace {

void check_lengths(std::string_view where, RowRange rows, std::size_t train, std::size_t valid) {
  if (train == 0) throw InvalidInput(fmt::format("{}: the training length must be >= 1", where));
  if (valid == 0) throw InvalidInput(fmt::format("{}: the validation length must be >= 1", where));
  if (rows.size() < train + valid) {
    throw InvalidInput(
        fmt::format("{}: {} rows are too few for one fold: the training length {} plus the "
                    "validation length {} need at least {} rows",
                    where, rows.size(), train, valid, train + valid));
  }
}

std::vector<Fold> keep_last(std::vector<Fold> folds, std::size_t max_folds) {
  if (max_folds == 0 || folds.size() <= max_folds) return folds;
  return {folds.end() - static_cast<std::ptrdiff_t>(max_folds), folds.end()};
}

}  // namespace

std::vector<Fold> rolling_folds(RowRange rows, const RollingFoldOptions& options) {
  check_lengths("rolling_folds", rows, options.train_length, options.valid_length);
  const std::size_t stride = options.stride == 0 ? options.valid_length : options.stride;
  std::vector<Fold> folds;
  for (std::size_t start = rows.begin; start + options.train_length + options.valid_length <= rows.end;
       start += stride) {
    const std::size_t split = start + options.train_length;
    folds.push_back({{start, split}, {split, split + options.valid_length}});
  }
  return keep_last(std::move(folds), options.max_folds);
}

std::vector<Fold> expanding_folds(RowRange rows, const ExpandingFoldOptions& options) {
  check_lengths("expanding_folds", rows, options.initial_train_length, options.valid_length);
  const std::size_t stride = options.stride == 0 ? options.valid_length : options.stride;
  std::vector<Fold> folds;
  for (std::size_t split = rows.begin + options.initial_train_length;
       split + options.valid_length <= rows.end; split += stride) {
    folds.push_back({{rows.begin, split}, {split, split + options.valid_length}});
  }
  return keep_last(std::move(folds), options.max_folds);
}

}  // namespace stockcast::prep
