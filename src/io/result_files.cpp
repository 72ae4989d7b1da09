#include "stockcast/io/result_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <system_error>

#include "stockcast/core/error.hpp"
#include "stockcast/io/atomic_file.hpp"
#include "stockcast/io/csv_table.hpp"

namespace stockcast::io {

namespace fs = std::filesystem;

namespace {

void ensure_dir(const fs::path& dir) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error || !fs::is_directory(dir)) {
    throw IoError(fmt::format("cannot create output directory '{}': {}", dir.string(),
                              error ? error.message() : "not a directory"));
  }
}

fs::path target(const fs::path& dir, std::string_view name) {
  ensure_dir(dir);
  return dir / std::string(name);
}

void write_csv(const fs::path& file, const std::function<void(CsvWriter&)>& write) {
  write_file_atomically(file, [&](std::ostream& out) {
    CsvWriter csv(out);
    write(csv);
  });
}

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

std::string utc_now_iso() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::hh_mm_ss time{now - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", to_string(Date{day}), time.hours().count(),
                     time.minutes().count(), time.seconds().count());
}

int as_int(const CsvTable& table, std::size_t row, std::size_t column) {
  const long long value = table.integer(row, column);
  if (value > std::numeric_limits<int>::max()) {
    throw FormatError(fmt::format("{}: {} is too large", table.place(row, column), value));
  }
  return static_cast<int>(value);
}

double optional_number(const CsvTable& table, std::size_t row, std::optional<std::size_t> column) {
  return column ? table.number(row, *column) : kMissing;
}

}  // namespace

// ---------------------------------------------------------------- run.json and data.csv

void write_run_json(const fs::path& dir, const RunInfo& run, const PriceSeries* data) {
  nlohmann::json doc;
  doc["stockcast_version"] = STOCKCAST_VERSION;
  doc["command"] = run.command;
  doc["title"] = run.title;
  doc["created"] = utc_now_iso();
  doc["settings"] = run.settings;
  if (data != nullptr) {
    nlohmann::json summary;
    summary["path"] = run.data_path;
    summary["ticker"] = data->ticker();
    summary["rows"] = data->size();
    summary["first_date"] = data->empty() ? "" : to_string(data->first_date());
    summary["last_date"] = data->empty() ? "" : to_string(data->last_date());
    summary["columns"] = data->column_names();
    summary["currency"] = run.currency;
    doc["data"] = std::move(summary);
  } else {
    doc["data"] = nullptr;
  }
  write_file_atomically(target(dir, result_file::kRun), doc.dump(2) + "\n");
}

void write_data_csv(const fs::path& dir, const PriceSeries& series) {
  write_csv(target(dir, result_file::kData), [&](CsvWriter& csv) {
    csv.cell("date");
    for (const auto& name : series.column_names()) csv.cell(std::string_view(name));
    csv.end_row();
    std::vector<std::span<const double>> columns;
    for (const auto& name : series.column_names()) columns.push_back(series.column(name));
    for (std::size_t t = 0; t < series.size(); ++t) {
      csv.cell(series.date(t));
      for (const auto& column : columns) csv.cell(column[t]);
      csv.end_row();
    }
  });
}

PriceSeries read_data_csv(const fs::path& path, std::string ticker) {
  const CsvTable table = read_csv_table(path);
  const std::size_t date_column = table.column_index("date");
  std::vector<Column> columns;
  for (std::size_t c = 0; c < table.header().size(); ++c) {
    if (c == date_column) continue;
    Column column{table.header()[c], {}};
    column.values.reserve(table.size());
    for (std::size_t r = 0; r < table.size(); ++r) column.values.push_back(table.number(r, c));
    columns.push_back(std::move(column));
  }
  std::vector<Date> dates = table.dates("date");
  for (std::size_t r = 1; r < dates.size(); ++r) {
    if (dates[r] <= dates[r - 1]) {
      throw FormatError(fmt::format("{}: dates must increase ({} after {})", table.place(r, date_column),
                                    to_string(dates[r]), to_string(dates[r - 1])));
    }
  }
  return PriceSeries(std::move(ticker), std::move(dates), std::move(columns));
}

// ---------------------------------------------------------------- metrics

