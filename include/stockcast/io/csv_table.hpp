#pragma once
/// \file
/// A small CSV reader and writer for stockcast's own result files (metrics.csv, predictions.csv,
/// history.csv, ...; see docs/result-files.md): one header row, then rows of cells, comma separated,
/// RFC 4180 quoting ("a,b" and "say ""hi""") and an empty cell for a missing value.
///
/// Price files from data vendors are NOT read with this: use data::read_prices, which knows their
/// formats. This is for the simple tables stockcast writes itself.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "stockcast/core/date.hpp"

namespace stockcast::io {

/// A CSV table held as text cells, with accessors that convert a column and name the place (file,
/// line, column) when a cell does not convert.
class CsvTable {
 public:
  /// Builds a table; `source` names it in error messages (normally the file path), `lines[i]` is the
  /// 1-based line number of row i in the source. Throws FormatError when a row's width differs from
  /// the header's or a column name is empty or repeated.
  CsvTable(std::string source, std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
           std::vector<std::size_t> lines);

  /// The file (or other source) the table came from, for messages.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  /// Column names in file order.
  [[nodiscard]] const std::vector<std::string>& header() const noexcept { return header_; }
  /// Number of data rows (the header is not counted).
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }
  /// Index of a column, or std::nullopt when absent.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const noexcept;
  /// Index of a column; throws FormatError naming the file and listing the columns present.
  [[nodiscard]] std::size_t column_index(std::string_view name) const;
  /// The text of one cell.
  [[nodiscard]] const std::string& cell(std::size_t row, std::size_t column) const;
  /// The 1-based source line of a data row.
  [[nodiscard]] std::size_t line(std::size_t row) const { return lines_.at(row); }

  /// A cell as a number: an empty cell, "nan" or "NaN" is NaN; "inf"/"-inf" are infinities. Throws
  /// FormatError "FILE: line L, column 'C': 'x' is not a number".
  [[nodiscard]] double number(std::size_t row, std::size_t column) const;
  /// A cell as a non-negative integer; throws FormatError naming the place.
  [[nodiscard]] long long integer(std::size_t row, std::size_t column) const;
  /// A cell as an ISO date (YYYY-MM-DD); throws FormatError naming the place.
  [[nodiscard]] Date date(std::size_t row, std::size_t column) const;

  /// A whole column as numbers (see number()).
  [[nodiscard]] std::vector<double> numbers(std::string_view column) const;
  /// A whole column as text.
  [[nodiscard]] std::vector<std::string> texts(std::string_view column) const;
  /// A whole column as dates.
  [[nodiscard]] std::vector<Date> dates(std::string_view column) const;

  /// FormatError message prefix for a cell: "FILE: line L, column 'C'".
  [[nodiscard]] std::string place(std::size_t row, std::size_t column) const;

 private:
  std::string source_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
};

/// Parses CSV text (header + rows). Blank lines are skipped; a trailing newline is optional; CRLF is
/// accepted. Throws FormatError naming `source` and the line on an unterminated quote, an empty
/// input (no header) or a row of the wrong width.
CsvTable parse_csv_table(std::string_view text, std::string source);

/// Reads and parses a CSV file; throws IoError when it cannot be read, FormatError as parse_csv_table.
CsvTable read_csv_table(const std::filesystem::path& path);

/// The text of a number in a result file: the shortest text that reads back to the same double
/// ("0.1", "1e-07"), and the empty string for NaN.
std::string format_number(double value);

/// Writes CSV rows to a stream, quoting cells that hold a comma, quote, CR or LF.
///
///     CsvWriter csv(out);
///     csv.row({"model", "mse"});
///     csv.cell("lstm").cell(0.25).end_row();
class CsvWriter {
 public:
  /// Writes to `out`, which must outlive the writer.
  explicit CsvWriter(std::ostream& out) : out_(&out) {}
  /// Appends a text cell to the current row.
  CsvWriter& cell(std::string_view text);
  /// Appends a number (format_number(): NaN becomes an empty cell).
  CsvWriter& cell(double value);
  /// Appends an integer.
  CsvWriter& cell(long long value);
  /// Appends an integer.
  CsvWriter& cell(int value) { return cell(static_cast<long long>(value)); }
  /// Appends an integer.
  CsvWriter& cell(std::size_t value) { return cell(static_cast<long long>(value)); }
  /// Appends an ISO date.
  CsvWriter& cell(Date date);
  /// Ends the current row with "\n".
  CsvWriter& end_row();
  /// Writes a whole row of text cells.
  CsvWriter& row(const std::vector<std::string>& cells);

 private:
  std::ostream* out_;
  bool row_started_ = false;
};

/// A cell's text, quoted when it holds a comma, a double quote, CR or LF.
std::string csv_quote(std::string_view text);

}  // namespace stockcast::io
