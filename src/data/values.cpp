#include "stockcast/data/values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace stockcast::data {
namespace {

constexpr int kMaxYear = 32767;  // std::chrono::year's range
constexpr unsigned kMonths = 12;
constexpr unsigned kMaxDay = 31;

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Byte length of a currency sign or no-break space starting at text[i], 0 when there is none.
std::size_t ignorable_sign_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  if (text[i] == '$') return 1;
  if (i + 1 < text.size() && byte(i) == 0xC2 &&
      (byte(i + 1) == 0xA3 || byte(i + 1) == 0xA5 || byte(i + 1) == 0xA0)) {
    return 2;  // £ ¥ and no-break space
  }
  if (i + 2 < text.size() && byte(i) == 0xE2 && byte(i + 1) == 0x82 &&
      (byte(i + 2) == 0xAC || byte(i + 2) == 0xB9)) {
    return 3;  // € ₹
  }
  return 0;
}

// Number of digits starting at text[i].
std::size_t digit_run(std::string_view text, std::size_t i) noexcept {
  std::size_t k = i;
  while (k < text.size() && is_digit(text[k])) ++k;
  return k - i;
}

CellStatus finish(const char* begin, const char* end, double& value) noexcept {
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc{} || ptr != end) return CellStatus::kInvalid;
  if (std::isnan(value)) return CellStatus::kMissing;
  if (!std::isfinite(value)) return CellStatus::kInvalid;
  return CellStatus::kValue;
}

// A group separator must be followed by exactly three digits ("1,234.5", not "1,5").
bool valid_group(std::string_view text, std::size_t separator) noexcept {
  if (separator == 0 || !is_digit(text[separator - 1])) return false;
  if (digit_run(text, separator + 1) != 3) return false;
  const std::size_t after = separator + 4;
  return after == text.size() || !is_digit(text[after]);
}

