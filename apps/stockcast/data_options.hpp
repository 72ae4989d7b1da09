#pragma once
/// \file
/// The command-line flags every data-reading subcommand shares (info, train, compare, fit, ...):
/// `--on-duplicate error|keep-last|keep-first` and `--fill ffill|drop|mean`.
///
///     DataCliOptions data;
///     add_data_options(*cmd, data);
///     ... data::read_prices(path, to_read_options(data));

#include "stockcast/data/read_options.hpp"

namespace CLI {
class App;
}

namespace stockcast::cli {

/// Values of the shared data flags, already typed (CLI11 rejects unknown names with exit code 2).
struct DataCliOptions {
  /// --on-duplicate: what to do with two rows on the same date.
  data::DuplicatePolicy on_duplicate = data::DuplicatePolicy::kError;
  /// --fill: how missing cells and non-positive prices are replaced.
  data::FillPolicy fill = data::FillPolicy::kForwardFill;
};

/// Adds --on-duplicate and --fill (in the option group "Data cleaning") to `command`, writing into
/// `options`, which must outlive the parse.
void add_data_options(CLI::App& command, DataCliOptions& options);

/// The library's ReadOptions for these flags.
data::ReadOptions to_read_options(const DataCliOptions& options);

/// Help text listing the price-file formats stockcast detects, for subcommand descriptions.
const char* formats_help();

}  // namespace stockcast::cli
