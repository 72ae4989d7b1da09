#include "stockcast/core/date.hpp"

#include <fmt/format.h>
#include <charconv>

namespace stockcast {

std::string to_string(Date date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

std::optional<Date> parse_iso_date(std::string_view text) {
  constexpr std::size_t kIsoLength = 10;
  if (text.size() != kIsoLength || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const char* p = text.data();
  if (std::from_chars(p, p + 4, y).ptr != p + 4) return std::nullopt;
  if (std::from_chars(p + 5, p + 7, m).ptr != p + 7) return std::nullopt;
  if (std::from_chars(p + 8, p + 10, d).ptr != p + 10) return std::nullopt;
  const Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  return date;
}

int days_between(Date from, Date to) {
  return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}

Date add_days(Date date, int days) { return Date{std::chrono::sys_days{date} + std::chrono::days{days}}; }

bool is_weekend(Date date) {
  const std::chrono::weekday wd{std::chrono::sys_days{date}};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

Date next_business_day(Date date) {
  Date next = add_days(date, 1);
  while (is_weekend(next)) next = add_days(next, 1);
  return next;
}

}  // namespace stockcast
