#include "stockcast/eval/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "stockcast/core/error.hpp"
#include "stockcast/io/text_table.hpp"

namespace stockcast::eval {

namespace {

// Forwards everything to the model it wraps and records the model's training right after fit(), so
// the record survives cross_validate() destroying the model.
class ObservedForecaster final : public models::Forecaster {
 public:
  ObservedForecaster(std::unique_ptr<models::Forecaster> inner, FoldTraining* record)
      : inner_(std::move(inner)), record_(record) {}

  [[nodiscard]] std::string kind() const override { return inner_->kind(); }
  [[nodiscard]] std::string describe() const override { return inner_->describe(); }
  [[nodiscard]] models::Capabilities capabilities() const override { return inner_->capabilities(); }

  void fit(const PriceSeries& train, const PriceSeries& valid) override {
    inner_->fit(train, valid);
    record_->description = inner_->describe();
    const models::ModelState state = inner_->save_state();
    if (!state.config.is_object()) return;
    if (state.config.contains("parameter_count") && state.config.at("parameter_count").is_number_integer()) {
      record_->parameters = state.config.at("parameter_count").get<std::int64_t>();
    }
    if (state.config.contains("history")) {
      record_->history = train::training_history_from_json(state.config.at("history"), record_->description);
    }
  }

  [[nodiscard]] models::Forecast predict(const PriceSeries& history, int horizon) const override {
    return inner_->predict(history, horizon);
  }
  [[nodiscard]] std::vector<models::Forecast> predict_from(const PriceSeries& series,
                                                           std::span<const std::size_t> origins,
                                                           int horizon) const override {
    return inner_->predict_from(series, origins, horizon);
  }
  [[nodiscard]] models::ModelState save_state() const override { return inner_->save_state(); }
  void load_state(const models::ModelState& state) override { inner_->load_state(state); }

 private:
  std::unique_ptr<models::Forecaster> inner_;
  FoldTraining* record_;
};

// Prefixes errors of one fold with its number, keeping their type (and the CLI's exit code).
template <typename Body>
auto in_fold(std::size_t index, std::size_t count, Body&& body) {
  const auto where = [&] { return fmt::format("fold {} of {}: ", index + 1, count); };
  try {
    return body();
  } catch (const InvalidInput& error) {
    throw InvalidInput(where() + error.what());
  } catch (const NumericalError& error) {
    throw NumericalError(where() + error.what());
  } catch (const NotFitted& error) {
    throw NotFitted(where() + error.what());
  }
}

std::string number(double value, std::string_view spec) { return io::format_cell(value, spec); }
std::string p_value(double p) { return io::format_p_value(p); }

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

// A plain-text table whose first `left_columns` columns are left-aligned.
std::string text_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows, std::size_t left_columns,
                       std::size_t gap_at = 0, const std::string& gap = {}) {
  std::vector<io::Align> align(header.size(), io::Align::kRight);
  std::fill_n(align.begin(), std::min(left_columns, align.size()), io::Align::kLeft);
  return io::format_text_table(header, rows, align, gap_at, gap);
}

nlohmann::json summary_json(const std::vector<MetricSummary>& rows) {
  const auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  nlohmann::json out = nlohmann::json::object();
  for (const auto& s : rows) {
    out[s.metric] = {{"count", s.count},     {"mean", finite(s.mean)}, {"sd", finite(s.sd)},
                     {"min", finite(s.min)}, {"q25", finite(s.q25)},   {"median", finite(s.median)},
                     {"q75", finite(s.q75)}, {"max", finite(s.max)}};
  }
  return out;
}

io::MetricsRow pooled_row(const std::string& model, const Metrics& m, double skill, double dm_pvalue,
                          double seconds) {
  io::MetricsRow row;
  row.model = model;
  row.split = "val";
  row.mse = m.mse;
  row.rmse = m.rmse;
  row.mae = m.mae;
  row.mape = m.mape;
  row.smape = m.smape;
  row.r2 = m.r2;
  row.explained_variance = m.explained_variance;
  row.max_error = m.max_error;
  row.directional_accuracy = m.directional_accuracy;
  row.skill_vs_naive = skill;
  row.dm_pvalue = dm_pvalue;
  row.train_seconds = seconds;
  return row;
}

}  // namespace

