// Alpha Vantage TIME_SERIES_DAILY / TIME_SERIES_DAILY_ADJUSTED JSON responses, read with a SAX
// handler so that no document tree is built: memory holds only the columns.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "stockcast/core/error.hpp"
#include "table.hpp"

namespace stockcast::data::detail {
namespace {

constexpr std::string_view kSeriesKey = "Time Series (Daily)";
constexpr std::string_view kMetaKey = "Meta Data";

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

/// A column as found in the entries, before the header plan names it.
struct RawField {
  std::string key;             // "1. open"
  std::vector<double> values;  // NaN where an entry lacks it
  bool dead = false;           // held a non-number
  std::string first_bad;       // that non-number
  std::size_t first_bad_entry = 0;
};

class AlphaVantageHandler : public nlohmann::json_sax<nlohmann::json> {
 public:
  explicit AlphaVantageHandler(std::string place) : place_(std::move(place)) {}

  bool null() override { return value(std::string_view{}); }
  bool boolean(bool /*val*/) override { return unexpected("a boolean"); }
  bool number_integer(number_integer_t val) override { return number(static_cast<double>(val)); }
  bool number_unsigned(number_unsigned_t val) override { return number(static_cast<double>(val)); }
  bool number_float(number_float_t val, const string_t& /*s*/) override { return number(val); }
  bool string(string_t& val) override {
    if (depth_ == 1 && (top_key_ == "Error Message" || top_key_ == "Note" || top_key_ == "Information")) {
      service_message_ = fmt::format("{}: {}", top_key_, val);
    }
    return value(val);
  }
  bool binary(binary_t& /*val*/) override { return unexpected("binary data"); }

