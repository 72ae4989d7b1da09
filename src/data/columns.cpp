// Header aliases: which file column becomes which canonical column, and which format a header is.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <array>

#include "stockcast/core/error.hpp"
#include "table.hpp"

namespace stockcast::data::detail {
namespace {

constexpr std::string_view kChangePct = "change_pct";

struct Role {
  std::string_view canonical;             // output name ("" for the date)
  std::vector<std::string_view> aliases;  // normalised header names, by priority
};

// Date first, then the output order of the canonical columns.
const std::vector<Role>& roles() {
  static const std::vector<Role> kRoles{
      {"",
       {"date", "datetime", "timestamp", "day", "time", "trade date", "trading date", "日期", "交易日期",
        "时间"}},
      {kOpen, {"open", "open price", "opening price", "开盘", "开盘价", "今开"}},
      {kHigh, {"high", "high price", "高", "最高", "最高价"}},
      {kLow, {"low", "low price", "低", "最低", "最低价"}},
      {kClose,
       {"close", "close price", "closing price", "close/last", "last", "last price", "price", "收盘",
        "收盘价"}},
      {kAdjClose,
       {"adj close", "adj. close", "adjusted close", "adjclose", "adj close price", "adjusted close price",
        "adjusted"}},
      {kVolume, {"volume", "vol", "vol.", "shares traded", "total traded quantity", "交易量", "成交量"}},
      {kChangePct, {"change %", "change%", "chg %", "chg%", "% change", "change pct", "涨跌幅"}},
  };
  return kRoles;
}

std::string trim_copy(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '"'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '"'))
    text.remove_suffix(1);
  return std::string(text);
}

std::string snake(std::string_view normalized) {
  std::string out;
  for (const char c : normalized) out.push_back(c == ' ' ? '_' : c);
  return out;
}

bool header_equals(const std::vector<std::string>& header, std::initializer_list<std::string_view> expected) {
  if (header.size() != expected.size()) return false;
  return std::equal(header.begin(), header.end(), expected.begin(),
                    [](const std::string& a, std::string_view b) { return trim_copy(a) == b; });
}

bool has_header(const std::vector<std::string>& header, std::string_view name) {
  return std::any_of(header.begin(), header.end(),
                     [&](const std::string& h) { return trim_copy(h) == name; });
}

}  // namespace

std::string normalize_header(std::string_view name) {
  std::string text = trim_copy(name);
  std::string_view view = text;
  // "1. open" (Alpha Vantage JSON keys)
  std::size_t digits = 0;
  while (digits < view.size() && view[digits] >= '0' && view[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < view.size() && view[digits] == '.' && view[digits + 1] == ' ') {
    view.remove_prefix(digits + 2);
  }
  std::string out;
  out.reserve(view.size());
  for (char c : view) {
    if (c == '*') continue;
    if (c == '_' || c == '\t') c = ' ';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

ColumnPlan plan_columns(const std::vector<std::string>& header, std::string_view where, bool snake_extras) {
  std::vector<std::string> normalized;
  normalized.reserve(header.size());
  for (const auto& name : header) normalized.push_back(normalize_header(name));

  constexpr int kUnassigned = -2;
  std::vector<int> role_of(header.size(), kUnassigned);  // index into roles()
  const auto& all_roles = roles();
  for (std::size_t r = 0; r < all_roles.size(); ++r) {
    bool found = false;
    for (const auto alias : all_roles[r].aliases) {
      for (std::size_t f = 0; f < header.size() && !found; ++f) {
        if (role_of[f] == kUnassigned && normalized[f] == alias) {
          role_of[f] = static_cast<int>(r);
          found = true;
        }
      }
      if (found) break;
    }
  }

  const auto field_of_role = [&](std::size_t r) -> std::optional<std::size_t> {
    for (std::size_t f = 0; f < header.size(); ++f) {
      if (role_of[f] == static_cast<int>(r)) return f;
    }
    return std::nullopt;
  };
  const auto missing_message = [&](std::string_view what, std::size_t r) {
    std::vector<std::string> found;
    for (const auto& h : header) found.push_back(fmt::format("'{}'", trim_copy(h)));
    return fmt::format("{}: no {} column; columns found: {}; accepted {} column names (any case): {}", where,
                       what, found.empty() ? std::string("none") : fmt::format("{}", fmt::join(found, ", ")),
                       what, fmt::join(all_roles[r].aliases, ", "));
  };
  constexpr std::size_t kDateRole = 0;
  constexpr std::size_t kCloseRole = 4;
  const auto date_field = field_of_role(kDateRole);
  if (!date_field) throw InvalidInput(missing_message("date", kDateRole));
  if (!field_of_role(kCloseRole)) throw InvalidInput(missing_message("close", kCloseRole));

  ColumnPlan plan;
  plan.date_field = *date_field;
  plan.target.assign(header.size(), -1);
  for (std::size_t r = 1; r < all_roles.size(); ++r) {
    if (const auto f = field_of_role(r)) {
      plan.target[*f] = static_cast<int>(plan.names.size());
      plan.names.emplace_back(all_roles[r].canonical);
      plan.canonical.push_back(true);
    }
  }
  for (std::size_t f = 0; f < header.size(); ++f) {
    if (role_of[f] != kUnassigned) continue;
    std::string name = snake_extras ? snake(normalized[f]) : trim_copy(header[f]);
    if (name.empty()) name = fmt::format("column_{}", f + 1);
    const std::string base = name;
    for (int k = 2; std::find(plan.names.begin(), plan.names.end(), name) != plan.names.end(); ++k) {
      name = fmt::format("{}_{}", base, k);
    }
    plan.target[f] = static_cast<int>(plan.names.size());
    plan.names.push_back(std::move(name));
    plan.canonical.push_back(false);
  }
  return plan;
}

std::string_view detect_csv_format(const std::vector<std::string>& header, const ColumnPlan& plan) {
  if (header_equals(header, {"Date", "Low", "Open", "Volume", "High", "Close", "Adjusted Close"})) {
    return kFormatKaggleStockMarket;
  }
  if (header_equals(header, {"Date", "Open", "High", "Low", "Close", "Volume", "OpenInt"}))
    return kFormatKaggleHuge;
  if (header_equals(header, {"Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"}))
    return kFormatYahoo;
  const std::string date_header = trim_copy(header[plan.date_field]);
  if (date_header == "timestamp" && has_header(header, "open") && has_header(header, "close")) {
    return kFormatAlphaVantageCsv;
  }
  if (date_header == "日期" && has_header(header, "收盘")) return kFormatInvestingComCn;
  if (has_header(header, "Price") && (has_header(header, "Change %") || has_header(header, "Vol."))) {
    return kFormatInvestingCom;
  }
  return kFormatGenericCsv;
}

}  // namespace stockcast::data::detail