MetricSummary summarize_values(std::string metric, std::span<const double> values) {
  MetricSummary s;
  s.metric = std::move(metric);
  std::vector<double> sorted;
  for (const double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  s.count = sorted.size();
  if (sorted.empty()) return s;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  if (sorted.size() > 1) {
    double ss = 0;
    for (const double v : sorted) ss += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(ss / (n - 1));
  }
  s.min = sorted.front();
  s.max = sorted.back();
  s.q25 = quantile_sorted(sorted, 0.25);
  s.median = quantile_sorted(sorted, 0.5);
  s.q75 = quantile_sorted(sorted, 0.75);
  return s;
}

const std::vector<std::string>& fold_metric_names() {
  static const std::vector<std::string> names = {"mse",
                                                 "rmse",
                                                 "mae",
                                                 "mape",
                                                 "r2",
                                                 "explained_variance",
                                                 "directional_accuracy",
                                                 "skill_vs_naive",
                                                 "dm_pvalue",
                                                 "fit_seconds"};
  return names;
}

std::vector<double> fold_metric_values(const FoldResult& fold, bool naive) {
  const Metrics& m = naive ? fold.comparison.naive : fold.comparison.model;
  return {m.mse,
          m.rmse,
          m.mae,
          m.mape,
          m.r2,
          m.explained_variance,
          m.directional_accuracy,
          naive ? io::kMissing : fold.comparison.skill,
          naive ? io::kMissing : fold.comparison.dm.p_value,
          naive ? io::kMissing : fold.fit_seconds};
}

ValidationResult validate_model(const ForecasterMaker& make_model, const PriceSeries& series,
                                std::span<const prep::Fold> folds, const ValidationOptions& options) {
  if (folds.empty()) throw InvalidInput("validate: no folds");
  if (!make_model) throw InvalidInput("validate: no model factory");
  ValidationResult result;
  FoldTraining current;
  const ForecasterMaker observed = [&]() -> std::unique_ptr<models::Forecaster> {
    auto model = make_model();
    if (!model) throw Internal("validate: the model factory returned no model");
    return std::make_unique<ObservedForecaster>(std::move(model), &current);
  };
  double skill_sum = 0;
  for (std::size_t k = 0; k < folds.size(); ++k) {
    current = FoldTraining{};
    CrossValidationResult one = in_fold(
        k, folds.size(), [&] { return cross_validate(observed, series, folds.subspan(k, 1), options.cv); });
    FoldResult& fold = one.folds.front();
    if (k == 0) result.cv.model = one.model;
    skill_sum += fold.comparison.skill;
    if (fold.comparison.skill > 0) ++result.folds_better_than_naive;
    result.cv.pooled_forecasts.append(fold.forecasts);
    result.training.push_back(current);
    result.cv.folds.push_back(std::move(fold));
    if (options.on_fold) options.on_fold(k, folds.size(), result.cv.folds.back(), result.training.back());
  }
  result.cv.pooled_forecasts.model = result.cv.model;
  result.cv.pooled = compare_with_naive(result.cv.pooled_forecasts, options.cv.alpha);
  result.cv.mean_skill = skill_sum / static_cast<double>(result.cv.folds.size());

  const auto& names = fold_metric_names();
  for (std::size_t m = 0; m < names.size(); ++m) {
    std::vector<double> model_values;
    std::vector<double> naive_values;
    for (const auto& fold : result.cv.folds) {
      model_values.push_back(fold_metric_values(fold, false)[m]);
      naive_values.push_back(fold_metric_values(fold, true)[m]);
    }
    result.model_summary.push_back(summarize_values(names[m], model_values));
    result.naive_summary.push_back(summarize_values(names[m], naive_values));
  }
  return result;
}

io::FoldTable fold_table(const ValidationResult& result, const std::string& label) {
  io::FoldTable table;
  table.metric_names = fold_metric_names();
  for (std::size_t k = 0; k < result.cv.folds.size(); ++k) {
    const FoldResult& fold = result.cv.folds[k];
    const Date first = fold.forecasts.date.front();
    const Date last = *std::max_element(fold.forecasts.date.begin(), fold.forecasts.date.end());
    const int number = static_cast<int>(k + 1);
    table.rows.push_back({label, number, first, last, fold_metric_values(fold, false)});
    if (label != "naive")
      table.rows.push_back({"naive", number, first, last, fold_metric_values(fold, true)});
  }
  return table;
}

std::string format_validation_report(const ValidationResult& result, const PriceSeries& series,
                                     const std::string& label, std::size_t max_rows) {
  const auto& folds = result.cv.folds;
  const std::size_t n = folds.size();
  std::string out = fmt::format("{}: {}\n\n", label, result.cv.model);

  // Per-fold table; with many folds the first and last ones.
  std::vector<std::vector<std::string>> rows;
  const std::size_t head = (max_rows == 0 || n <= max_rows) ? n : max_rows / 2;
  const std::size_t tail_from = (max_rows == 0 || n <= max_rows) ? n : n - (max_rows - head);
  for (std::size_t k = 0; k < n; ++k) {
    if (k == head) k = tail_from;
    const FoldResult& f = folds[k];
    const auto& c = f.comparison;
    rows.push_back({std::to_string(k + 1),
                    fmt::format("{} .. {}", to_string(series.date(f.fold.train.begin)),
                                to_string(series.date(f.fold.train.end - 1))),
                    fmt::format("{} .. {}", to_string(series.date(f.fold.valid.begin)),
                                to_string(series.date(f.fold.valid.end - 1))),
                    number(c.model.rmse, ".4g"), number(c.naive.rmse, ".4g"), number(c.model.mae, ".4g"),
                    number(c.naive.mae, ".4g"), number(c.skill, "+.3f"), p_value(c.dm.p_value),
                    number(f.fit_seconds, ".2f")});
  }
  out += text_table({"fold", "training days", "validation days", "RMSE", "naive RMSE", "MAE", "naive MAE",
                     "skill", "DM p", "fit s"},
                    rows, 3, head,
                    head < tail_from
                        ? fmt::format("... ({} folds not shown; all in folds.csv)", tail_from - head)
                        : std::string());

  // Across folds: the model beside naive.
  std::vector<std::vector<std::string>> summary;
  for (std::size_t m = 0; m < result.model_summary.size(); ++m) {
    const MetricSummary& s = result.model_summary[m];
    const MetricSummary& z = result.naive_summary[m];
    summary.push_back({s.metric, number(s.mean, ".4g"), number(s.sd, ".4g"), number(s.min, ".4g"),
                       number(s.median, ".4g"), number(s.max, ".4g"), number(z.mean, ".4g"),
                       number(z.sd, ".4g"), number(z.median, ".4g")});
  }
  out += fmt::format("\nAcross the {} folds (each fold's metric; price units):\n", n);
  out += text_table(
      {"metric", "mean", "sd", "min", "median", "max", "naive mean", "naive sd", "naive median"}, summary, 1);

  const NaiveComparison& p = result.cv.pooled;
  const char* verdict = p.beats_naive ? "beats naive"
                        : p.skill > 0 ? "does NOT beat naive (better, but not significantly)"
                                      : "does NOT beat naive (worse)";
  out += fmt::format(
      "\nAll folds pooled ({} forecasts): RMSE {} (naive {}), MAE {} (naive {}), MAPE {}% (naive {}%), skill "
      "{}, "
      "DM p {}: {} {}.\n",
      p.model.n, number(p.model.rmse, ".4g"), number(p.naive.rmse, ".4g"), number(p.model.mae, ".4g"),
      number(p.naive.mae, ".4g"), number(p.model.mape, ".3f"), number(p.naive.mape, ".3f"),
      number(p.skill, "+.4f"), p_value(p.dm.p_value), label, verdict);
  out += fmt::format("Its MSE is below naive's on {} of {} folds (mean skill per fold {}).\n",
                     result.folds_better_than_naive, n, number(result.cv.mean_skill, "+.4f"));
  out += fmt::format(
      "skill = 1 - MSE/MSE_naive; DM p = Diebold-Mariano p-value vs naive (squared error); 'beats naive' "
      "needs "
      "skill > 0 and p < {:g}.\n",
      p.alpha);
  return out;
}

nlohmann::json validation_summary(const ValidationResult& result, const PriceSeries& series) {
  const auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  const NaiveComparison& p = result.cv.pooled;
  nlohmann::json folds = nlohmann::json::array();
  for (std::size_t k = 0; k < result.cv.folds.size(); ++k) {
    const FoldResult& f = result.cv.folds[k];
    nlohmann::json entry = {
        {"fold", k + 1},
        {"train", {to_string(series.date(f.fold.train.begin)), to_string(series.date(f.fold.train.end - 1))}},
        {"valid", {to_string(series.date(f.fold.valid.begin)), to_string(series.date(f.fold.valid.end - 1))}},
        {"rmse", f.comparison.model.rmse},
        {"naive_rmse", f.comparison.naive.rmse},
        {"skill", f.comparison.skill},
        {"dm_pvalue", finite(f.comparison.dm.p_value)},
        {"fit_seconds", f.fit_seconds}};
    const FoldTraining& t = result.training.at(k);
    if (t.history) {
      entry["epochs"] = t.history->epochs.size();
      entry["best_epoch"] = t.history->best_epoch;
      entry["stopped_early"] = t.history->stopped_early;
    }
    folds.push_back(std::move(entry));
  }
  return {{"description", result.cv.model},
          {"folds", result.cv.folds.size()},
          {"params", result.training.empty() ? 0 : result.training.front().parameters},
          {"summary",
           {{"model", summary_json(result.model_summary)}, {"naive", summary_json(result.naive_summary)}}},
          {"pooled",
           {{"n", p.model.n},
            {"mse", p.model.mse},
            {"rmse", p.model.rmse},
            {"mae", p.model.mae},
            {"mape", p.model.mape},
            {"naive_mse", p.naive.mse},
            {"naive_rmse", p.naive.rmse},
            {"naive_mae", p.naive.mae},
            {"skill", p.skill},
            {"dm_statistic", finite(p.dm.statistic)},
            {"dm_pvalue", finite(p.dm.p_value)},
            {"beats_naive", p.beats_naive},
            {"alpha", p.alpha}}},
          {"mean_skill", result.cv.mean_skill},
          {"folds_better_than_naive", result.folds_better_than_naive},
          {"per_fold", std::move(folds)}};
}

void write_validation(const std::filesystem::path& dir, const ValidationResult& result,
                      const PriceSeries& series, const std::string& label,
                      const ValidationFileOptions& options) {
  if (result.cv.folds.empty()) throw InvalidInput("write_validation: no folds");
  io::write_folds_csv(dir, fold_table(result, label));

  double seconds = 0;
  for (const auto& fold : result.cv.folds) seconds += fold.fit_seconds;
  seconds /= static_cast<double>(result.cv.folds.size());
  const NaiveComparison& p = result.cv.pooled;
  std::vector<io::MetricsRow> rows;
  rows.push_back(pooled_row(label, p.model, p.skill, p.dm.p_value, seconds));
  // The naive forecast compared with itself: skill 0, p-value 1 (as in compare's naive row).
  if (label != "naive") rows.push_back(pooled_row("naive", p.naive, 0.0, 1.0, 0.0));
  nlohmann::json extra = nlohmann::json::object();
  extra[label] = validation_summary(result, series);
  io::write_metrics(dir, rows, extra);

  // predictions.csv has one row per target day: the horizon-step forecasts of every fold, when no two
  // folds forecast the same day (rolling folds with a stride below the validation length do).
  const HistoricalForecasts step = result.cv.pooled_forecasts.only_step(result.cv.pooled_forecasts.horizon);
  bool increasing = true;
  for (std::size_t i = 1; i < step.size() && increasing; ++i) increasing = step.date[i - 1] < step.date[i];
  if (increasing && step.size() > 0) {
    io::PredictionTable table;
    table.dates = step.date;
    table.splits.assign(step.size(), "val");
    table.actual = step.actual;
    table.naive = step.origin_value;
    table.models.push_back({label, step.forecast});
    io::write_predictions_csv(dir, table);
  } else {
    std::filesystem::remove(dir / std::string(io::result_file::kPredictions));  // none from an earlier run
  }

  std::vector<io::HistoryRow> history;
  const std::size_t n = result.training.size();
  const std::size_t from = n - std::min(n, options.history_folds);
  for (std::size_t k = from; k < n; ++k) {
    if (!result.training[k].history) continue;
    const std::string name = fmt::format("{} fold {}", label, k + 1);
    for (const auto& e : result.training[k].history->epochs) {
      history.push_back({.model = name,
                         .epoch = e.epoch,
                         .train_loss = e.train_loss,
                         .val_loss = e.val_loss.value_or(io::kMissing),
                         .val_mae = e.val_mae.value_or(io::kMissing),
                         .lr = e.learning_rate});
    }
  }
  if (!history.empty()) {
    io::write_history_csv(dir, history);
  } else {
    std::filesystem::remove(dir / std::string(io::result_file::kHistory));
  }
}

}  // namespace stockcast::eval