namespace {

struct MetricField {
  std::string_view name;
  double MetricsRow::*member;
};

constexpr MetricField kMetricFields[] = {
    {"mse", &MetricsRow::mse},
    {"rmse", &MetricsRow::rmse},
    {"mae", &MetricsRow::mae},
    {"mape", &MetricsRow::mape},
    {"smape", &MetricsRow::smape},
    {"r2", &MetricsRow::r2},
    {"explained_variance", &MetricsRow::explained_variance},
    {"max_error", &MetricsRow::max_error},
    {"directional_accuracy", &MetricsRow::directional_accuracy},
    {"skill_vs_naive", &MetricsRow::skill_vs_naive},
    {"dm_pvalue", &MetricsRow::dm_pvalue},
    {"train_seconds", &MetricsRow::train_seconds},
};

}  // namespace

const std::vector<std::string>& metrics_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> names{"model", "split"};
    for (const auto& field : kMetricFields) names.emplace_back(field.name);
    return names;
  }();
  return columns;
}

void write_metrics(const fs::path& dir, std::span<const MetricsRow> rows, const nlohmann::json& extra) {
  write_csv(target(dir, result_file::kMetricsCsv), [&](CsvWriter& csv) {
    csv.row(metrics_columns());
    for (const auto& row : rows) {
      csv.cell(std::string_view(row.model)).cell(std::string_view(row.split));
      for (const auto& field : kMetricFields) csv.cell(row.*field.member);
      csv.end_row();
    }
  });
  nlohmann::json doc;
  doc["metrics"] = nlohmann::json::array();
  for (const auto& row : rows) {
    nlohmann::json item;
    item["model"] = row.model;
    item["split"] = row.split;
    for (const auto& field : kMetricFields) item[std::string(field.name)] = number_or_null(row.*field.member);
    doc["metrics"].push_back(std::move(item));
  }
  doc["models"] = extra;
  write_file_atomically(target(dir, result_file::kMetricsJson), doc.dump(2) + "\n");
}