// Month number of an English month name or abbreviation ("Jul", "July", "Sept"), 0 when none.
unsigned month_from_name(std::string_view token) noexcept {
  static constexpr std::array<std::string_view, kMonths> kNames{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (token.size() < 3) return 0;
  for (unsigned m = 0; m < kMonths; ++m) {
    const std::string_view name = kNames[m];
    if (token.size() > name.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < token.size() && match; ++i) match = lower(token[i]) == name[i];
    if (match && (token.size() == 3 || token.size() == name.size() || (m == 8 && token.size() == 4))) {
      return m + 1;
    }
  }
  return 0;
}

bool is_weekday_name(std::string_view token) noexcept {
  static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (token.size() < 3) return false;
  for (const auto day : kDays) {
    if (lower(token[0]) == day[0] && lower(token[1]) == day[1] && lower(token[2]) == day[2]) return true;
  }
  return false;
}

bool parse_uint(std::string_view digits, int& out) noexcept {
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc{} && ptr == digits.data() + digits.size();
}

// True when `rest` (what follows a date) is empty or a time of day.
bool is_time_suffix(std::string_view rest) noexcept {
  if (rest.empty()) return true;
  return rest.size() >= 2 && (rest[0] == ' ' || rest[0] == 'T') && is_digit(rest[1]);
}

bool valid_ymd(int year, unsigned month, unsigned day) noexcept {
  if (year < 1 || year > kMaxYear) return false;
  return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

std::optional<DateFields> parse_named(std::string_view text) noexcept {
  // Tokens separated by blanks, commas, dashes, slashes or dots: a month name, a day and a year.
  std::array<std::string_view, 4> tokens{};
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == ',' || c == '-' || c == '/' || c == '.' || c == '\t') {
      ++i;
      continue;
    }
    std::size_t j = i;
    const bool alpha = is_alpha(c);
    while (j < text.size() && (alpha ? is_alpha(text[j]) : is_digit(text[j]))) ++j;
    if (j == i || count == tokens.size()) return std::nullopt;
    tokens[count++] = text.substr(i, j - i);
    i = j;
  }
  std::size_t first = 0;
  if (count == 4 && is_alpha(tokens[0][0]) && is_weekday_name(tokens[0])) first = 1;  // "Fri, Jul 26, 2024"
  if (count - first != 3) return std::nullopt;
  DateFields fields;
  fields.layout = DateLayout::kNamedMonth;
  fields.separator = ' ';
  unsigned month = 0;
  int day = 0;
  int year = 0;
  for (std::size_t k = first; k < count; ++k) {
    const auto token = tokens[k];
    if (is_alpha(token[0])) {
      if (month != 0) return std::nullopt;
      month = month_from_name(token);
      if (month == 0) return std::nullopt;
      fields.name_first = day == 0;
    } else if (token.size() <= 2 && day == 0) {
      if (!parse_uint(token, day)) return std::nullopt;
    } else if (token.size() >= 4 && token.size() <= 5 && year == 0) {
      if (!parse_uint(token, year)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (month == 0 || day == 0 || year == 0) return std::nullopt;
  if (!valid_ymd(year, month, static_cast<unsigned>(day))) return std::nullopt;
  fields.year = year;
  fields.first = month;
  fields.second = static_cast<unsigned>(day);
  return fields;
}

// Fast path for "yyyy-mm-dd" (also with '/' or '.'), optionally followed by a time.
bool parse_iso_like(std::string_view text, DateFields& fields) noexcept {
  constexpr std::size_t kLength = 10;
  if (text.size() < kLength) return false;
  const char sep = text[4];
  if ((sep != '-' && sep != '/' && sep != '.') || text[7] != sep) return false;
  for (const std::size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(text[k])) return false;
  }
  if (!is_time_suffix(text.substr(kLength))) return false;
  const auto d = [&](std::size_t k) { return static_cast<int>(text[k] - '0'); };
  fields.year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  fields.first = static_cast<unsigned>(d(5) * 10 + d(6));
  fields.second = static_cast<unsigned>(d(8) * 10 + d(9));
  fields.layout = DateLayout::kYearFirst;
  fields.separator = sep;
  return true;
}

}  // namespace

bool is_missing_marker(std::string_view text) noexcept {
  text = trim(text);
  if (text.empty()) return true;
  static constexpr std::array<std::string_view, 8> kMarkers{"null", "-",    "nan",  "na",
                                                            "n/a",  "#n/a", "none", "--"};
  for (const auto marker : kMarkers) {
    if (iequals(text, marker)) return true;
  }
  return false;
}

CellStatus parse_number(std::string_view text, double& value, NumberStyle style) noexcept {
  text = trim(text);
  if (text.empty()) return CellStatus::kMissing;
  if (is_digit(text[0]) || (text[0] == '-' && text.size() > 1 && is_digit(text[1]))) {
    if (finish(text.data(), text.data() + text.size(), value) == CellStatus::kValue)
      return CellStatus::kValue;
  }
  if (is_missing_marker(text)) return CellStatus::kMissing;

  // Slow path: rewrite the cell into a plain decimal number.
  constexpr std::size_t kMaxLength = 64;
  std::array<char, kMaxLength + 4> buffer{};
  std::size_t length = 0;
  const bool comma_decimal = style.decimal_comma && text.find(',') != std::string_view::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool last = i + 1 == text.size();
    if (const std::size_t sign = ignorable_sign_length(text, i); sign > 0) {
      i += sign - 1;
      continue;
    }
    if (c == ' ' || c == '\'' || (c == '+' && length == 0)) continue;
    if (c == ',' && !comma_decimal) {
      if (!valid_group(text, i)) return CellStatus::kInvalid;
      continue;
    }
    if (c == '.' && comma_decimal) {
      if (!valid_group(text, i)) return CellStatus::kInvalid;
      continue;
    }
    if (c == '%' && last) continue;
    if (last && length > 0 && (is_digit(buffer[length - 1]) || buffer[length - 1] == '.')) {
      const char suffix = lower(c);
      const char* exponent = suffix == 'k' ? "e3" : suffix == 'm' ? "e6" : suffix == 'b' ? "e9" : nullptr;
      if (exponent != nullptr) {
        buffer[length++] = exponent[0];
        buffer[length++] = exponent[1];
        continue;
      }
    }
    if (length == kMaxLength) return CellStatus::kInvalid;
    buffer[length++] = (c == ',') ? '.' : c;
  }
  if (length == 0) return CellStatus::kInvalid;
  return finish(buffer.data(), buffer.data() + length, value);
}