  bool start_object(std::size_t /*elements*/) override {
    if (depth_ == 0) root_is_object_ = true;
    if (depth_ == 1 && top_key_ == kSeriesKey) {
      if (found_series_) throw InvalidInput(fmt::format("{}: '{}' appears twice", place_, kSeriesKey));
      found_series_ = true;
      in_series_ = true;
    }
    if (in_series_ && depth_ == 2) start_entry();
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 1) in_series_ = false;
    return true;
  }
  bool start_array(std::size_t /*elements*/) override {
    if (depth_ == 0) {
      throw InvalidInput(
          fmt::format("{}: not an Alpha Vantage response: the JSON is an array, expected an object "
                      "with '{}' and '{}'",
                      place_, kMetaKey, kSeriesKey));
    }
    if (in_series_) return unexpected("an array");
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    return true;
  }
  bool key(string_t& val) override {
    if (depth_ == 1) {
      top_key_ = val;
      top_keys_.push_back(val);
    } else if (in_series_ && depth_ == 2) {
      entry_key_ = val;
    } else if (in_series_ && depth_ == 3) {
      field_ = &field(val);
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    throw InvalidInput(fmt::format("{}: not valid JSON at byte {} (near '{}'): {}", place_, position,
                                   last_token.substr(0, 40), ex.what()));
  }

  [[nodiscard]] bool root_is_object() const { return root_is_object_; }
  [[nodiscard]] bool found_series() const { return found_series_; }
  [[nodiscard]] const std::vector<std::string>& top_keys() const { return top_keys_; }
  [[nodiscard]] const std::string& service_message() const { return service_message_; }
  RawTable& table() { return table_; }
  std::vector<RawField>& fields() { return fields_; }

 private:
  // The value of a scalar: only fields of entries matter.
  bool value(std::string_view text) {
    if (!in_series_) return true;
    if (depth_ == 2) return unexpected(fmt::format("the text '{}'", text.substr(0, 40)));
    if (depth_ != 3 || field_ == nullptr) return unexpected("a nested value");
    double parsed = 0;
    switch (parse_number(text, parsed)) {
      case CellStatus::kValue:
        field_->values.back() = parsed;
        break;
      case CellStatus::kMissing:
        break;
      case CellStatus::kInvalid:
        if (!field_->dead) {
          field_->dead = true;
          field_->first_bad = std::string(text.substr(0, 40));
          field_->first_bad_entry = table_.dates.size();
        }
        break;
    }
    return true;
  }
  bool number(double v) {
    if (!in_series_) return true;
    if (depth_ != 3 || field_ == nullptr) return unexpected("a number");
    field_->values.back() = v;
    return true;
  }
  bool unexpected(const std::string& what) {
    if (!in_series_) return true;  // Meta Data and other blocks may hold anything
    throw InvalidInput(fmt::format(
        "{}: entry {} ('{}') of '{}' holds {} where an object of fields such as "
        "\"1. open\": \"131.26\" (or a field's value) belongs",
        place_, depth_ == 2 ? table_.dates.size() + 1 : table_.dates.size(), entry_key_, kSeriesKey, what));
  }
  void start_entry() {
    const auto date = parse_date_fields(entry_key_);
    if (!date) {
      throw InvalidInput(fmt::format("{}: entry {} of '{}': the key '{}' is not a date", place_,
                                     table_.dates.size() + 1, kSeriesKey, entry_key_.substr(0, 40)));
    }
    table_.add_date(*date);
    for (auto& f : fields_) f.values.push_back(kMissing);
    field_ = nullptr;
  }
  RawField& field(const std::string& key) {
    for (auto& f : fields_) {
      if (f.key == key) return f;
    }
    RawField added;
    added.key = key;
    added.values.assign(table_.dates.size(), kMissing);
    fields_.push_back(std::move(added));
    return fields_.back();
  }

  std::string place_;
  int depth_ = 0;
  bool root_is_object_ = false;
  bool found_series_ = false;
  bool in_series_ = false;
  std::string top_key_;
  std::vector<std::string> top_keys_;
  std::string entry_key_;
  std::string service_message_;
  RawField* field_ = nullptr;
  std::vector<RawField> fields_;
  RawTable table_;
};

}  // namespace

ReadResult read_alpha_vantage_json(const std::filesystem::path& path, const ReadOptions& options) {
  const std::string place = where(path);
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw IoError(fmt::format("{}: cannot open", place));
  AlphaVantageHandler handler(place);
  nlohmann::json::sax_parse(file.get(), &handler);
  if (!handler.root_is_object() || !handler.found_series()) {
    std::string keys;
    for (const auto& k : handler.top_keys()) keys += fmt::format("{}'{}'", keys.empty() ? "" : ", ", k);
    std::string hint;
    if (!handler.service_message().empty())
      hint = fmt::format(" (the service said: {})", handler.service_message());
    for (const auto& k : handler.top_keys()) {
      if (k == kSeriesKey) {
        hint += fmt::format(" ('{}' is not an object of dated entries)", k);
      } else if (k.find("Time Series") != std::string::npos || k.find("Weekly") != std::string::npos ||
                 k.find("Monthly") != std::string::npos) {
        hint += fmt::format(" ('{}' is not a daily series)", k);
      }
    }
    throw InvalidInput(
        fmt::format("{}: not an Alpha Vantage TIME_SERIES_DAILY response: top-level keys found: "
                    "{}; expected '{}' and '{}'{}",
                    place, keys.empty() ? std::string("none") : keys, kMetaKey, kSeriesKey, hint));
  }
  RawTable& table = handler.table();
  auto& fields = handler.fields();
  if (table.dates.empty()) throw InvalidInput(fmt::format("{}: '{}' has no entries", place, kSeriesKey));

  std::vector<std::string> header{"date"};
  for (const auto& f : fields) header.push_back(f.key);
  const ColumnPlan plan = plan_columns(header, fmt::format("{}: fields of '{}'", place, kSeriesKey), true);
  std::vector<Column> columns(plan.names.size());
  std::vector<bool> keep(plan.names.size(), true);
  for (std::size_t f = 0; f < fields.size(); ++f) {
    const auto t = static_cast<std::size_t>(plan.target[f + 1]);
    if (fields[f].dead) {
      if (plan.canonical[t]) {
        throw InvalidInput(fmt::format("{}: entry {}, field '{}': '{}' is not a number", place,
                                       fields[f].first_bad_entry, fields[f].key, fields[f].first_bad));
      }
      keep[t] = false;
      table.dropped_columns.push_back(fmt::format("'{}' (not numeric: entry {} holds '{}')", fields[f].key,
                                                  fields[f].first_bad_entry, fields[f].first_bad));
    }
    columns[t] = Column{plan.names[t], std::move(fields[f].values)};
  }
  for (std::size_t t = 0; t < columns.size(); ++t) {
    if (keep[t]) table.columns.push_back(std::move(columns[t]));
  }
  table.unit = "entry";

  FileContext context;
  context.path = path;
  context.format = std::string(kFormatAlphaVantageJson);
  context.source_columns = std::move(header);
  return finish_table(std::move(table), std::move(context), options);
}

}  // namespace stockcast::data::detail
