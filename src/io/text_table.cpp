#include "stockcast/io/text_table.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "stockcast/core/error.hpp"

namespace stockcast::io {

std::string format_cell(double value, std::string_view spec) {
  if (!std::isfinite(value)) return "-";
  return fmt::format(fmt::runtime(fmt::format("{{:{}}}", spec)), value);
}

std::string format_p_value(double p) {
  if (!std::isfinite(p)) return "-";
  constexpr double kSmallest = 1e-4;
  if (p < kSmallest) return "<1e-4";
  return fmt::format("{:.4f}", p);
}

std::string format_text_table(const std::vector<std::string>& header,
                              const std::vector<std::vector<std::string>>& rows,
                              const std::vector<Align>& align, std::size_t gap_at, std::string_view gap) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t j = 0; j < header.size(); ++j) width[j] = header[j].size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      throw Internal(fmt::format("format_text_table: row {} has {} cells for {} columns", r, rows[r].size(),
                                 header.size()));
    }
    for (std::size_t j = 0; j < header.size(); ++j) width[j] = std::max(width[j], rows[r][j].size());
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (std::size_t j = 0; j < cells.size(); ++j) {
      if (j > 0) text += "  ";
      const bool left = j < align.size() && align[j] == Align::kLeft;
      text += left ? fmt::format("{:<{}}", cells[j], width[j]) : fmt::format("{:>{}}", cells[j], width[j]);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text + "\n";
  };
  std::string out = line(header);
  std::size_t total = 0;
  for (const auto w : width) total += w + 2;
  out += std::string(total >= 2 ? total - 2 : 0, '-') + "\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!gap.empty() && r == gap_at) out += std::string(gap) + "\n";
    out += line(rows[r]);
  }
  return out;
}

}  // namespace stockcast::io