std::optional<DateFields> parse_date_fields(std::string_view text) noexcept {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (!is_digit(text[0])) return is_alpha(text[0]) ? parse_named(text) : std::nullopt;
  if (DateFields fields; parse_iso_like(text, fields)) {
    if (!valid_ymd(fields.year, fields.first, fields.second)) return std::nullopt;
    return fields;
  }

  const std::size_t n1 = digit_run(text, 0);
  // yyyymmdd
  if (n1 == 8 && is_time_suffix(text.substr(8))) {
    int packed = 0;
    if (!parse_uint(text.substr(0, 8), packed)) return std::nullopt;
    DateFields fields{packed / 10000, static_cast<unsigned>(packed / 100 % 100),
                      static_cast<unsigned>(packed % 100), DateLayout::kYearFirst, 0};
    if (!valid_ymd(fields.year, fields.first, fields.second)) return std::nullopt;
    return fields;
  }
  if (n1 == text.size() || n1 > 5) return std::nullopt;

  // 2024年07月26日
  static constexpr std::string_view kYearMark = "\xE5\xB9\xB4";   // 年
  static constexpr std::string_view kMonthMark = "\xE6\x9C\x88";  // 月
  static constexpr std::string_view kDayMark = "\xE6\x97\xA5";    // 日
  if (text.substr(n1).starts_with(kYearMark)) {
    std::size_t pos = n1 + kYearMark.size();
    const std::size_t n2 = digit_run(text, pos);
    if (n2 == 0 || n2 > 2 || !text.substr(pos + n2).starts_with(kMonthMark)) return std::nullopt;
    const std::size_t pos3 = pos + n2 + kMonthMark.size();
    const std::size_t n3 = digit_run(text, pos3);
    if (n3 == 0 || n3 > 2) return std::nullopt;
    std::string_view rest = text.substr(pos3 + n3);
    if (rest.starts_with(kDayMark)) rest.remove_prefix(kDayMark.size());
    if (!is_time_suffix(rest)) return std::nullopt;
    int year = 0;
    int month = 0;
    int day = 0;
    if (!parse_uint(text.substr(0, n1), year) || !parse_uint(text.substr(pos, n2), month) ||
        !parse_uint(text.substr(pos3, n3), day)) {
      return std::nullopt;
    }
    DateFields fields{year, static_cast<unsigned>(month), static_cast<unsigned>(day), DateLayout::kCjk, 0};
    if (!valid_ymd(year, fields.first, fields.second)) return std::nullopt;
    return fields;
  }

  const char separator = text[n1];
  if (separator == ' ' || (n1 <= 2 && n1 + 1 < text.size() && is_alpha(text[n1 + 1]))) {
    return parse_named(text);  // "26 Jul 2024", "26-Jul-2024"
  }
  if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
  const std::size_t pos2 = n1 + 1;
  const std::size_t n2 = digit_run(text, pos2);
  if (n2 == 0 || n2 > 2 || pos2 + n2 >= text.size() || text[pos2 + n2] != separator) return std::nullopt;
  const std::size_t pos3 = pos2 + n2 + 1;
  const std::size_t n3 = digit_run(text, pos3);
  if (n3 == 0 || n3 > 5 || !is_time_suffix(text.substr(pos3 + n3))) return std::nullopt;
  int a = 0;
  int b = 0;
  int c = 0;
  if (!parse_uint(text.substr(0, n1), a) || !parse_uint(text.substr(pos2, n2), b) ||
      !parse_uint(text.substr(pos3, n3), c)) {
    return std::nullopt;
  }
  DateFields fields;
  fields.separator = separator;
  if (n1 >= 4 && n3 <= 2) {
    fields =
        DateFields{a, static_cast<unsigned>(b), static_cast<unsigned>(c), DateLayout::kYearFirst, separator};
    if (!valid_ymd(a, fields.first, fields.second)) return std::nullopt;
    return fields;
  }
  if (n1 <= 2 && n3 >= 4) {
    fields =
        DateFields{c, static_cast<unsigned>(a), static_cast<unsigned>(b), DateLayout::kAmbiguous, separator};
    const bool day_first_ok = valid_ymd(c, fields.second, fields.first);
    const bool month_first_ok = valid_ymd(c, fields.first, fields.second);
    if (!day_first_ok && !month_first_ok) return std::nullopt;
    return fields;
  }
  return std::nullopt;
}

std::optional<Date> to_date(const DateFields& fields, DayMonthOrder order) noexcept {
  unsigned month = fields.first;
  unsigned day = fields.second;
  if (fields.layout == DateLayout::kAmbiguous && order == DayMonthOrder::kDayFirst) std::swap(month, day);
  if (month < 1 || month > kMonths || day < 1 || day > kMaxDay) return std::nullopt;
  if (!valid_ymd(fields.year, month, day)) return std::nullopt;
  return Date{std::chrono::year{fields.year}, std::chrono::month{month}, std::chrono::day{day}};
}

std::optional<Date> parse_date(std::string_view text, DayMonthOrder order) noexcept {
  const auto fields = parse_date_fields(text);
  if (!fields) return std::nullopt;
  return to_date(*fields, order);
}

std::string describe_layout(const DateFields& fields, DayMonthOrder order) {
  const std::string s(1, fields.separator);
  switch (fields.layout) {
    case DateLayout::kYearFirst:
      return fields.separator == 0 ? std::string("yyyymmdd") : "yyyy" + s + "mm" + s + "dd";
    case DateLayout::kAmbiguous:
      return order == DayMonthOrder::kDayFirst ? "dd" + s + "mm" + s + "yyyy" : "mm" + s + "dd" + s + "yyyy";
    case DateLayout::kNamedMonth:
      return fields.name_first ? "Mon d, yyyy" : "d Mon yyyy";
    case DateLayout::kCjk:
      return "yyyy\xE5\xB9\xB4mm\xE6\x9C\x88"
             "dd\xE6\x97\xA5";
  }
  return "unknown";
}

}  // namespace stockcast::data