std::vector<MetricsRow> read_metrics_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t split = table.column_index("split");
  std::vector<std::optional<std::size_t>> columns;
  for (const auto& field : kMetricFields) columns.push_back(table.find_column(field.name));
  std::vector<MetricsRow> rows(table.size());
  for (std::size_t r = 0; r < table.size(); ++r) {
    rows[r].model = table.cell(r, model);
    rows[r].split = table.cell(r, split);
    if (rows[r].model.empty()) throw FormatError(fmt::format("{}: empty model name", table.place(r, model)));
    for (std::size_t f = 0; f < std::size(kMetricFields); ++f) {
      rows[r].*kMetricFields[f].member = optional_number(table, r, columns[f]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------- predictions

void write_predictions_csv(const fs::path& dir, const PredictionTable& table) {
  const std::size_t n = table.dates.size();
  auto check = [&](std::size_t size, std::string_view what) {
    if (size != n) {
      throw InvalidInput(
          fmt::format("write_predictions_csv: {} has {} values but there are {} dates", what, size, n));
    }
  };
  check(table.splits.size(), "split");
  check(table.actual.size(), "actual");
  check(table.naive.size(), "naive");
  // The naive forecast is the `naive` column; a model called "naive" (the registry's baseline) is that
  // same column and is written once.
  std::vector<const PredictionTable::Model*> models;
  for (const auto& model : table.models) {
    check(model.values.size(), fmt::format("model '{}'", model.name));
    if (model.name == "naive") {
      for (std::size_t t = 0; t < n; ++t) {
        const double a = model.values[t];
        const double b = table.naive[t];
        const bool same =
            (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-12 * std::max(1.0, std::abs(b));
        if (!same) {
          throw InvalidInput(
              fmt::format("write_predictions_csv: model 'naive' differs from the naive column on {} "
                          "({} vs {}); name the model otherwise",
                          to_string(table.dates[t]), a, b));
        }
      }
      continue;
    }
    if (model.name.empty() || model.name == "date" || model.name == "split" || model.name == "actual") {
      throw InvalidInput(fmt::format("write_predictions_csv: '{}' cannot name a model column", model.name));
    }
    models.push_back(&model);
  }
  write_csv(target(dir, result_file::kPredictions), [&](CsvWriter& csv) {
    csv.cell("date").cell("split").cell("actual").cell("naive");
    for (const auto* model : models) csv.cell(std::string_view(model->name));
    csv.end_row();
    for (std::size_t t = 0; t < n; ++t) {
      csv.cell(table.dates[t])
          .cell(std::string_view(table.splits[t]))
          .cell(table.actual[t])
          .cell(table.naive[t]);
      for (const auto* model : models) csv.cell(model->values[t]);
      csv.end_row();
    }
  });
}

PredictionTable read_predictions_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  PredictionTable out;
  out.dates = table.dates("date");
  const auto split = table.find_column("split");
  out.splits = split ? table.texts("split") : std::vector<std::string>(table.size(), "test");
  out.actual = table.numbers("actual");
  out.naive = table.numbers("naive");
  for (const auto& name : table.header()) {
    if (name == "date" || name == "split" || name == "actual" || name == "naive") continue;
    out.models.push_back({name, table.numbers(name)});
  }
  return out;
}

// ---------------------------------------------------------------- history

void write_history_csv(const fs::path& dir, std::span<const HistoryRow> rows) {
  write_csv(target(dir, result_file::kHistory), [&](CsvWriter& csv) {
    csv.row({"model", "epoch", "train_loss", "val_loss", "val_mae", "lr"});
    for (const auto& row : rows) {
      csv.cell(std::string_view(row.model))
          .cell(row.epoch)
          .cell(row.train_loss)
          .cell(row.val_loss)
          .cell(row.val_mae)
          .cell(row.lr)
          .end_row();
    }
  });
}

std::vector<HistoryRow> read_history_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t epoch = table.column_index("epoch");
  const std::size_t train = table.column_index("train_loss");
  const auto val = table.find_column("val_loss");
  const auto mae = table.find_column("val_mae");
  const auto lr = table.find_column("lr");
  std::vector<HistoryRow> rows(table.size());
  for (std::size_t r = 0; r < table.size(); ++r) {
    rows[r] = {table.cell(r, model),           as_int(table, r, epoch),        table.number(r, train),
               optional_number(table, r, val), optional_number(table, r, mae), optional_number(table, r, lr)};
  }
  return rows;
}

// ---------------------------------------------------------------- folds

void write_folds_csv(const fs::path& dir, const FoldTable& table) {
  for (const auto& row : table.rows) {
    if (row.values.size() != table.metric_names.size()) {
      throw InvalidInput(fmt::format("write_folds_csv: model '{}' fold {} has {} values for {} metrics",
                                     row.model, row.fold, row.values.size(), table.metric_names.size()));
    }
  }
  write_csv(target(dir, result_file::kFolds), [&](CsvWriter& csv) {
    csv.cell("model").cell("fold").cell("test_start").cell("test_end");
    for (const auto& name : table.metric_names) csv.cell(std::string_view(name));
    csv.end_row();
    for (const auto& row : table.rows) {
      csv.cell(std::string_view(row.model)).cell(row.fold).cell(row.test_start).cell(row.test_end);
      for (const double value : row.values) csv.cell(value);
      csv.end_row();
    }
  });
}

FoldTable read_folds_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t fold = table.column_index("fold");
  const std::size_t start = table.column_index("test_start");
  const std::size_t end = table.column_index("test_end");
  FoldTable out;
  std::vector<std::size_t> metric_columns;
  for (std::size_t c = 0; c < table.header().size(); ++c) {
    if (c == model || c == fold || c == start || c == end) continue;
    out.metric_names.push_back(table.header()[c]);
    metric_columns.push_back(c);
  }
  for (std::size_t r = 0; r < table.size(); ++r) {
    FoldTable::Row row{
        table.cell(r, model), as_int(table, r, fold), table.date(r, start), table.date(r, end), {}};
    for (const std::size_t c : metric_columns) row.values.push_back(table.number(r, c));
    out.rows.push_back(std::move(row));
  }
  return out;
}

// ---------------------------------------------------------------- forecast and volatility

void write_forecast_csv(const fs::path& dir, const ForecastTable& table) {
  for (const auto& row : table.rows) {
    if (row.lower.size() != table.levels.size() || row.upper.size() != table.levels.size()) {
      throw InvalidInput(fmt::format(
          "write_forecast_csv: model '{}' on {} has {} lower and {} upper bounds for {} "
          "levels",
          row.model, to_string(row.date), row.lower.size(), row.upper.size(), table.levels.size()));
    }
  }
  for (const int level : table.levels) {
    if (level <= 0 || level >= 100) {
      throw InvalidInput(
          fmt::format("write_forecast_csv: interval level {} is not a percentage in (0, 100)", level));
    }
  }
  write_csv(target(dir, result_file::kForecast), [&](CsvWriter& csv) {
    csv.cell("model").cell("date").cell("value");
    for (const int level : table.levels) {
      csv.cell(std::string_view(fmt::format("lower_{}", level)));
      csv.cell(std::string_view(fmt::format("upper_{}", level)));
    }
    csv.end_row();
    for (const auto& row : table.rows) {
      csv.cell(std::string_view(row.model)).cell(row.date).cell(row.value);
      for (std::size_t l = 0; l < table.levels.size(); ++l) csv.cell(row.lower[l]).cell(row.upper[l]);
      csv.end_row();
    }
  });
}

ForecastTable read_forecast_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t date = table.column_index("date");
  const std::size_t value = table.column_index("value");
  ForecastTable out;
  std::vector<std::pair<std::size_t, std::size_t>> bounds;
  for (const auto& name : table.header()) {
    if (!name.starts_with("lower_")) continue;
    const std::string suffix = name.substr(6);
    int level = 0;
    const auto [end, error] = std::from_chars(suffix.data(), suffix.data() + suffix.size(), level);
    if (error != std::errc{} || end != suffix.data() + suffix.size() || level <= 0 || level >= 100) {
      throw FormatError(fmt::format("{}: column '{}' is not lower_<level in percent>", table.source(), name));
    }
    out.levels.push_back(level);
    bounds.emplace_back(table.column_index(name), table.column_index("upper_" + suffix));
  }
  for (std::size_t r = 0; r < table.size(); ++r) {
    ForecastTable::Row row{table.cell(r, model), table.date(r, date), table.number(r, value), {}, {}};
    for (const auto& [lower, upper] : bounds) {
      row.lower.push_back(table.number(r, lower));
      row.upper.push_back(table.number(r, upper));
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

void write_volatility_csv(const fs::path& dir, std::span<const VolatilityRow> rows) {
  write_csv(target(dir, result_file::kVolatility), [&](CsvWriter& csv) {
    csv.row({"model", "date", "return", "volatility"});
    for (const auto& row : rows) {
      csv.cell(std::string_view(row.model))
          .cell(row.date)
          .cell(row.return_value)
          .cell(row.volatility)
          .end_row();
    }
  });
}

std::vector<VolatilityRow> read_volatility_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t date = table.column_index("date");
  const std::size_t ret = table.column_index("return");
  const std::size_t vol = table.column_index("volatility");
  std::vector<VolatilityRow> rows(table.size());
  for (std::size_t r = 0; r < table.size(); ++r) {
    rows[r] = {table.cell(r, model), table.date(r, date), table.number(r, ret), table.number(r, vol)};
  }
  return rows;
}

// ---------------------------------------------------------------- generators

void write_paths_csv(const fs::path& file, std::span<const PathSet> sets) {
  const bool named =
      std::any_of(sets.begin(), sets.end(), [](const PathSet& set) { return !set.model.empty(); });
  if (file.has_parent_path()) ensure_dir(file.parent_path());
  write_csv(file, [&](CsvWriter& csv) {
    if (named) csv.cell("model");
    csv.cell("path").cell("day").cell("close").end_row();
    for (const auto& set : sets) {
      for (std::size_t k = 0; k < set.paths.size(); ++k) {
        for (std::size_t t = 0; t < set.paths[k].size(); ++t) {
          if (named) csv.cell(std::string_view(set.model));
          csv.cell(k + 1).cell(t + 1).cell(set.paths[k][t]).end_row();
        }
      }
    }
  });
}

std::vector<PathSet> read_paths_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const auto model = table.find_column("model");
  const std::size_t path_column = table.column_index("path");
  const std::size_t day_column = table.column_index("day");
  const std::size_t close_column = table.column_index("close");
  // model -> path -> day -> close, so rows may come in any order.
  std::vector<std::string> order;
  std::map<std::string, std::map<long long, std::map<long long, double>>> values;
  for (std::size_t r = 0; r < table.size(); ++r) {
    const std::string name = model ? table.cell(r, *model) : std::string();
    if (!values.contains(name)) order.push_back(name);
    const long long k = table.integer(r, path_column);
    const long long t = table.integer(r, day_column);
    if (k < 1 || t < 1) {
      throw FormatError(
          fmt::format("{}: path and day count from 1", table.place(r, k < 1 ? path_column : day_column)));
    }
    if (!values[name][k].emplace(t, table.number(r, close_column)).second) {
      throw FormatError(fmt::format("{}: path {} day {} appears twice", table.place(r, day_column), k, t));
    }
  }
  std::vector<PathSet> sets;
  for (const auto& name : order) {
    PathSet set{name, {}};
    for (const auto& [k, days] : values[name]) {
      std::vector<double> closes;
      long long expected = 1;
      for (const auto& [t, close] : days) {
        if (t != expected) {
          throw FormatError(
              fmt::format("{}: path {} of '{}' has no day {}", table.source(), k, name, expected));
        }
        closes.push_back(close);
        ++expected;
      }
      set.paths.push_back(std::move(closes));
    }
    sets.push_back(std::move(set));
  }
  return sets;
}

void write_fidelity_csv(const fs::path& dir, std::span<const FidelityRow> rows) {
  write_csv(target(dir, result_file::kFidelity), [&](CsvWriter& csv) {
    csv.row({"model", "statistic", "real", "synthetic"});
    for (const auto& row : rows) {
      csv.cell(std::string_view(row.model))
          .cell(std::string_view(row.statistic))
          .cell(row.real)
          .cell(row.synthetic)
          .end_row();
    }
  });
}

std::vector<FidelityRow> read_fidelity_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t model = table.column_index("model");
  const std::size_t statistic = table.column_index("statistic");
  const std::size_t real = table.column_index("real");
  const std::size_t synthetic = table.column_index("synthetic");
  std::vector<FidelityRow> rows(table.size());
  for (std::size_t r = 0; r < table.size(); ++r) {
    rows[r] = {table.cell(r, model), table.cell(r, statistic), table.number(r, real),
               table.number(r, synthetic)};
  }
  return rows;
}

