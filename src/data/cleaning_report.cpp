#include "stockcast/data/cleaning_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "stockcast/core/error.hpp"

namespace stockcast::data {

std::string_view to_string(DuplicatePolicy policy) noexcept {
  switch (policy) {
    case DuplicatePolicy::kError:
      return "error";
    case DuplicatePolicy::kKeepLast:
      return "keep-last";
    case DuplicatePolicy::kKeepFirst:
      return "keep-first";
  }
  return "?";
}

std::string_view to_string(FillPolicy policy) noexcept {
  switch (policy) {
    case FillPolicy::kForwardFill:
      return "ffill";
    case FillPolicy::kDrop:
      return "drop";
    case FillPolicy::kMean:
      return "mean";
  }
  return "?";
}

std::string_view to_string(RowOrder order) noexcept {
  switch (order) {
    case RowOrder::kAscending:
      return "ascending";
    case RowOrder::kDescending:
      return "descending";
    case RowOrder::kUnsorted:
      return "unsorted";
  }
  return "?";
}

void ReadOptions::validate(std::string_view where) const {
  if (max_gap_days < 1) {
    throw InvalidInput(fmt::format("{}: max_gap_days must be at least 1, got {}", where, max_gap_days));
  }
}

std::size_t CleaningReport::missing_cells() const noexcept {
  std::size_t total = 0;
  for (const auto& c : columns) total += c.missing;
  return total;
}

std::size_t CleaningReport::non_positive_cells() const noexcept {
  std::size_t total = 0;
  for (const auto& c : columns) total += c.non_positive;
  return total;
}

std::size_t CleaningReport::filled_cells() const noexcept {
  std::size_t total = 0;
  for (const auto& c : columns) total += c.filled;
  return total;
}

std::vector<CleaningStep> CleaningReport::steps() const {
  std::vector<CleaningStep> steps;
  if (blank_lines > 0) {
    steps.push_back(
        {"blank_lines", blank_lines, fmt::format("{} blank lines between rows skipped", blank_lines)});
  }
  switch (order) {
    case RowOrder::kAscending:
      steps.push_back({"sort", 0, "already in date order"});
      break;
    case RowOrder::kDescending:
      steps.push_back({"sort", rows_read, "file was newest first: reversed to oldest first"});
      break;
    case RowOrder::kUnsorted:
      steps.push_back({"sort", rows_out_of_order,
                       fmt::format("{} rows were earlier than the row before: sorted by date (stable)",
                                   rows_out_of_order)});
      break;
  }
  if (duplicates_removed == 0) {
    steps.push_back({"duplicates", 0, "no repeated dates"});
  } else {
    std::vector<std::string> examples;
    for (const auto& d : duplicates) {
      examples.push_back(fmt::format("{} ({} {} and {})", to_string(d.date),
                                     row_unit == "entry" ? "entries" : "lines", d.first_line, d.second_line));
    }
    steps.push_back(
        {"duplicates", duplicates_removed,
         fmt::format("{} rows removed ({}): {}{}", duplicates_removed, to_string(duplicate_policy),
                     fmt::join(examples, ", "), duplicates_removed > duplicates.size() ? ", ..." : "")});
  }
  if (!dropped_columns.empty()) {
    steps.push_back(
        {"columns", dropped_columns.size(), fmt::format("dropped {}", fmt::join(dropped_columns, ", "))});
  }
  {
    std::vector<std::string> parts;
    for (const auto& c : columns) {
      if (c.non_positive > 0) {
        parts.push_back(
            fmt::format("{} {} (first {})", c.column, c.non_positive, to_string(*c.first_non_positive)));
      }
    }
    steps.push_back({"non_positive", non_positive_cells(),
                     parts.empty() ? std::string("no price <= 0 or negative volume")
                                   : fmt::format("treated as missing: {}", fmt::join(parts, ", "))});
  }
  {
    std::vector<std::string> parts;
    for (const auto& c : columns) {
      if (c.missing > 0)
        parts.push_back(fmt::format("{} {} (first {})", c.column, c.missing, to_string(*c.first_missing)));
    }
    std::string action = parts.empty() ? std::string("no missing cells")
                                       : fmt::format("missing cells: {}", fmt::join(parts, ", "));
    const std::size_t touched = missing_cells() + non_positive_cells();
    if (touched > 0) {
      switch (fill_policy) {
        case FillPolicy::kForwardFill:
          action += fmt::format("; {} filled from the previous day (ffill)", filled_cells());
          if (rows_dropped_leading > 0) {
            action += fmt::format("; {} leading rows dropped (nothing earlier to carry forward)",
                                  rows_dropped_leading);
          }
          break;
        case FillPolicy::kDrop:
          action += fmt::format("; {} rows with a missing cell dropped (drop)", rows_dropped_missing);
          break;
        case FillPolicy::kMean:
          action += fmt::format("; {} filled with the column mean (mean)", filled_cells());
          break;
      }
    }
    steps.push_back({"missing", missing_cells(), std::move(action)});
  }
  {
    std::string action = "high >= low and low <= close <= high on every row";
    if (ohlc.high_below_low > 0 || ohlc.close_outside_range > 0) {
      std::vector<std::string> parts;
      if (ohlc.high_below_low > 0) {
        parts.push_back(fmt::format("{} rows with high < low (first {})", ohlc.high_below_low,
                                    to_string(*ohlc.first_high_below_low)));
      }
      if (ohlc.close_outside_range > 0) {
        parts.push_back(fmt::format("{} rows with close outside [low, high] (first {})",
                                    ohlc.close_outside_range, to_string(*ohlc.first_close_outside)));
      }
      action = fmt::format("warning: {}; kept unchanged", fmt::join(parts, ", "));
    }
    steps.push_back({"ohlc", ohlc.high_below_low + ohlc.close_outside_range, std::move(action)});
  }
  {
    constexpr std::size_t kShown = 5;
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < gaps.size() && i < kShown; ++i) {
      parts.push_back(
          fmt::format("{} .. {} ({} days)", to_string(gaps[i].from), to_string(gaps[i].to), gaps[i].days));
    }
    steps.push_back({"gaps", gaps.size(),
                     gaps.empty()
                         ? fmt::format("no gap longer than {} days", max_gap_days)
                         : fmt::format("{} gaps longer than {} days: {}{}", gaps.size(), max_gap_days,
                                       fmt::join(parts, ", "), gaps.size() > kShown ? ", ..." : "")});
  }
  return steps;
}

}  // namespace stockcast::data
