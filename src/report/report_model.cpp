// Builds the report's content (sections of charts and tables) from a result directory.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <optional>
#include <set>

#include "stockcast/core/error.hpp"
#include "stockcast/eval/statistics.hpp"
#include "stockcast/report/report.hpp"
#include "stockcast/report/series_stats.hpp"

namespace stockcast::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPercent = 100.0;
constexpr double kBand95 = 1.959963984540054;  // two-sided 95 % normal quantile
constexpr double kSignificance = 0.05;
constexpr std::size_t kFanHistoryMin = 60;  // observed days shown before a forecast
constexpr std::size_t kFanHistoryPerStep = 3;
constexpr std::size_t kRecentDays = 250;  // about a trading year  // ... or this many per forecast step

// Tableau 10: distinguishable, colour-blind-aware, prints well.
constexpr std::string_view kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                         "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
constexpr std::string_view kActualColor = "#111111";
constexpr std::string_view kNaiveColor = "#888888";

std::string palette(std::size_t i) { return std::string(kPalette[i % std::size(kPalette)]); }

double unix_seconds(Date date) {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::sys_days{date}.time_since_epoch())
          .count());
}

std::vector<double> unix_seconds(std::span<const Date> dates) {
  std::vector<double> x(dates.size());
  std::transform(dates.begin(), dates.end(), x.begin(), [](Date d) { return unix_seconds(d); });
  return x;
}

bool any_finite(std::span<const double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

std::vector<double> finite_only(std::span<const double> values) {
  std::vector<double> out;
  std::copy_if(values.begin(), values.end(), std::back_inserter(out),
               [](double v) { return std::isfinite(v); });
  return out;
}

// Chart ids double as figure file stems: keep [A-Za-z0-9_-] and make them unique.
class IdMaker {
 public:
  std::string make(std::string_view prefix, std::string_view name = {}) {
    std::string id(prefix);
    if (!name.empty()) {
      id += '-';
      for (const char ch : name) {
        const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                          ch == '-' || ch == '_';
        id += keep ? ch : '_';
      }
    }
    std::string unique = id;
    for (int n = 2; used_.contains(unique); ++n) unique = fmt::format("{}-{}", id, n);
    used_.insert(unique);
    return unique;
  }

 private:
  std::set<std::string> used_;
};

std::string split_title(std::string_view split) {
  if (split == "val" || split == "valid" || split == "validation") return "validation";
  if (split == "train") return "training";
  return std::string(split);
}

ChartSeries line(std::string label, std::vector<double> y, std::string color, double width = 1.5,
                 SeriesStyle style = SeriesStyle::kLine) {
  ChartSeries s;
  s.label = std::move(label);
  s.y = std::move(y);
  s.color = std::move(color);
  s.width = width;
  s.style = style;
  return s;
}

std::string json_scalar_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

void flatten_settings(const nlohmann::json& value, const std::string& prefix,
                      std::vector<std::vector<TableCell>>& rows) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      flatten_settings(item, prefix.empty() ? key : prefix + "." + key, rows);
    }
    return;
  }
  if (value.is_array()) {
    const bool scalars =
        std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_primitive(); });
    if (scalars) {
      std::string text;
      for (const auto& item : value) text += (text.empty() ? "" : ", ") + json_scalar_text(item);
      rows.push_back({text_cell(prefix), text_cell(text)});
      return;
    }
    // A list of objects (e.g. the models of an experiment): keyed by their "name" where they have one.
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto& item = value[i];
      std::string key = fmt::format("{}[{}]", prefix, i);
      nlohmann::json rest = item;
      if (item.is_object() && item.contains("name") && item["name"].is_string()) {
        key = prefix + "." + item["name"].get<std::string>();
        rest.erase("name");
      }
      flatten_settings(rest, key, rows);
    }
    return;
  }
  rows.push_back({text_cell(prefix), text_cell(json_scalar_text(value))});
}

// True when `settings` holds an experiment's model list: objects with a "name" (and "kind", "options").
bool is_model_list(const nlohmann::json& value) {
  return value.is_array() && !value.empty() && std::all_of(value.begin(), value.end(), [](const auto& m) {
           return m.is_object() && m.contains("name") && m["name"].is_string();
         });
}