// ---------------------------------------------------------------- fit

void write_fit_json(const fs::path& dir, const nlohmann::ordered_json& fit) {
  if (!fit.is_object()) throw InvalidInput("write_fit_json: expected a JSON object");
  write_file_atomically(target(dir, result_file::kFit), fit.dump(2) + "\n");
}

// ---------------------------------------------------------------- trials

void write_trials_csv(const fs::path& dir, const TrialTable& table) {
  for (const auto& row : table.rows) {
    if (row.params.size() != table.param_names.size()) {
      throw InvalidInput(fmt::format("write_trials_csv: trial {} has {} values for {} parameters", row.trial,
                                     row.params.size(), table.param_names.size()));
    }
  }
  write_csv(target(dir, result_file::kTrials), [&](CsvWriter& csv) {
    csv.cell("trial").cell(std::string_view(table.objective));
    for (const auto& name : table.param_names) csv.cell(std::string_view(name));
    csv.end_row();
    for (const auto& row : table.rows) {
      csv.cell(row.trial).cell(row.score);
      for (const auto& value : row.params) csv.cell(std::string_view(value));
      csv.end_row();
    }
  });
}

TrialTable read_trials_csv(const fs::path& path) {
  const CsvTable table = read_csv_table(path);
  const std::size_t trial = table.column_index("trial");
  if (table.header().size() < 2 || trial != 0) {
    throw FormatError(fmt::format("{}: expected columns trial,<objective>,<param>...", table.source()));
  }
  TrialTable out;
  out.objective = table.header()[1];
  out.param_names.assign(table.header().begin() + 2, table.header().end());
  for (std::size_t r = 0; r < table.size(); ++r) {
    TrialTable::Row row{as_int(table, r, 0), table.number(r, 1), {}};
    for (std::size_t c = 2; c < table.header().size(); ++c) row.params.push_back(table.cell(r, c));
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace stockcast::io
