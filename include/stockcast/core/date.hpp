#pragma once
/// \file
/// Calendar dates. stockcast works with daily prices, so a date is a std::chrono::year_month_day.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace stockcast {

/// A calendar day, e.g. `Date{std::chrono::year{2024}, std::chrono::July, std::chrono::day{26}}`.
using Date = std::chrono::year_month_day;

/// The date as ISO 8601 text, e.g. "2024-07-26".
std::string to_string(Date date);

/// Parses an ISO date "YYYY-MM-DD"; std::nullopt when the text is not a valid date.
std::optional<Date> parse_iso_date(std::string_view text);

/// Whole days from `from` to `to` (negative when `to` is earlier).
int days_between(Date from, Date to);

/// The date `days` calendar days after `date`.
Date add_days(Date date, int days);

/// The next weekday (Monday to Friday) after `date`; stockcast's calendar for forecast dates.
Date next_business_day(Date date);

/// True for Saturday and Sunday.
bool is_weekend(Date date);

}  // namespace stockcast
