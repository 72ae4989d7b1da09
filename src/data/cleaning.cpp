// The cleaning steps every reader's rows go through (docs/data-formats.md, "Cleaning").
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "stockcast/core/error.hpp"
#include "table.hpp"

namespace stockcast::data::detail {
namespace {

constexpr unsigned kFieldBits = 5;
constexpr unsigned kFieldMask = (1U << kFieldBits) - 1;
constexpr unsigned kYearBits = 15;
constexpr unsigned kLayoutShift = 0;
constexpr unsigned kSecondShift = 2;
constexpr unsigned kFirstShift = kSecondShift + kFieldBits;
constexpr unsigned kYearShift = kFirstShift + kFieldBits;
constexpr unsigned kSeparatorShift = kYearShift + kYearBits;
constexpr unsigned kNameFirstShift = kSeparatorShift + 2;
constexpr std::string_view kSeparators{"\0-/.", 4};

bool is_price_column(std::string_view name) {
  return name == kOpen || name == kHigh || name == kLow || name == kClose || name == kAdjClose;
}

std::string date_text(const DateFields& f) {
  const char sep = f.separator == 0 ? '-' : f.separator;
  if (f.layout == DateLayout::kAmbiguous)
    return fmt::format("{:02}{}{:02}{}{}", f.first, sep, f.second, sep, f.year);
  return fmt::format("{}{}{:02}{}{:02}", f.year, sep, f.first, sep, f.second);
}

// Keeps the elements at the increasing indices `keep` (in place).
template <typename T>
void compact(std::vector<T>& values, const std::vector<std::size_t>& keep) {
  for (std::size_t w = 0; w < keep.size(); ++w) values[w] = values[keep[w]];
  values.resize(keep.size());
}

// Number of consecutive row pairs less than a week apart when ambiguous dates are read in `order`.
std::size_t close_pairs(const std::vector<std::uint32_t>& packed, DayMonthOrder order) {
  std::size_t count = 0;
  std::optional<Date> previous;
  for (const auto p : packed) {
    const auto date = to_date(unpack(p), order);
    if (date && previous && std::abs(days_between(*previous, *date)) <= 7) ++count;
    previous = date;
  }
  return count;
}

std::string_view order_name(DayMonthOrder order) {
  return order == DayMonthOrder::kDayFirst ? "day first" : "month first";
}

}  // namespace

std::string where(const std::filesystem::path& path) { return fmt::format("read_prices({})", path.string()); }

std::size_t LineMap::line_of(std::size_t row) const {
  auto it = std::upper_bound(
      breaks_.begin(), breaks_.end(), row,
      [](std::size_t r, const std::pair<std::size_t, std::size_t>& b) { return r < b.first; });
  --it;  // breaks_ starts at row 0
  return it->second + (row - it->first);
}

std::uint32_t pack(const DateFields& f) noexcept {
  const auto sep = static_cast<std::uint32_t>(
      kSeparators.find(f.separator) == std::string_view::npos ? 0 : kSeparators.find(f.separator));
  return (static_cast<std::uint32_t>(f.layout) << kLayoutShift) | ((f.second & kFieldMask) << kSecondShift) |
         ((f.first & kFieldMask) << kFirstShift) | (static_cast<std::uint32_t>(f.year) << kYearShift) |
         (sep << kSeparatorShift) | (static_cast<std::uint32_t>(f.name_first) << kNameFirstShift);
}

DateFields unpack(std::uint32_t p) noexcept {
  DateFields f;
  f.layout = static_cast<DateLayout>((p >> kLayoutShift) & 3U);
  f.second = (p >> kSecondShift) & kFieldMask;
  f.first = (p >> kFirstShift) & kFieldMask;
  f.year = static_cast<int>((p >> kYearShift) & ((1U << kYearBits) - 1));
  f.separator = kSeparators[(p >> kSeparatorShift) & 3U];
  f.name_first = ((p >> kNameFirstShift) & 1U) != 0;
  return f;
}

ReadResult finish_table(RawTable&& table, FileContext context, const ReadOptions& options) {
  const std::string place = where(context.path);
  const std::string_view unit = table.unit;
  ReadResult result;
  result.path = context.path;
  result.format = context.format;
  result.delimiter = context.delimiter;
  result.source_columns = std::move(context.source_columns);
  CleaningReport& report = result.cleaning;
  report.rows_read = table.dates.size();
  report.blank_lines = table.blank_lines;
  report.duplicate_policy = options.on_duplicate;
  report.fill_policy = options.fill;
  report.max_gap_days = options.max_gap_days;
  report.row_unit = std::string(unit);
  auto& warnings = result.warnings;
  for (const auto& dropped : table.dropped_columns) {
    report.dropped_columns.push_back(dropped);
    warnings.push_back(fmt::format("column {} dropped", dropped));
  }
  std::vector<Column>& columns = table.columns;

  // 1. Day/month order of ambiguous dates, decided for the whole column.
  DayMonthOrder order = context.default_order;
  if (table.any_ambiguous) {
    const auto& day_row = table.day_first_evidence;
    const auto& month_row = table.month_first_evidence;
    if (day_row && month_row) {
      throw InvalidInput(fmt::format(
          "{}: the dates mix day-first and month-first order: {} {} has {} (first number above 12) but {} {} "
          "has {} (second number above 12)",
          place, unit, table.lines.line_of(*day_row), date_text(unpack(table.dates[*day_row])), unit,
          table.lines.line_of(*month_row), date_text(unpack(table.dates[*month_row]))));
    }
    if (day_row || month_row) {
      order = day_row ? DayMonthOrder::kDayFirst : DayMonthOrder::kMonthFirst;
    } else {
      const std::size_t day_first = close_pairs(table.dates, DayMonthOrder::kDayFirst);
      const std::size_t month_first = close_pairs(table.dates, DayMonthOrder::kMonthFirst);
      if (day_first != month_first) {
        order = day_first > month_first ? DayMonthOrder::kDayFirst : DayMonthOrder::kMonthFirst;
        warnings.push_back(fmt::format(
            "no date has a number above 12, so day/month order is ambiguous; read {} because consecutive "
            "rows "
            "are then at most a week apart {} times (vs {} the other way)",
            order_name(order), std::max(day_first, month_first), std::min(day_first, month_first)));
      } else {
        warnings.push_back(
            fmt::format("no date has a number above 12 and both orders fit the calendar equally, so the "
                        "dates were read {} "
                        "(the usual order of {} files)",
                        order_name(order), context.format));
      }
    }
  }
  result.date_format = describe_layout(*table.first_date, order);

  // 2. Dates.
  const std::size_t n_read = table.dates.size();
  std::vector<Date> dates(n_read);
  for (std::size_t i = 0; i < n_read; ++i) {
    const DateFields fields = unpack(table.dates[i]);
    const auto date = to_date(fields, order);
    if (!date) {
      throw InvalidInput(fmt::format(
          "{}: {} {}: '{}' is not a valid date when read {} ({}), the order of the "
          "rest of the column",
          place, unit, table.lines.line_of(i), date_text(fields), order_name(order), result.date_format));
    }
    dates[i] = *date;
  }
  std::vector<std::uint32_t>().swap(table.dates);

  // 3. Chronological order.
  std::size_t descents = 0;
  std::size_t ascents = 0;
  for (std::size_t i = 1; i < n_read; ++i) {
    if (dates[i] < dates[i - 1]) ++descents;
    if (dates[i - 1] < dates[i]) ++ascents;
  }
  std::vector<std::size_t> permutation;  // original row of each sorted row, only when unsorted
  if (descents == 0) {
    report.order = RowOrder::kAscending;
  } else if (ascents == 0) {
    report.order = RowOrder::kDescending;
    std::reverse(dates.begin(), dates.end());
    for (auto& column : columns) std::reverse(column.values.begin(), column.values.end());
  } else {
    report.order = RowOrder::kUnsorted;
    report.rows_out_of_order = descents;
    permutation.resize(n_read);
    std::iota(permutation.begin(), permutation.end(), std::size_t{0});
    std::stable_sort(permutation.begin(), permutation.end(),
                     [&](std::size_t a, std::size_t b) { return dates[a] < dates[b]; });
    std::vector<double> scratch(n_read);
    for (auto& column : columns) {
      for (std::size_t i = 0; i < n_read; ++i) scratch[i] = column.values[permutation[i]];
      column.values.swap(scratch);
    }
    std::vector<Date> sorted(n_read);
    for (std::size_t i = 0; i < n_read; ++i) sorted[i] = dates[permutation[i]];
    dates.swap(sorted);
    warnings.push_back(
        fmt::format("rows were not in date order ({} rows earlier than the row before); sorted", descents));
  }
  const auto original_row = [&](std::size_t i) {
    if (report.order == RowOrder::kDescending) return n_read - 1 - i;
    if (report.order == RowOrder::kUnsorted) return permutation[i];
    return i;
  };

  // 4. Duplicate dates.
  std::vector<std::size_t> keep;
  std::vector<std::size_t> rows;  // rows of one repeated date, in file order
  bool any_duplicate = false;
  for (std::size_t i = 0; i < n_read;) {
    std::size_t j = i + 1;
    while (j < n_read && dates[j] == dates[i]) ++j;
    if (j - i > 1) {
      if (!any_duplicate) {
        any_duplicate = true;
        keep.reserve(n_read);
        for (std::size_t k = 0; k < i; ++k) keep.push_back(k);
      }
      rows.clear();
      for (std::size_t k = i; k < j; ++k) rows.push_back(k);
      std::sort(rows.begin(), rows.end(),
                [&](std::size_t a, std::size_t b) { return original_row(a) < original_row(b); });
      const std::size_t first_line = table.lines.line_of(original_row(rows[0]));
      const std::size_t second_line = table.lines.line_of(original_row(rows[1]));
      if (options.on_duplicate == DuplicatePolicy::kError) {
        throw InvalidInput(fmt::format(
            "{}: duplicate date {} on {} {} and {}; choose which row to keep with on_duplicate "
            "= keep-last or "
            "keep-first (CLI: --on-duplicate keep-last|keep-first)",
            place, to_string(dates[i]), unit == "line" ? "lines" : "entries", first_line, second_line));
      }
      if (report.duplicates.size() < CleaningReport::kMaxListed) {
        report.duplicates.push_back(DuplicateDate{dates[i], first_line, second_line});
      }
      report.duplicates_removed += j - i - 1;
      keep.push_back(options.on_duplicate == DuplicatePolicy::kKeepLast ? rows.back() : rows.front());
    } else if (any_duplicate) {
      keep.push_back(i);
    }
    i = j;
  }
  std::vector<std::size_t>().swap(permutation);
  if (any_duplicate) {
    std::sort(keep.begin(), keep.end());
    compact(dates, keep);
    for (auto& column : columns) compact(column.values, keep);
    warnings.push_back(fmt::format("{} rows with a repeated date removed ({})", report.duplicates_removed,
                                   to_string(options.on_duplicate)));
  }
  std::vector<std::size_t>().swap(keep);
  std::size_t n = dates.size();

  // 5. Columns without any value.
  std::vector<ColumnIssues> issues;
  {
    std::vector<Column> kept;
    kept.reserve(columns.size());
    for (auto& column : columns) {
      ColumnIssues issue;
      issue.column = column.name;
      for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(column.values[i])) {
          if (issue.missing++ == 0) issue.first_missing = dates[i];
        }
      }
      if (issue.missing == n) {
        if (column.name == kClose) {
          throw InvalidInput(fmt::format("{}: the close column ('{}') has no values", place, column.name));
        }
        report.dropped_columns.push_back(fmt::format("'{}' (no values)", column.name));
        warnings.push_back(fmt::format("column '{}' dropped: it has no values", column.name));
        continue;
      }
      kept.push_back(std::move(column));
      issues.push_back(std::move(issue));
    }
    columns = std::move(kept);
  }

  // 6. Non-positive prices (negative volumes) become missing cells.
  for (std::size_t c = 0; c < columns.size(); ++c) {
    auto& values = columns[c].values;
    const bool price = is_price_column(columns[c].name);
    if (!price && columns[c].name != kVolume) continue;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = values[i];
      if (price ? v <= 0 : v < 0) {
        if (issues[c].non_positive++ == 0) issues[c].first_non_positive = dates[i];
        values[i] = kMissing;
      }
    }
    if (issues[c].non_positive > 0) {
      warnings.push_back(fmt::format("column '{}': {} {} (first on {}) treated as missing ({})",
                                     columns[c].name, issues[c].non_positive,
                                     price ? "prices <= 0" : "negative values",
                                     to_string(*issues[c].first_non_positive), to_string(options.fill)));
    }
  }
  // A column left without any valid value cannot be filled: the close is an error, others are dropped.
  for (std::size_t c = columns.size(); c-- > 0;) {
    const auto& values = columns[c].values;
    if (issues[c].non_positive == 0 ||
        std::any_of(values.begin(), values.end(), [](double v) { return !std::isnan(v); })) {
      continue;
    }
    if (columns[c].name == kClose) {
      throw InvalidInput(fmt::format("{}: the close column has no positive value", place));
    }
    report.dropped_columns.push_back(fmt::format("'{}' (no positive value)", columns[c].name));
    warnings.push_back(fmt::format("column '{}' dropped: it has no positive value", columns[c].name));
    report.columns.push_back(std::move(issues[c]));
    columns.erase(columns.begin() + static_cast<std::ptrdiff_t>(c));
    issues.erase(issues.begin() + static_cast<std::ptrdiff_t>(c));
  }

  // 7. Missing cells.
  switch (options.fill) {
    case FillPolicy::kForwardFill: {
      std::size_t lead = 0;
      std::vector<std::string> blocking;
      for (const auto& column : columns) {
        std::size_t first = 0;
        while (first < n && std::isnan(column.values[first])) ++first;
        if (first == n) {
          throw Internal(
              fmt::format("{}: column '{}' has no value to forward-fill from", place, column.name));
        }
        if (first > 0) blocking.push_back(fmt::format("'{}' until {}", column.name, to_string(dates[first])));
        lead = std::max(lead, first);
      }
      // Carry values forward over the whole column first, so that a value on a row dropped below still
      // fills the day after it; then drop the rows before every column has a value.
      for (std::size_t c = 0; c < columns.size(); ++c) {
        auto& values = columns[c].values;
        for (std::size_t i = 1; i < n; ++i) {
          if (std::isnan(values[i]) && !std::isnan(values[i - 1])) {
            values[i] = values[i - 1];
            if (i >= lead) ++issues[c].filled;
          }
        }
      }
      if (lead > 0) {
        report.rows_dropped_leading = lead;
        dates.erase(dates.begin(), dates.begin() + static_cast<std::ptrdiff_t>(lead));
        for (auto& column : columns) {
          column.values.erase(column.values.begin(),
                              column.values.begin() + static_cast<std::ptrdiff_t>(lead));
        }
        n = dates.size();
        warnings.push_back(
            fmt::format("the first {} rows were dropped: nothing earlier to forward-fill them "
                        "from (missing {})",
                        lead, fmt::join(blocking, ", ")));
      }
      break;
    }
    case FillPolicy::kDrop: {
      std::vector<std::size_t> complete_rows;
      complete_rows.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        const bool complete = std::none_of(columns.begin(), columns.end(),
                                           [&](const Column& c) { return std::isnan(c.values[i]); });
        if (complete) complete_rows.push_back(i);
      }
      report.rows_dropped_missing = n - complete_rows.size();
      if (complete_rows.size() != n) {
        compact(dates, complete_rows);
        for (auto& column : columns) compact(column.values, complete_rows);
        n = dates.size();
      }
      break;
    }
    case FillPolicy::kMean: {
      for (std::size_t c = 0; c < columns.size(); ++c) {
        auto& values = columns[c].values;
        double sum = 0;
        std::size_t count = 0;
        for (const double v : values) {
          if (!std::isnan(v)) {
            sum += v;
            ++count;
          }
        }
        if (count == 0) {
          throw Internal(
              fmt::format("{}: column '{}' has no value to take a mean of", place, columns[c].name));
        }
        const double mean = sum / static_cast<double>(count);
        for (auto& v : values) {
          if (std::isnan(v)) {
            v = mean;
            ++issues[c].filled;
          }
        }
        if (issues[c].filled > 0) {
          warnings.push_back(
              fmt::format("column '{}': {} cells filled with the column mean {} (uses later "
                          "data: do not train on it)",
                          columns[c].name, issues[c].filled, mean));
        }
      }
      break;
    }
  }
  if (n == 0) {
    throw InvalidInput(fmt::format("{}: no rows left after cleaning: all {} rows had a missing cell ({})",
                                   place, report.rows_read, to_string(options.fill)));
  }
  for (auto& issue : issues) {
    if (issue.missing > 0 || issue.non_positive > 0) report.columns.push_back(std::move(issue));
  }

  // 8. Contradicting high / low / close (reported, kept).
  const auto find = [&](std::string_view name) -> const std::vector<double>* {
    for (const auto& column : columns) {
      if (column.name == name) return &column.values;
    }
    return nullptr;
  };
  const auto* high = find(kHigh);
  const auto* low = find(kLow);
  const auto* close = find(kClose);
  if (high != nullptr && low != nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      const double h = (*high)[i];
      const double l = (*low)[i];
      if (h < l && report.ohlc.high_below_low++ == 0) report.ohlc.first_high_below_low = dates[i];
      if (close != nullptr) {
        const double c = (*close)[i];
        if ((c < l || c > h) && report.ohlc.close_outside_range++ == 0)
          report.ohlc.first_close_outside = dates[i];
      }
    }
    if (report.ohlc.high_below_low > 0) {
      warnings.push_back(fmt::format("{} rows have high < low (first on {}); kept as they are",
                                     report.ohlc.high_below_low,
                                     to_string(*report.ohlc.first_high_below_low)));
    }
    if (report.ohlc.close_outside_range > 0) {
      warnings.push_back(
          fmt::format("{} rows have a close outside [low, high] (first on {}); kept as they are",
                      report.ohlc.close_outside_range, to_string(*report.ohlc.first_close_outside)));
    }
  }

  // 9. Calendar gaps.
  for (std::size_t i = 1; i < n; ++i) {
    const int days = days_between(dates[i - 1], dates[i]);
    if (days > options.max_gap_days) report.gaps.push_back(CalendarGap{dates[i - 1], dates[i], days});
  }
  if (!report.gaps.empty()) {
    const auto& longest =
        *std::max_element(report.gaps.begin(), report.gaps.end(),
                          [](const CalendarGap& a, const CalendarGap& b) { return a.days < b.days; });
    warnings.push_back(fmt::format("{} gaps longer than {} days (longest {} days, {} .. {})",
                                   report.gaps.size(), options.max_gap_days, longest.days,
                                   to_string(longest.from), to_string(longest.to)));
  }

  report.rows_kept = n;
  std::string ticker = options.ticker.empty() ? context.path.stem().string() : options.ticker;
  result.series = PriceSeries(std::move(ticker), std::move(dates), std::move(columns));
  return result;
}

}  // namespace stockcast::data::detail
