#pragma once
/// \file
/// Folds for time-series cross-validation, as row ranges. Validation rows always come after the
/// training rows of their fold.
///
/// rolling:   [train 200][val 10]                 expanding: [train 200][val 10]
///                      [train 200][val 10]                  [train 210     ][val 10]
///                                [train 200][val 10]        [train 220          ][val 10]

#include <cstddef>
#include <vector>

#include "stockcast/prep/split.hpp"

namespace stockcast::prep {

/// One cross-validation fold: fit on `train`, evaluate on `valid` (which starts at train.end).
struct Fold {
  RowRange train;  ///< rows a model is fitted on
  RowRange valid;  ///< rows it is evaluated on, immediately after train
};

/// Rolling-window folds: a fixed-length training window that slides forward.
struct RollingFoldOptions {
  std::size_t train_length = 200;  ///< rows in every training window, >= 1
  std::size_t valid_length = 10;   ///< rows in every validation window, >= 1
  std::size_t stride = 0;          ///< rows between fold starts; 0 = valid_length (no overlap)
  std::size_t max_folds = 0;       ///< keep only the LAST max_folds folds; 0 = all
};

/// Expanding-window folds: the training window starts at the first row and grows.
struct ExpandingFoldOptions {
  std::size_t initial_train_length = 200;  ///< rows in the first training window, >= 1
  std::size_t valid_length = 10;           ///< rows in every validation window, >= 1
  std::size_t stride = 0;                  ///< growth between folds; 0 = valid_length
  std::size_t max_folds = 0;               ///< keep only the LAST max_folds folds; 0 = all
};

/// Rolling folds within `rows` (e.g. the train+valid part, so the test part stays untouched).
/// Fold k: train = [b + k*stride, b + k*stride + train_length), valid = the next valid_length rows;
/// as many folds as fit. Throws InvalidInput when a length is 0 or `rows` has fewer than
/// train_length + valid_length rows (naming both numbers).
std::vector<Fold> rolling_folds(RowRange rows, const RollingFoldOptions& options);

/// Expanding folds within `rows`: train = [b, b + initial + k*stride), valid = the next
/// valid_length rows. Same errors as rolling_folds().
std::vector<Fold> expanding_folds(RowRange rows, const ExpandingFoldOptions& options);

}  // namespace stockcast::prep