// An experiment's models as one compact table: a row per model with its kind and the options that
// differ between models; options every model that has them shares go to `shared` (one row each), so
// eight models of fifteen options read as an 8 x 5 table instead of 120 rows.
Table models_table(const nlohmann::json& models, std::vector<std::vector<TableCell>>& shared) {
  std::vector<std::string> keys;  // in first-seen order
  for (const auto& m : models) {
    if (!m.contains("options") || !m["options"].is_object()) continue;
    for (const auto& [key, v] : m["options"].items()) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  const auto has = [](const nlohmann::json& m, const std::string& key) {
    return m.contains("options") && m["options"].is_object() && m["options"].contains(key);
  };
  // "Rich" models have some option that not every model has (the networks beside naive and drift);
  // an option is shared when it has one value and every rich model (or every model) has it.
  const auto in_all = [&](const std::string& key) {
    return std::all_of(models.begin(), models.end(), [&](const auto& m) { return has(m, key); });
  };
  std::vector<bool> rich(models.size(), false);
  for (std::size_t i = 0; i < models.size(); ++i) {
    rich[i] = std::any_of(keys.begin(), keys.end(),
                          [&](const auto& key) { return has(models[i], key) && !in_all(key); });
  }
  std::vector<std::string> varying;
  for (const auto& key : keys) {
    std::optional<nlohmann::json> first;
    bool same = true;
    for (std::size_t i = 0; i < models.size(); ++i) {
      if (!has(models[i], key)) {
        if (rich[i]) same = false;
        continue;
      }
      const auto& v = models[i]["options"][key];
      if (!first) {
        first = v;
      } else if (*first != v) {
        same = false;
      }
    }
    if (same && first) {
      shared.push_back({text_cell("models: " + key), text_cell(json_scalar_text(*first))});
    } else {
      varying.push_back(key);
    }
  }
  Table table{"models", "Models", {"Model", "Kind"}, {}, {}, "", true};
  for (const auto& key : varying) table.columns.push_back(key);
  for (const auto& m : models) {
    std::vector<TableCell> row{text_cell(m["name"].get<std::string>()),
                               text_cell(m.contains("kind") ? json_scalar_text(m["kind"]) : "")};
    for (const auto& key : varying)
      row.push_back(text_cell(has(m, key) ? json_scalar_text(m["options"][key]) : "–"));
    table.rows.push_back(std::move(row));
  }
  table.note =
      "Options shared by every model that has them are listed once under Run settings; – = not an option of "
      "that model.";
  return table;
}

std::vector<std::string> models_in_order(const auto& rows) {
  std::vector<std::string> names;
  for (const auto& row : rows) {
    if (std::find(names.begin(), names.end(), row.model) == names.end()) names.push_back(row.model);
  }
  return names;
}

// Everything the builder needs across sections.
class Builder {
 public:
  Builder(const ResultDir& results, const ReportOptions& options) : r_(results), o_(options) {
    if (r_.run && r_.run->contains("data") && (*r_.run)["data"].is_object()) {
      currency_ = (*r_.run)["data"].value("currency", std::string());
    }
    if (r_.run && r_.run->contains("settings") && (*r_.run)["settings"].is_object()) {
      const auto& settings = (*r_.run)["settings"];
      if (settings.contains("loss") && settings["loss"].is_string())
        loss_name_ = settings["loss"].get<std::string>();
    }
    if (r_.data && r_.data->has_column(kClose)) {
      const auto close = r_.data->close();
      if (close.size() >= 2 && std::all_of(close.begin(), close.end(), [](double v) { return v > 0; })) {
        real_returns_ = eval::log_returns(close, kPercent);
      }
    }
  }

  ReportModel build() {
    ReportModel model;
    model.title = title();
    model.subtitle = subtitle();
    add(model, overview());
    add(model, comparison());
    add(model, predictions());
    add(model, training());
    add(model, folds());
    add(model, trials());
    add(model, fitted());
    add(model, forecasts());
    add(model, volatility());
    add(model, synthetic());
    add(model, data_section());
    return model;
  }

 private:
  static void add(ReportModel& model, std::optional<Section> section) {
    if (section && (!section->charts.empty() || !section->tables.empty()))
      model.sections.push_back(std::move(*section));
  }

  [[nodiscard]] std::string ticker() const { return r_.data ? r_.data->ticker() : std::string(); }

  [[nodiscard]] std::string price_label(std::string_view what = "Price") const {
    return currency_.empty() ? fmt::format("{} (price units of the data)", what)
                             : fmt::format("{} ({})", what, currency_);
  }

  [[nodiscard]] std::string title() const {
    std::string command;
    if (r_.run) {
      const std::string given = r_.run->value("title", std::string());
      if (!given.empty()) return given;
      command = r_.run->value("command", std::string());
    }
    std::string out = "stockcast";
    if (!command.empty()) out += " " + command;
    if (!ticker().empty()) out += ": " + ticker();
    return out;
  }

  [[nodiscard]] std::string subtitle() const {
    std::vector<std::string> parts;
    if (r_.run) {
      if (auto created = r_.run->value("created", std::string()); !created.empty())
        parts.push_back("run " + created);
      if (auto version = r_.run->value("stockcast_version", std::string()); !version.empty()) {
        parts.push_back("stockcast " + version);
      }
    }
    parts.push_back("report of " + r_.dir.filename().string());
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " · ") + part;
    return out;
  }

  // ---------------------------------------------------------------- overview

  std::optional<Section> overview() {
    Section section{"overview", "Run and data", "", {}, {}, false};
    if (r_.run && r_.run->contains("settings")) {
      Table settings{"settings", "Run settings", {"Setting", "Value"}, {}, {}, "", true};
      if (r_.run->contains("command"))
        settings.rows.push_back({text_cell("command"), text_cell(json_scalar_text((*r_.run)["command"]))});
      nlohmann::json rest = (*r_.run)["settings"];
      std::optional<Table> models;
      if (rest.is_object() && rest.contains("models") && is_model_list(rest["models"])) {
        models = models_table(rest["models"], settings.rows);
        rest.erase("models");
      }
      flatten_settings(rest, "", settings.rows);
      if (!settings.rows.empty()) section.tables.push_back(std::move(settings));
      if (models) section.tables.push_back(std::move(*models));
    }
    Table summary{"data-summary", "Data summary", {"Property", "Value"}, {}, {}, "", false};
    if (r_.run && r_.run->contains("data") && (*r_.run)["data"].is_object()) {
      const auto& data = (*r_.run)["data"];
      for (const char* key : {"ticker", "path", "rows", "first_date", "last_date", "columns"}) {
        if (!data.contains(key)) continue;
        std::string text;
        if (data[key].is_array()) {
          for (const auto& item : data[key]) text += (text.empty() ? "" : ", ") + json_scalar_text(item);
        } else {
          text = json_scalar_text(data[key]);
        }
        summary.rows.push_back({text_cell(key), text_cell(text)});
      }
    } else if (r_.data) {
      summary.rows.push_back({text_cell("rows"), number_cell(static_cast<double>(r_.data->size()))});
      if (!r_.data->empty()) {
        summary.rows.push_back({text_cell("first_date"), text_cell(to_string(r_.data->first_date()))});
        summary.rows.push_back({text_cell("last_date"), text_cell(to_string(r_.data->last_date()))});
      }
    }
    if (r_.data && r_.data->has_column(kClose)) {
      const auto close = finite_only(r_.data->close());
      if (!close.empty()) {
        const auto m = eval::moments(close);
        summary.rows.push_back(
            {text_cell("close: min / max"), text_cell(fmt::format("{:.4g} / {:.4g}", m.min, m.max))});
        summary.rows.push_back({text_cell("close: last"), number_cell(close.back())});
      }
    }
    if (real_returns_.size() >= 2) {
      const auto m = eval::moments(real_returns_);
      summary.rows.push_back({text_cell("daily log return: mean (%)"), number_cell(m.mean)});
      summary.rows.push_back({text_cell("daily log return: sd (%)"), number_cell(m.sd)});
      summary.rows.push_back({text_cell("daily log return: skew"), number_cell(m.skew)});
      summary.rows.push_back(
          {text_cell("daily log return: excess kurtosis"), number_cell(m.excess_kurtosis)});
    }
    if (!summary.rows.empty()) section.tables.push_back(std::move(summary));
    return section;
  }

  // ---------------------------------------------------------------- comparison table

  std::optional<Section> comparison() {
    if (!r_.metrics || r_.metrics->empty()) return std::nullopt;
    struct Column {
      const char* header;
      double io::MetricsRow::*member;
    };
    // The verdict and the columns it rests on first, so they are visible without scrolling.
    const Column all[] = {{"Skill vs naive", &io::MetricsRow::skill_vs_naive},
                          {"DM p-value", &io::MetricsRow::dm_pvalue},
                          {"MSE", &io::MetricsRow::mse},
                          {"RMSE", &io::MetricsRow::rmse},
                          {"MAE", &io::MetricsRow::mae},
                          {"MAPE (%)", &io::MetricsRow::mape},
                          {"sMAPE (%)", &io::MetricsRow::smape},
                          {"R²", &io::MetricsRow::r2},
                          {"Explained var.", &io::MetricsRow::explained_variance},
                          {"Max error", &io::MetricsRow::max_error},
                          {"Directional acc.", &io::MetricsRow::directional_accuracy},
                          {"Train (s)", &io::MetricsRow::train_seconds}};
    std::vector<Column> columns;
    for (const auto& column : all) {
      if (std::any_of(r_.metrics->begin(), r_.metrics->end(),
                      [&](const io::MetricsRow& row) { return std::isfinite(row.*column.member); })) {
        columns.push_back(column);
      }
    }
    Table table{"metrics", "Model comparison", {"Model", "Split", "Verdict"}, {}, {}, "", true};
    for (const auto& column : columns) table.columns.emplace_back(column.header);
    std::size_t marked = 0;
    for (const auto& row : *r_.metrics) {
      std::vector<TableCell> cells{text_cell(row.model), text_cell(split_title(row.split))};
      std::string verdict;
      std::string row_class;
      const bool is_naive = row.model == "naive";
      // As compare's table: a model beats naive only when its skill is positive and the DM test says
      // the difference is significant.
      if (is_naive) {
        verdict = "reference (tomorrow = today)";
        row_class = "reference";
      } else if (!std::isfinite(row.skill_vs_naive)) {
        verdict = "–";
      } else if (row.skill_vs_naive <= 0) {
        verdict = "✗ does not beat naive (worse)";
        row_class = "worse-than-naive";
        ++marked;
      } else if (std::isfinite(row.dm_pvalue) && row.dm_pvalue < kSignificance) {
        verdict = "✓ beats naive (DM p < 0.05)";
        row_class = "better-than-naive";
      } else if (std::isfinite(row.dm_pvalue)) {
        verdict = "✗ does not beat naive (not significant, DM p ≥ 0.05)";
        row_class = "not-significant";
        ++marked;
      } else {
        verdict = "better than naive (no DM test)";
      }
      cells.push_back(text_cell(verdict));
      for (const auto& column : columns) {
        const double value = row.*column.member;
        std::string css;
        if (column.member == &io::MetricsRow::skill_vs_naive && !is_naive && std::isfinite(value)) {
          css = value <= 0 ? "bad" : "good";
        }
        cells.push_back(number_cell(value, css));
      }
      table.rows.push_back(std::move(cells));
      table.row_classes.push_back(row_class);
    }
    table.note = fmt::format(
        "Errors in price units. Skill = 1 − MSE(model) / MSE(naive) on the same days; DM = Diebold–Mariano "
        "test "
        "against naive (squared-error loss); a model beats naive when its skill is positive and DM p < 0.05. "
        "{} row(s) marked ✗ do not beat the naive forecast. Click a header to sort.",
        marked);
    return Section{"comparison", "Comparison with the naive forecast", "", {std::move(table)}, {}, false};
  }

  // ---------------------------------------------------------------- predictions

  std::optional<Section> predictions() {
    if (!r_.predictions || r_.predictions->dates.empty()) return std::nullopt;
    const auto& p = *r_.predictions;
    std::vector<std::string> splits;
    for (const auto& s : p.splits) {
      if (std::find(splits.begin(), splits.end(), s) == splits.end()) splits.push_back(s);
    }
    Section section{"predictions", "Predicted vs actual", "", {}, {}, false};
    section.intro =
        "Drag across a chart to zoom into a period, double-click to zoom out; click a legend entry to hide a "
        "series. The naive forecast (tomorrow = today, dashed) is the reference every model must beat.";
    for (const auto& split : splits) {
      std::vector<std::size_t> rows;
      for (std::size_t i = 0; i < p.dates.size(); ++i) {
        if (p.splits[i] == split) rows.push_back(i);
      }
      std::stable_sort(rows.begin(), rows.end(),
                       [&](std::size_t a, std::size_t b) { return p.dates[a] < p.dates[b]; });
      auto pick = [&](const std::vector<double>& values) {
        std::vector<double> out(rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k) out[k] = values[rows[k]];
        return out;
      };
      std::vector<Date> dates(rows.size());
      for (std::size_t k = 0; k < rows.size(); ++k) dates[k] = p.dates[rows[k]];
      const std::vector<double> x = unix_seconds(dates);
      const std::vector<double> actual = pick(p.actual);
      const std::string name = split_title(split);

      Chart chart;
      chart.id = ids_.make("pred", split);
      chart.title = fmt::format("Predicted vs actual, {} period", name);
      chart.x_label = "Date";
      chart.y_label = price_label("Close price");
      chart.x_is_time = true;
      chart.x = x;
      chart.sync = "pred-" + split;
      chart.series.push_back(line("actual", actual, std::string(kActualColor), 2));
      chart.series.push_back(
          line("naive", pick(p.naive), std::string(kNaiveColor), 1.5, SeriesStyle::kDashed));
      for (std::size_t m = 0; m < p.models.size(); ++m) {
        chart.series.push_back(line(p.models[m].name, pick(p.models[m].values), palette(m)));
      }
      chart.note = fmt::format("{} trading days; prices in the data's units.", rows.size());

      Chart residuals;
      residuals.id = ids_.make("resid", split);
      residuals.title = fmt::format("Residuals (actual − predicted), {} period", name);
      residuals.x_label = "Date";
      residuals.y_label = price_label("Residual");
      residuals.x_is_time = true;
      residuals.x = x;
      residuals.sync = chart.sync;
      auto residual = [&](const std::vector<double>& predicted) {
        std::vector<double> out(rows.size());
        for (std::size_t k = 0; k < rows.size(); ++k) out[k] = actual[k] - predicted[k];
        return out;
      };
      residuals.series.push_back(
          line("naive", residual(pick(p.naive)), std::string(kNaiveColor), 1, SeriesStyle::kDashed));
      for (std::size_t m = 0; m < p.models.size(); ++m) {
        residuals.series.push_back(line(p.models[m].name, residual(pick(p.models[m].values)), palette(m), 1));
      }
      residuals.note =
          "Positive: the model predicted too low. A good model's residuals hover around zero without drift.";
      section.charts.push_back(std::move(chart));
      section.charts.push_back(std::move(residuals));
    }
    return section;
  }

  // ---------------------------------------------------------------- training history

  std::optional<Section> training() {
    if (!r_.history || r_.history->empty()) return std::nullopt;
    Section section{"training",
                    "Training history",
                    "Loss per epoch on the training and validation data; the learning "
                    "rate (right axis, log scale) shows the effect of the LR schedule.",
                    {},
                    {},
                    true};
    const std::string loss =
        loss_name_.empty() ? "Loss (scaled data)" : fmt::format("Loss ({}, scaled data)", loss_name_);
    for (const auto& name : models_in_order(*r_.history)) {
      std::vector<io::HistoryRow> rows;
      std::copy_if(r_.history->begin(), r_.history->end(), std::back_inserter(rows),
                   [&](const io::HistoryRow& row) { return row.model == name; });
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.epoch < b.epoch; });
      Chart chart;
      chart.id = ids_.make("loss", name);
      chart.title = fmt::format("Training history: {}", name);
      chart.x_label = "Epoch";
      chart.y_label = loss;
      std::vector<double> train;
      std::vector<double> val;
      std::vector<double> lr;
      for (const auto& row : rows) {
        chart.x.push_back(row.epoch);
        train.push_back(row.train_loss);
        val.push_back(row.val_loss);
        lr.push_back(row.lr);
      }
      chart.series.push_back(line("training loss", std::move(train), palette(0), 2));
      if (any_finite(val)) chart.series.push_back(line("validation loss", std::move(val), palette(1), 2));
      const bool lr_positive =
          std::all_of(lr.begin(), lr.end(), [](double v) { return !std::isfinite(v) || v > 0; });
      if (any_finite(lr) && lr_positive) {
        auto series = line("learning rate", std::move(lr), palette(2), 1, SeriesStyle::kDashed);
        series.right_axis = true;
        chart.series.push_back(std::move(series));
        chart.y2_label = "Learning rate";
        chart.y2_log = true;
      }
      section.charts.push_back(std::move(chart));
    }
    return section;
  }

  // ---------------------------------------------------------------- rolling validation

  std::optional<Section> folds() {
    if (!r_.folds || r_.folds->rows.empty()) return std::nullopt;
    const auto& f = *r_.folds;
    const auto models = models_in_order(f.rows);
    std::set<int> fold_set;
    for (const auto& row : f.rows) fold_set.insert(row.fold);
    const std::vector<int> fold_numbers(fold_set.begin(), fold_set.end());
    Section section{"folds",
                    "Rolling validation",
                    fmt::format("{} folds; each point is one fold's test window.", fold_numbers.size()),
                    {},
                    {},
                    true};
    Table table{"fold-distribution",
                "Metric distribution over folds",
                {"Model", "Metric", "Folds", "Mean", "SD", "Min", "Median", "Max"},
                {},
                {},
                "",
                true};
    for (std::size_t m = 0; m < f.metric_names.size(); ++m) {
      Chart chart;
      chart.id = ids_.make("folds", f.metric_names[m]);
      chart.title = fmt::format("{} per fold", f.metric_names[m]);
      chart.x_label = "Fold";
      chart.y_label = f.metric_names[m];
      chart.x.assign(fold_numbers.begin(), fold_numbers.end());
      for (std::size_t k = 0; k < models.size(); ++k) {
        std::vector<double> y(fold_numbers.size(), kNaN);
        for (const auto& row : f.rows) {
          if (row.model != models[k]) continue;
          const auto at =
              std::lower_bound(fold_numbers.begin(), fold_numbers.end(), row.fold) - fold_numbers.begin();
          y[at] = row.values[m];
        }
        std::vector<double> values = finite_only(y);
        if (!values.empty()) {
          std::sort(values.begin(), values.end());
          const double mean =
              std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
          double ss = 0;
          for (const double v : values) ss += (v - mean) * (v - mean);
          const double sd = values.size() > 1 ? std::sqrt(ss / static_cast<double>(values.size() - 1)) : kNaN;
          table.rows.push_back({text_cell(models[k]), text_cell(f.metric_names[m]),
                                number_cell(static_cast<double>(values.size())), number_cell(mean),
                                number_cell(sd), number_cell(values.front()),
                                number_cell(sorted_quantile(values, 0.5)), number_cell(values.back())});
        }
        chart.series.push_back(line(models[k], std::move(y),
                                    models[k] == "naive" ? std::string(kNaiveColor) : palette(k), 1.5,
                                    models[k] == "naive" ? SeriesStyle::kDashed : SeriesStyle::kLine));
      }
      section.charts.push_back(std::move(chart));
    }
    section.tables.push_back(std::move(table));
    return section;
  }

  // ---------------------------------------------------------------- tune

  std::optional<Section> trials() {
    if (!r_.trials || r_.trials->rows.empty()) return std::nullopt;
    const auto& t = *r_.trials;
    Table table{"trials", "Trials (best first)", {"Trial", t.objective}, {}, {}, "", true};
    for (const auto& name : t.param_names) table.columns.push_back(name);
    std::vector<io::TrialTable::Row> rows = t.rows;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      const bool fa = std::isfinite(a.score);
      const bool fb = std::isfinite(b.score);
      return fa != fb ? fa : (fa && a.score < b.score);
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
      std::vector<TableCell> cells{number_cell(rows[i].trial), number_cell(rows[i].score)};
      for (const auto& value : rows[i].params) cells.push_back(text_cell(value));
      table.rows.push_back(std::move(cells));
      table.row_classes.push_back(i == 0 ? "best" : "");
    }
    rows = t.rows;
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.trial < b.trial; });
    Chart chart;
    chart.id = ids_.make("trials");
    chart.title = fmt::format("{} per trial", t.objective);
    chart.x_label = "Trial";
    chart.y_label = t.objective + " (lower is better)";
    std::vector<double> score;
    std::vector<double> best;
    double best_so_far = kNaN;
    for (const auto& row : rows) {
      chart.x.push_back(row.trial);
      score.push_back(row.score);
      if (std::isfinite(row.score) && !(row.score >= best_so_far)) best_so_far = row.score;
      best.push_back(best_so_far);
    }
    chart.series.push_back(line("trial", std::move(score), palette(0), 1, SeriesStyle::kPoints));
    chart.series.push_back(line("best so far", std::move(best), palette(3), 2, SeriesStyle::kStep));
    return Section{"trials", "Hyper-parameter search", "", {std::move(table)}, {std::move(chart)}, false};
  }

  // ---------------------------------------------------------------- a fitted model (fit.json)

  std::optional<Section> fitted() {
    if (!r_.fit) return std::nullopt;
    const auto& f = *r_.fit;
    auto number_of = [](const nlohmann::json& v) {
      return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
    };
    Section section{"fit", "Fitted model", f.value("description", std::string()), {}, {}, false};
    if (f.contains("params") && f["params"].is_object()) {
      Table table{"coefficients",
                  "Coefficients",
                  {"Parameter", "Estimate", "Std. error", "z", "P>|z|"},
                  {},
                  {},
                  "",
                  true};
      const nlohmann::json se = f.contains("std_errors") && f["std_errors"].is_object()
                                    ? f["std_errors"]
                                    : nlohmann::json::object();
      for (const auto& [name, value] : f["params"].items()) {
        const double estimate = number_of(value);
        const double error = se.contains(name) ? number_of(se[name]) : kNaN;
        const bool has_error = std::isfinite(error) && error > 0;
        const double z = has_error ? estimate / error : kNaN;
        const double p = has_error ? std::erfc(std::abs(z) / std::numbers::sqrt2) : kNaN;  // two-sided normal
        table.rows.push_back({text_cell(name), number_cell(estimate), number_cell(error), number_cell(z),
                              number_cell(p, std::isfinite(p) && p < kSignificance ? "good" : "")});
      }
      table.note = "z = estimate / standard error; P>|z| from the normal distribution (two-sided).";
      section.tables.push_back(std::move(table));
    }
    Table stats{"fit-statistics", "Fit", {"Statistic", "Value"}, {}, {}, "", false};
    for (const char* key : {"model", "order", "transform", "likelihood", "series", "lags", "loglik", "aic",
                            "aicc", "bic", "nobs", "persistence", "converged", "optimizer_status"}) {
      if (!f.contains(key) || f[key].is_null()) continue;
      const auto& v = f[key];
      if (v.is_number()) {
        stats.rows.push_back({text_cell(key), number_cell(v.get<double>())});
      } else if (v.is_array()) {
        std::string text;
        for (const auto& item : v) text += (text.empty() ? "" : ", ") + json_scalar_text(item);
        stats.rows.push_back({text_cell(key), text_cell(text)});
      } else {
        stats.rows.push_back({text_cell(key), text_cell(json_scalar_text(v))});
      }
    }
    if (f.contains("ljung_box") && f["ljung_box"].is_object()) {
      const auto& lb = f["ljung_box"];
      stats.rows.push_back({text_cell(fmt::format("Ljung-Box Q ({} lags)",
                                                  json_scalar_text(lb.value("lags", nlohmann::json("?"))))),
                            number_cell(number_of(lb.value("statistic", nlohmann::json())))});
      stats.rows.push_back(
          {text_cell("Ljung-Box p-value"), number_cell(number_of(lb.value("p_value", nlohmann::json())))});
    }
    if (f.contains("warnings") && f["warnings"].is_array()) {
      for (const auto& w : f["warnings"])
        stats.note += (stats.note.empty() ? "Warning: " : " ") + json_scalar_text(w);
    }
    if (!stats.rows.empty()) section.tables.push_back(std::move(stats));
    return section;
  }

  // ---------------------------------------------------------------- forecasts

  std::optional<Section> forecasts() {
    if (!r_.forecast || r_.forecast->rows.empty()) return std::nullopt;
    const auto& f = *r_.forecast;
    Section section{
        "forecast", "Forecasts", "Point forecast with prediction intervals after the last observed day.",
        {},         {},          false};
    // Widest interval first so narrower bands are drawn on top.
    std::vector<std::size_t> levels(f.levels.size());
    std::iota(levels.begin(), levels.end(), 0);
    std::sort(levels.begin(), levels.end(),
              [&](std::size_t a, std::size_t b) { return f.levels[a] > f.levels[b]; });
    Table table{"forecast-table", "Forecast values", {"Model", "Date", "Forecast"}, {}, {}, "", true};
    for (const std::size_t l : levels) {
      table.columns.push_back(fmt::format("Lower {}%", f.levels[l]));
      table.columns.push_back(fmt::format("Upper {}%", f.levels[l]));
    }
    for (const auto& name : models_in_order(f.rows)) {
      std::vector<const io::ForecastTable::Row*> rows;
      for (const auto& row : f.rows) {
        if (row.model == name) rows.push_back(&row);
      }
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto* a, const auto* b) { return a->date < b->date; });
      for (const auto* row : rows) {
        std::vector<TableCell> cells{text_cell(name), text_cell(to_string(row->date)),
                                     number_cell(row->value)};
        for (const std::size_t l : levels) {
          cells.push_back(number_cell(row->lower[l]));
          cells.push_back(number_cell(row->upper[l]));
        }
        table.rows.push_back(std::move(cells));
      }
      // Observed history before the first forecast day.
      std::vector<Date> history_dates;
      std::vector<double> history_close;
      if (r_.data && r_.data->has_column(kClose)) {
        const std::size_t end = r_.data->lower_bound(rows.front()->date);
        const std::size_t keep = std::max(kFanHistoryMin, kFanHistoryPerStep * rows.size());
        for (std::size_t t = end > keep ? end - keep : 0; t < end; ++t) {
          history_dates.push_back(r_.data->date(t));
          history_close.push_back(r_.data->close()[t]);
        }
      }
      const std::size_t h = history_dates.size();
      const std::size_t n = h + rows.size();
      Chart chart;
      chart.id = ids_.make("fan", name);
      chart.title = fmt::format("Forecast: {}", name);
      chart.x_label = "Date";
      chart.y_label = price_label("Close price");
      chart.x_is_time = true;
      std::vector<Date> dates = history_dates;
      for (const auto* row : rows) dates.push_back(row->date);
      chart.x = unix_seconds(dates);
      std::vector<double> observed(n, kNaN);
      std::copy(history_close.begin(), history_close.end(), observed.begin());
      std::vector<double> point(n, kNaN);
      if (h > 0) point[h - 1] = history_close.back();  // join the forecast to the last observation
      for (std::size_t k = 0; k < rows.size(); ++k) point[h + k] = rows[k]->value;
      if (h > 0) chart.series.push_back(line("observed", std::move(observed), std::string(kActualColor), 2));
      chart.series.push_back(line("forecast", std::move(point), palette(0), 2));
      for (const std::size_t l : levels) {
        std::vector<double> lower(n, kNaN);
        std::vector<double> upper(n, kNaN);
        if (h > 0) lower[h - 1] = upper[h - 1] = history_close.back();
        for (std::size_t k = 0; k < rows.size(); ++k) {
          lower[h + k] = rows[k]->lower[l];
          upper[h + k] = rows[k]->upper[l];
        }
        const double alpha = f.levels[l] >= 90 ? 0.15 : 0.3;
        const std::size_t upper_index = chart.series.size();
        chart.series.push_back(line(fmt::format("upper {}%", f.levels[l]), std::move(upper), palette(0), 1,
                                    SeriesStyle::kDashed));
        chart.series.push_back(line(fmt::format("lower {}%", f.levels[l]), std::move(lower), palette(0), 1,
                                    SeriesStyle::kDashed));
        chart.bands.push_back({upper_index, upper_index + 1, fmt::format("rgba(31,119,180,{})", alpha)});
      }
      chart.note = fmt::format("{} forecast day(s){}.", rows.size(),
                               h > 0 ? fmt::format(" after the last {} observed days", h) : std::string());
      section.charts.push_back(std::move(chart));
    }
    section.tables.push_back(std::move(table));
    return section;
  }

  // ---------------------------------------------------------------- volatility

  std::optional<Section> volatility() {
    if (!r_.volatility || r_.volatility->empty()) return std::nullopt;
    Section section{"volatility",
                    "Conditional volatility",
                    "Daily returns with the model's conditional standard deviation "
                    "(in-sample) and its forecast.",
                    {},
                    {},
                    false};
    for (const auto& name : models_in_order(*r_.volatility)) {
      std::vector<io::VolatilityRow> rows;
      std::copy_if(r_.volatility->begin(), r_.volatility->end(), std::back_inserter(rows),
                   [&](const auto& row) { return row.model == name; });
      std::stable_sort(rows.begin(), rows.end(),
                       [](const auto& a, const auto& b) { return a.date < b.date; });
      Chart chart;
      chart.id = ids_.make("vol", name);
      chart.title = fmt::format("Conditional volatility: {}", name);
      chart.x_label = "Date";
      chart.y_label = "Return and volatility (% per day)";
      chart.x_is_time = true;
      std::vector<double> ret;
      std::vector<double> fitted;
      std::vector<double> forecast;
      std::size_t last_fitted = rows.size();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        chart.x.push_back(unix_seconds(rows[i].date));
        ret.push_back(rows[i].return_value);
        const bool in_sample = std::isfinite(rows[i].return_value);
        fitted.push_back(in_sample ? rows[i].volatility : kNaN);
        forecast.push_back(in_sample ? kNaN : rows[i].volatility);
        if (in_sample) last_fitted = i;
      }
      if (last_fitted < rows.size() && last_fitted + 1 < rows.size())
        forecast[last_fitted] = fitted[last_fitted];
      chart.series.push_back(line("return", std::move(ret), "#9a9a9a", 1));
      chart.series.push_back(line("conditional volatility", std::move(fitted), palette(3), 1.5));
      if (any_finite(forecast))
        chart.series.push_back(
            line("volatility forecast", std::move(forecast), palette(0), 2, SeriesStyle::kDashed));
      // Over many years the forecast is a few pixels wide: the last year and the forecast again.
      const std::size_t forecast_days = rows.size() - (last_fitted < rows.size() ? last_fitted + 1 : 0);
      if (forecast_days > 0 && rows.size() > 2 * kRecentDays) {
        const std::size_t from = rows.size() - forecast_days - kRecentDays;
        Chart recent = chart;
        recent.id = ids_.make("vol-recent", name);
        recent.title =
            fmt::format("Conditional volatility, last {} days and forecast: {}", kRecentDays, name);
        recent.x.erase(recent.x.begin(), recent.x.begin() + static_cast<std::ptrdiff_t>(from));
        for (auto& series : recent.series) {
          series.y.erase(series.y.begin(), series.y.begin() + static_cast<std::ptrdiff_t>(from));
        }
        section.charts.push_back(std::move(chart));
        section.charts.push_back(std::move(recent));
        continue;
      }
      section.charts.push_back(std::move(chart));
    }
    return section;
  }

  // ---------------------------------------------------------------- synthetic data

  static std::vector<double> path_returns(const std::vector<double>& path) {
    std::vector<double> out;
    for (std::size_t t = 1; t < path.size(); ++t) {
      if (path[t] > 0 && path[t - 1] > 0)
        out.push_back(kPercent * std::log(path[t] / path[t - 1]));
      else
        out.push_back(kNaN);
    }
    return out;
  }

  // Mean over paths of each path's ACF (PACF); paths too short or constant are skipped.
  template <typename Statistic>
  static std::vector<double> mean_over_paths(const std::vector<std::vector<double>>& returns,
                                             std::size_t lags, Statistic statistic) {
    std::vector<double> sum(lags, 0);
    std::size_t used = 0;
    for (const auto& r : returns) {
      const std::vector<double> finite = finite_only(r);
      if (finite.size() < lags + 2) continue;
      try {
        const auto values = statistic(finite, lags);
        for (std::size_t k = 0; k < lags; ++k) sum[k] += values[k];
        ++used;
      } catch (const InvalidInput&) {
        continue;  // a constant path has no ACF
      }
    }
    if (used == 0) return std::vector<double>(lags, kNaN);
    for (double& v : sum) v /= static_cast<double>(used);
    return sum;
  }

  std::optional<Section> synthetic() {
    if (!r_.paths || r_.paths->empty()) {
      if (!r_.fidelity || r_.fidelity->empty()) return std::nullopt;
      return Section{"synthetic", "Synthetic data fidelity", "", {fidelity_table()}, {}, false};
    }
    Section section{"synthetic", "Synthetic paths vs real data", "", {}, {}, false};
    section.intro = real_returns_.empty() ? "No real data in this directory: synthetic statistics only."
                                          : "Returns are daily log returns in percent. Confidence bands of "
                                            "the ACF/PACF are ±1.96/√n of the "
                                            "real series (white noise would stay inside them).";
    const bool single = r_.paths->size() == 1;
    for (const auto& set : *r_.paths) {
      if (set.paths.empty()) continue;
      const std::string name = set.model.empty() ? "synthetic" : set.model;
      const std::string suffix = single ? std::string() : name;
      const std::string for_name = single ? std::string() : ": " + name;
      std::vector<std::vector<double>> returns;
      std::vector<double> pooled;
      std::size_t length = 0;
      for (const auto& path : set.paths) {
        length = std::max(length, path.size());
        returns.push_back(path_returns(path));
        const auto finite = finite_only(returns.back());
        pooled.insert(pooled.end(), finite.begin(), finite.end());
      }

      // Paths. Generated paths continue from the last real close (day 0): the real history is drawn
      // up to day 0 and the paths after it, each starting at that close.
      {
        Chart chart;
        chart.id = ids_.make("synth-paths", suffix);
        chart.title = fmt::format("Real vs synthetic price paths{}", for_name);
        chart.y_label = price_label("Close price");
        std::size_t take = 0;
        std::span<const double> close;
        if (r_.data && r_.data->has_column(kClose) && !r_.data->empty()) {
          close = r_.data->close();
          take = std::min(length, close.size());
        }
        const std::size_t n = take + length;
        for (std::size_t i = 0; i < n; ++i) {
          chart.x.push_back(static_cast<double>(i) - static_cast<double>(take) + 1);
        }
        chart.x_label = take > 0 ? "Trading day (0 = last day of the real data)" : "Trading day";
        if (take > 0) {
          std::vector<double> real(n, kNaN);
          std::copy(close.end() - static_cast<std::ptrdiff_t>(take), close.end(), real.begin());
          chart.series.push_back(line(fmt::format("real (last {} days)", take), std::move(real),
                                      std::string(kActualColor), 2.5));
        }
        const std::size_t shown = std::min(o_.max_paths_shown, set.paths.size());
        for (std::size_t k = 0; k < shown; ++k) {
          std::vector<double> y(n, kNaN);
          if (take > 0) y[take - 1] = close.back();
          std::copy(set.paths[k].begin(), set.paths[k].end(), y.begin() + static_cast<std::ptrdiff_t>(take));
          chart.series.push_back(line(fmt::format("path {}", k + 1), std::move(y), palette(k), 1));
          chart.series.back().figure_key =
              k == 0 ? fmt::format("synthetic paths ({} of {})", shown, set.paths.size()) : std::string();
        }
        chart.note = fmt::format("{} of {} synthetic paths of {} days drawn{}.", shown, set.paths.size(),
                                 length, take > 0 ? ", continuing from the last real close" : "");
        section.charts.push_back(std::move(chart));
      }
      if (pooled.size() < 4) continue;

      // Histogram with a normal overlay.
      {
        std::vector<double> all = pooled;
        all.insert(all.end(), real_returns_.begin(), real_returns_.end());
        std::sort(all.begin(), all.end());
        double lo = sorted_quantile(all, 0.005);
        double hi = sorted_quantile(all, 0.995);
        if (!(hi > lo)) {
          lo = all.front() - 1;
          hi = all.back() + 1;
        }
        const std::size_t bins = o_.histogram_bins;
        const double width = (hi - lo) / static_cast<double>(bins);
        Chart chart;
        chart.id = ids_.make("synth-hist", suffix);
        chart.title = fmt::format("Distribution of daily returns{}", for_name);
        chart.x_label = "Daily log return (%)";
        chart.y_label = "Density (1/%)";
        for (std::size_t b = 0; b < bins; ++b) chart.x.push_back(lo + (static_cast<double>(b) + 0.5) * width);
        const auto& reference = real_returns_.size() >= 2 ? real_returns_ : pooled;
        const auto m = eval::moments(reference);
        if (real_returns_.size() >= 2) {
          chart.series.push_back(line("real", histogram_density(real_returns_, lo, hi, bins),
                                      std::string(kActualColor), 2, SeriesStyle::kHistogram));
        }
        chart.series.push_back(line("synthetic", histogram_density(pooled, lo, hi, bins), palette(0), 2,
                                    SeriesStyle::kHistogram));
        std::vector<double> normal;
        for (const double x : chart.x) normal.push_back(normal_pdf(x, m.mean, m.sd));
        chart.series.push_back(line(fmt::format("normal (mean {:.3g}, sd {:.3g})", m.mean, m.sd),
                                    std::move(normal), palette(3), 1.5, SeriesStyle::kDashed));
        chart.note = fmt::format(
            "Normal density with the {} returns' mean and standard deviation; range clipped to the central "
            "99%.",
            real_returns_.size() >= 2 ? "real" : "synthetic");
        section.charts.push_back(std::move(chart));
      }

      // QQ plot against the normal distribution.
      {
        auto standardized_sorted = [](std::vector<double> values) {
          const auto m = eval::moments(values);
          for (double& v : values) v = m.sd > 0 ? (v - m.mean) / m.sd : 0;
          std::sort(values.begin(), values.end());
          return values;
        };
        const std::vector<double> synth = standardized_sorted(pooled);
        const std::vector<double> real =
            real_returns_.size() >= 2 ? standardized_sorted(real_returns_) : std::vector<double>();
        std::size_t points = std::min(o_.qq_points, synth.size());
        if (!real.empty()) points = std::min(points, real.size());
        Chart chart;
        chart.id = ids_.make("synth-qq", suffix);
        chart.title = fmt::format("QQ plot of standardized daily returns vs normal{}", for_name);
        chart.x_label = "Normal quantile";
        chart.y_label = "Standardized return quantile";
        std::vector<double> yr;
        std::vector<double> ys;
        for (std::size_t i = 0; i < points; ++i) {
          const double prob = (static_cast<double>(i) + 0.5) / static_cast<double>(points);
          chart.x.push_back(normal_quantile(prob));
          if (!real.empty()) yr.push_back(sorted_quantile(real, prob));
          ys.push_back(sorted_quantile(synth, prob));
        }
        if (!real.empty())
          chart.series.push_back(
              line("real", std::move(yr), std::string(kActualColor), 1, SeriesStyle::kPoints));
        chart.series.push_back(line("synthetic", std::move(ys), palette(0), 1, SeriesStyle::kPoints));
        chart.series.push_back(line("normal (y = x)", chart.x, palette(3), 1, SeriesStyle::kDashed));
        chart.note =
            "Points above the line on the right and below it on the left mean heavier tails than normal.";
        section.charts.push_back(std::move(chart));
      }

      // ACF / PACF with confidence bands.
      std::size_t shortest = length;
      for (const auto& r : returns) shortest = std::min(shortest, finite_only(r).size());
      std::size_t lags = o_.max_lags;
      if (shortest >= 2) lags = std::min(lags, shortest - 2);
      if (!real_returns_.empty()) lags = std::min(lags, real_returns_.size() - 2);
      if (shortest < 4 || lags == 0) continue;
      const double n_band = static_cast<double>(real_returns_.empty() ? shortest : real_returns_.size());
      const double band = kBand95 / std::sqrt(n_band);
      struct Kind {
        const char* id;
        const char* title;
        bool absolute;
        bool partial;
      };
      for (const Kind kind : {Kind{"synth-acf", "ACF of daily returns", false, false},
                              Kind{"synth-acf-abs", "ACF of absolute daily returns", true, false},
                              Kind{"synth-pacf", "PACF of daily returns", false, true}}) {
        auto transform = [&](std::vector<double> v) {
          if (kind.absolute) {
            for (double& x : v) x = std::abs(x);
          }
          return v;
        };
        auto statistic = [&](std::span<const double> v, std::size_t k) {
          if (kind.partial) return eval::pacf(v, static_cast<int>(k));
          std::vector<double> r = eval::acf(v, static_cast<int>(k));
          r.erase(r.begin());  // drop r_0 = 1
          return r;
        };
        Chart chart;
        chart.id = ids_.make(kind.id, suffix);
        chart.title = fmt::format("{}{}", kind.title, for_name);
        chart.x_label = "Lag (trading days)";
        chart.y_label = kind.partial ? "Partial autocorrelation" : "Autocorrelation";
        for (std::size_t k = 1; k <= lags; ++k) chart.x.push_back(static_cast<double>(k));
        if (!real_returns_.empty()) {
          try {
            chart.series.push_back(line("real", statistic(transform(real_returns_), lags),
                                        std::string(kActualColor), 3, SeriesStyle::kBars));
          } catch (const InvalidInput&) {
            // a constant real series has no ACF: show synthetic only
          }
        }
        std::vector<std::vector<double>> transformed;
        for (const auto& r : returns) transformed.push_back(transform(r));
        chart.series.push_back(line(fmt::format("synthetic (mean over {} paths)", set.paths.size()),
                                    mean_over_paths(transformed, lags, statistic), palette(0), 2));
        chart.series.push_back(
            line("95% band", std::vector<double>(lags, band), palette(3), 1, SeriesStyle::kDashed));
        chart.series.push_back(
            line("−95% band", std::vector<double>(lags, -band), palette(3), 1, SeriesStyle::kDashed));
        section.charts.push_back(std::move(chart));
      }
    }
    if (r_.fidelity && !r_.fidelity->empty()) section.tables.push_back(fidelity_table());
    return section;
  }

  Table fidelity_table() const {
    Table table{"fidelity",
                "Fidelity: real vs synthetic",
                {"Model", "Statistic", "Real", "Synthetic", "Synthetic − real"},
                {},
                {},
                "",
                true};
    for (const auto& row : *r_.fidelity) {
      table.rows.push_back({text_cell(row.model), text_cell(row.statistic), number_cell(row.real),
                            number_cell(row.synthetic), number_cell(row.synthetic - row.real)});
    }
    return table;
  }

  // ---------------------------------------------------------------- the data itself

  std::optional<Section> data_section() {
    if (!r_.data || r_.data->size() < 2) return std::nullopt;
    const auto& d = *r_.data;
    Section section{"data",
                    "The data",
                    fmt::format("{} trading days from {} to {}.", d.size(), to_string(d.first_date()),
                                to_string(d.last_date())),
                    {},
                    {},
                    false};
    const std::vector<double> x = unix_seconds(d.dates());
    if (d.has_column(kClose)) {
      const auto close = d.close();
      Chart chart;
      chart.id = ids_.make("data-price");
      chart.title = fmt::format("{} close price with moving averages", d.ticker());
      chart.x_label = "Date";
      chart.y_label = price_label("Close price");
      chart.x_is_time = true;
      chart.x = x;
      chart.sync = "data";
      chart.series.push_back(
          line("close", std::vector<double>(close.begin(), close.end()), std::string(kActualColor), 1.5));
      for (std::size_t i = 0; i < o_.moving_averages.size(); ++i) {
        chart.series.push_back(line(fmt::format("{}-day moving average", o_.moving_averages[i]),
                                    moving_average(close, o_.moving_averages[i]), palette(i), 1.5));
      }
      section.charts.push_back(std::move(chart));
    }
    if (d.has_column(kVolume)) {
      const auto volume = d.column(kVolume);
      Chart chart;
      chart.id = ids_.make("data-volume");
      chart.title = fmt::format("{} daily volume", d.ticker());
      chart.x_label = "Date";
      chart.y_label = "Volume (shares per day)";
      chart.x_is_time = true;
      chart.x = x;
      chart.sync = "data";
      chart.series.push_back(line("volume", std::vector<double>(volume.begin(), volume.end()), palette(0), 1,
                                  SeriesStyle::kBars));
      section.charts.push_back(std::move(chart));
    }
    if (!real_returns_.empty()) {
      Chart chart;
      chart.id = ids_.make("data-returns");
      chart.title = fmt::format("{} daily log returns", d.ticker());
      chart.x_label = "Date";
      chart.y_label = "Daily log return (%)";
      chart.x_is_time = true;
      chart.x = x;
      chart.sync = "data";
      std::vector<double> y(d.size(), kNaN);
      std::copy(real_returns_.begin(), real_returns_.end(), y.begin() + 1);
      chart.series.push_back(line("daily log return", std::move(y), palette(0), 1));
      section.charts.push_back(std::move(chart));
    }
    return section;
  }

  const ResultDir& r_;
  const ReportOptions& o_;
  IdMaker ids_;
  std::string currency_;
  std::string loss_name_;
  std::vector<double> real_returns_;  // percent log returns of data.csv's close
};

}  // namespace

