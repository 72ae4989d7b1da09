#include "stockcast/core/price_series.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

#include "stockcast/core/error.hpp"

namespace stockcast {

struct PriceSeries::Storage {
  std::string ticker;
  std::vector<Date> dates;
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;
};

PriceSeries::PriceSeries() : storage_(std::make_shared<const Storage>()) {}

PriceSeries::PriceSeries(std::string ticker, std::vector<Date> dates, std::vector<Column> columns) {
  auto storage = std::make_shared<Storage>();
  for (std::size_t i = 1; i < dates.size(); ++i) {
    if (!(dates[i - 1] < dates[i])) {
      throw InvalidInput(
          fmt::format("PriceSeries({}): dates must be strictly increasing, but row {} ({}) "
                      "follows {}",
                      ticker, i, to_string(dates[i]), to_string(dates[i - 1])));
    }
  }
  for (auto& column : columns) {
    if (column.name.empty()) throw InvalidInput(fmt::format("PriceSeries({}): empty column name", ticker));
    if (column.values.size() != dates.size()) {
      throw InvalidInput(fmt::format("PriceSeries({}): column '{}' has {} values for {} dates", ticker,
                                     column.name, column.values.size(), dates.size()));
    }
    if (std::find(storage->names.begin(), storage->names.end(), column.name) != storage->names.end()) {
      throw InvalidInput(fmt::format("PriceSeries({}): column '{}' appears twice", ticker, column.name));
    }
    storage->names.push_back(std::move(column.name));
    storage->values.push_back(std::move(column.values));
  }
  storage->ticker = std::move(ticker);
  storage->dates = std::move(dates);
  end_ = storage->dates.size();
  storage_ = std::move(storage);
}

PriceSeries::PriceSeries(std::shared_ptr<const Storage> storage, std::size_t begin, std::size_t end)
    : storage_(std::move(storage)), begin_(begin), end_(end) {}

const std::string& PriceSeries::ticker() const noexcept { return storage_->ticker; }

std::span<const Date> PriceSeries::dates() const noexcept {
  return std::span<const Date>(storage_->dates).subspan(begin_, size());
}

Date PriceSeries::date(std::size_t index) const {
  if (index >= size()) {
    throw InvalidInput(
        fmt::format("PriceSeries({}): row {} out of range (size {})", ticker(), index, size()));
  }
  return storage_->dates[begin_ + index];
}

Date PriceSeries::first_date() const { return date(0); }
Date PriceSeries::last_date() const {
  if (empty()) throw InvalidInput(fmt::format("PriceSeries({}): the series is empty", ticker()));
  return date(size() - 1);
}

const std::vector<std::string>& PriceSeries::column_names() const noexcept { return storage_->names; }

bool PriceSeries::has_column(std::string_view name) const noexcept {
  return std::find(storage_->names.begin(), storage_->names.end(), name) != storage_->names.end();
}

std::span<const double> PriceSeries::column(std::string_view name) const {
  const auto it = std::find(storage_->names.begin(), storage_->names.end(), name);
  if (it == storage_->names.end()) {
    throw InvalidInput(fmt::format("PriceSeries({}): no column '{}'; columns present: {}", ticker(), name,
                                   fmt::join(storage_->names, ", ")));
  }
  const auto& values = storage_->values[static_cast<std::size_t>(it - storage_->names.begin())];
  return std::span<const double>(values).subspan(begin_, size());
}

PriceSeries PriceSeries::slice(std::size_t begin, std::size_t end) const {
  if (begin > end || end > size()) {
    throw InvalidInput(
        fmt::format("PriceSeries({}): slice [{}, {}) out of range (size {})", ticker(), begin, end, size()));
  }
  return PriceSeries(storage_, begin_ + begin, begin_ + end);
}

std::size_t PriceSeries::lower_bound(Date date) const {
  const auto all = dates();
  return static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), date) - all.begin());
}

PriceSeries PriceSeries::slice_dates(Date from, Date to) const {
  const std::size_t begin = lower_bound(from);
  const auto all = dates();
  const auto end = static_cast<std::size_t>(std::upper_bound(all.begin(), all.end(), to) - all.begin());
  return slice(begin, std::max(begin, end));
}

std::vector<Column> PriceSeries::materialize_columns() const {
  std::vector<Column> columns;
  columns.reserve(storage_->names.size());
  for (const auto& name : storage_->names) {
    const auto values = column(name);
    columns.push_back(Column{name, std::vector<double>(values.begin(), values.end())});
  }
  return columns;
}

PriceSeries PriceSeries::with_column(Column added) const {
  auto columns = materialize_columns();
  auto it =
      std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == added.name; });
  if (it != columns.end()) {
    *it = std::move(added);
  } else {
    columns.push_back(std::move(added));
  }
  const auto all = dates();
  return PriceSeries(ticker(), std::vector<Date>(all.begin(), all.end()), std::move(columns));
}

PriceSeries PriceSeries::select(const std::vector<std::string>& names) const {
  std::vector<Column> columns;
  columns.reserve(names.size());
  for (const auto& name : names) {
    const auto values = column(name);
    columns.push_back(Column{name, std::vector<double>(values.begin(), values.end())});
  }
  const auto all = dates();
  return PriceSeries(ticker(), std::vector<Date>(all.begin(), all.end()), std::move(columns));
}

PriceSeries PriceSeries::renamed(std::string new_ticker) const {
  const auto all = dates();
  return PriceSeries(std::move(new_ticker), std::vector<Date>(all.begin(), all.end()), materialize_columns());
}

}  // namespace stockcast
