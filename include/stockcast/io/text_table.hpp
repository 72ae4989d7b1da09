#pragma once
/// \file
/// Plain-text tables for the console: the tables compare, validate and tune print.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stockcast::io {

/// Alignment of a console-table column: text left, numbers right.
enum class Align { kLeft, kRight };

/// A number for a console table in a fmt format spec, e.g. `format_cell(3.14159, ".3f")` is "3.142";
/// NaN and infinities print as "-".
std::string format_cell(double value, std::string_view spec);

/// A p-value for a console table: "<1e-4" below 1e-4, otherwise four decimals; NaN prints as "-".
std::string format_p_value(double p);

/// A plain-text table: the header, a rule of dashes, then the rows. Columns are padded to their
/// widest cell and separated by two spaces; `align[j]` aligns column j (columns past its end are
/// right-aligned); trailing spaces are trimmed. When `gap` is not empty it is printed as a line of its
/// own before row `gap_at`. Every row must have as many cells as the header.
std::string format_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows,
                              const std::vector<Align>& align = {}, std::size_t gap_at = 0,
                              std::string_view gap = {});

}  // namespace stockcast::io