void ReportOptions::validate() const {
  for (const std::size_t window : moving_averages) {
    if (window == 0) throw InvalidInput("ReportOptions.moving_averages: a window must be at least 1 day");
  }
  if (max_lags == 0) throw InvalidInput("ReportOptions.max_lags: must be at least 1");
  if (max_paths_shown == 0) throw InvalidInput("ReportOptions.max_paths_shown: must be at least 1");
  if (histogram_bins < 2) throw InvalidInput("ReportOptions.histogram_bins: must be at least 2");
  if (qq_points < 2) throw InvalidInput("ReportOptions.qq_points: must be at least 2");
  if (gnuplot.empty()) throw InvalidInput("ReportOptions.gnuplot: empty program name");
}

ReportModel build_report_model(const ResultDir& results, const ReportOptions& options) {
  options.validate();
  return Builder(results, options).build();
}

FigureFormat parse_figure_format(std::string_view text, std::string_view option) {
  if (text == "png") return FigureFormat::kPng;
  if (text == "svg") return FigureFormat::kSvg;
  throw InvalidInput(fmt::format("{}: '{}' is not a figure format (use png or svg)", option, text));
}

std::string_view extension(FigureFormat format) noexcept {
  return format == FigureFormat::kPng ? "png" : "svg";
}

}  // namespace stockcast::report
