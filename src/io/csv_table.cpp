#include "stockcast/io/csv_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <unordered_set>

#include "stockcast/core/error.hpp"

namespace stockcast::io {

namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

CsvTable::CsvTable(std::string source, std::vector<std::string> header,
                   std::vector<std::vector<std::string>> rows, std::vector<std::size_t> lines)
    : source_(std::move(source)),
      header_(std::move(header)),
      rows_(std::move(rows)),
      lines_(std::move(lines)) {
  if (lines_.size() != rows_.size()) {
    throw Internal(
        fmt::format("CsvTable({}): {} rows but {} line numbers", source_, rows_.size(), lines_.size()));
  }
  std::unordered_set<std::string> seen;
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c].empty())
      throw FormatError(fmt::format("{}: column {} of the header has no name", source_, c + 1));
    if (!seen.insert(header_[c]).second) {
      throw FormatError(fmt::format("{}: column '{}' appears twice in the header", source_, header_[c]));
    }
  }
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (rows_[r].size() != header_.size()) {
      throw FormatError(fmt::format("{}: line {}: {} cells, but the header has {} columns", source_,
                                    lines_[r], rows_[r].size(), header_.size()));
    }
  }
}

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const noexcept {
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (header_[c] == name) return c;
  }
  return std::nullopt;
}

std::size_t CsvTable::column_index(std::string_view name) const {
  if (auto index = find_column(name)) return *index;
  throw FormatError(
      fmt::format("{}: no column '{}' (columns present: {})", source_, name, join_names(header_)));
}

const std::string& CsvTable::cell(std::size_t row, std::size_t column) const {
  return rows_.at(row).at(column);
}

std::string CsvTable::place(std::size_t row, std::size_t column) const {
  return fmt::format("{}: line {}, column '{}'", source_, lines_.at(row), header_.at(column));
}

double CsvTable::number(std::size_t row, std::size_t column) const {
  const std::string_view text = trim(cell(row, column));
  if (text.empty() || text == "nan" || text == "NaN" || text == "NA") {
    return std::numeric_limits<double>::quiet_NaN();
  }
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) {
    throw FormatError(fmt::format("{}: '{}' is not a number", place(row, column), text));
  }
  return value;
}

long long CsvTable::integer(std::size_t row, std::size_t column) const {
  const std::string_view text = trim(cell(row, column));
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0) {
    throw FormatError(fmt::format("{}: '{}' is not a non-negative integer", place(row, column), text));
  }
  return value;
}

Date CsvTable::date(std::size_t row, std::size_t column) const {
  const std::string_view text = trim(cell(row, column));
  if (auto date = parse_iso_date(text)) return *date;
  throw FormatError(fmt::format("{}: '{}' is not a date (expected YYYY-MM-DD)", place(row, column), text));
}

std::vector<double> CsvTable::numbers(std::string_view column) const {
  const std::size_t c = column_index(column);
  std::vector<double> out(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r) out[r] = number(r, c);
  return out;
}

std::vector<std::string> CsvTable::texts(std::string_view column) const {
  const std::size_t c = column_index(column);
  std::vector<std::string> out(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r) out[r] = rows_[r][c];
  return out;
}

std::vector<Date> CsvTable::dates(std::string_view column) const {
  const std::size_t c = column_index(column);
  std::vector<Date> out;
  out.reserve(rows_.size());
  for (std::size_t r = 0; r < rows_.size(); ++r) out.push_back(date(r, c));
  return out;
}

CsvTable parse_csv_table(std::string_view text, std::string source) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
  std::vector<std::string> record;
  std::string field;
  std::size_t line = 1;
  std::size_t record_line = 1;
  bool in_quotes = false;
  bool field_started = false;  // anything (even "") seen for the current record
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  auto end_record = [&] {
    if (field_started || !record.empty()) {
      record.push_back(std::move(field));
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field.clear();
    field_started = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_quotes) {
      if (ch == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (ch == '\n') ++line;
        field += ch;
      }
      continue;
    }
    if (!field_started && record.empty()) record_line = line;
    switch (ch) {
      case '"':
        in_quotes = true;
        field_started = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        field_started = true;
        break;
      case '\r':
        break;
      case '\n':
        end_record();
        ++line;
        break;
      default:
        field += ch;
        field_started = true;
    }
  }
  if (in_quotes)
    throw FormatError(fmt::format("{}: line {}: a quoted cell is never closed", source, record_line));
  end_record();

  if (records.empty()) throw FormatError(fmt::format("{}: empty file (expected a header row)", source));
  std::vector<std::string> header = std::move(records.front());
  for (auto& name : header) name = std::string(trim(name));
  records.erase(records.begin());
  lines.erase(lines.begin());
  return CsvTable(std::move(source), std::move(header), std::move(records), std::move(lines));
}

CsvTable read_csv_table(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot read '{}': no such file or not readable", path.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("cannot read '{}': read failed", path.string()));
  return parse_csv_table(buffer.str(), path.string());
}

std::string format_number(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

std::string csv_quote(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

CsvWriter& CsvWriter::cell(std::string_view text) {
  if (row_started_) *out_ << ',';
  *out_ << csv_quote(text);
  row_started_ = true;
  return *this;
}

CsvWriter& CsvWriter::cell(double value) { return cell(std::string_view(format_number(value))); }

CsvWriter& CsvWriter::cell(long long value) { return cell(std::string_view(std::to_string(value))); }

CsvWriter& CsvWriter::cell(Date date) { return cell(std::string_view(to_string(date))); }

CsvWriter& CsvWriter::end_row() {
  *out_ << '\n';
  row_started_ = false;
  return *this;
}

CsvWriter& CsvWriter::row(const std::vector<std::string>& cells) {
  for (const auto& text : cells) cell(std::string_view(text));
  return end_row();
}

}  // namespace stockcast::io
