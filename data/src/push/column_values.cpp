#include "push/column_values.hpp"

#include <mstr/sdk/text.hpp>

#include <Poco/JSONString.h>

#include <cctype>
#include <charconv>
#include <cstdint>
#include <system_error>

namespace mstr::internal {
namespace {

enum Candidate : unsigned {
  kInteger = 1u << 0,
  kDouble = 1u << 1,
  kBool = 1u << 2,
  kDate = 1u << 3,
  kDatetime = 1u << 4,
  kAll = kInteger | kDouble | kBool | kDate | kDatetime,
};

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Optional sign, then digits without a leading zero (so "02134" stays text), fitting 64 bits.
bool is_integer(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (!all_digits(digits) || (digits.size() > 1 && digits[0] == '0')) return false;
  if (text[0] == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// The parts of a decimal number: [sign] [int] [. frac] [e|E [sign] exp]; empty when it is not one.
struct DecimalParts {
  bool valid = false;
  bool negative = false;
  std::string_view integer, fraction, exponent;  // exponent keeps its sign
};

DecimalParts split_decimal(std::string_view text) {
  DecimalParts parts;
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) parts.negative = text[i++] == '-';
  std::size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  parts.integer = text.substr(start, i - start);
  bool point = i < text.size() && text[i] == '.';
  if (point) {
    start = ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    parts.fraction = text.substr(start, i - start);
  }
  if (parts.integer.empty() && parts.fraction.empty()) return {};
  if (parts.integer.size() > 1 && parts.integer[0] == '0') return {};
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    start = ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!all_digits(text.substr(i))) return {};
    parts.exponent = text.substr(start);
    i = text.size();
  }
  if (i != text.size()) return {};
  parts.valid = true;
  return parts;
}

// A decimal number (with a point or an exponent, or an integer too large for 64 bits) that is
// finite as a double.
bool is_double(std::string_view text) {
  DecimalParts parts = split_decimal(text);
  if (!parts.valid) return false;
  if (text[0] == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

bool is_bool(std::string_view text) { return iequals(text, "true") || iequals(text, "false"); }

int number_at(std::string_view text, std::size_t at, std::size_t digits) {
  if (text.size() < at + digits || !all_digits(text.substr(at, digits))) return -1;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) value = value * 10 + (text[at + i] - '0');
  return value;
}

// YYYY-MM-DD, a real calendar day.
bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const int year = number_at(text, 0, 4), month = number_at(text, 5, 2), day = number_at(text, 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// YYYY-MM-DD, 'T' or ' ', HH:MM[:SS[.fraction]], then optionally 'Z' or +HH:MM / -HH:MM.
bool is_datetime(std::string_view text) {
  if (text.size() < 16 || !is_date(text.substr(0, 10)) || (text[10] != 'T' && text[10] != ' ')) return false;
  const int hour = number_at(text, 11, 2), minute = number_at(text, 14, 2);
  if (text[13] != ':' || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  std::size_t i = 16;
  if (i < text.size() && text[i] == ':') {
    const int second = number_at(text, i + 1, 2);
    if (second < 0 || second > 59) return false;
    i += 3;
    if (i < text.size() && text[i] == '.') {
      const std::size_t start = ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (i == start) return false;
    }
  }
  if (i == text.size()) return true;
  if (text[i] == 'Z') return i + 1 == text.size();
  if (text[i] != '+' && text[i] != '-') return false;
  const int offset_hours = number_at(text, i + 1, 2), offset_minutes = number_at(text, i + 4, 2);
  return text.size() == i + 6 && text[i + 3] == ':' && offset_hours >= 0 && offset_hours <= 23 &&
         offset_minutes >= 0 && offset_minutes <= 59;
}

unsigned candidates_of(std::string_view cell) {
  if (is_integer(cell)) return kInteger | kDouble;
  if (is_double(cell)) return kDouble;
  if (is_bool(cell)) return kBool;
  if (is_date(cell)) return kDate;
  if (is_datetime(cell)) return kDatetime;
  return 0;
}

// The JSON spelling of a number is_double() accepted: no '+', a digit on both sides of a point.
void append_json_number(std::string& out, std::string_view text) {
  DecimalParts parts = split_decimal(text);
  if (parts.negative) out += '-';
  out += parts.integer.empty() ? std::string_view("0") : parts.integer;
  if (!parts.fraction.empty()) {
    out += '.';
    out += parts.fraction;
  }
  if (!parts.exponent.empty()) {
    out += 'e';
    out += parts.exponent;
  }
}

}  // namespace

ColumnTypeInference::ColumnTypeInference(std::size_t column_count) : candidates_(column_count, kAll) {}

void ColumnTypeInference::observe(const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size() && i < candidates_.size(); ++i) {
    if (!row[i].empty() && candidates_[i] != 0) candidates_[i] &= candidates_of(row[i]);
  }
}

std::vector<DatasetColumn> ColumnTypeInference::columns(const std::vector<std::string>& names) const {
  std::vector<DatasetColumn> result;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const unsigned c = i < candidates_.size() ? candidates_[i] : 0;
    ColumnType type = ColumnType::string;
    // A column with no value at all is text: nothing says it is anything else.
    if (c == kAll)
      type = ColumnType::string;
    else if (c & kInteger)
      type = ColumnType::integer;
    else if (c & kDouble)
      type = ColumnType::double_number;
    else if (c & kBool)
      type = ColumnType::boolean;
    else if (c & kDate)
      type = ColumnType::date;
    else if (c & kDatetime)
      type = ColumnType::datetime;
    result.push_back({names[i], type});
  }
  return result;
}

bool append_json_value(std::string& out, std::string_view cell, ColumnType type) {
  if (cell.empty()) {
    out += "null";
    return true;
  }
  switch (type) {
    case ColumnType::integer:
      if (!is_integer(cell)) return false;
      out += cell[0] == '+' ? cell.substr(1) : cell;
      return true;
    case ColumnType::double_number:
      if (!is_integer(cell) && !is_double(cell)) return false;
      append_json_number(out, cell);
      return true;
    case ColumnType::boolean:
      if (!is_bool(cell)) return false;
      out += iequals(cell, "true") ? "true" : "false";
      return true;
    case ColumnType::date:
      if (!is_date(cell)) return false;
      break;
    case ColumnType::datetime:
      if (!is_datetime(cell)) return false;
      break;
    case ColumnType::string:
      break;
  }
  out += Poco::toJSON(std::string(cell), Poco::JSON_WRAP_STRINGS);
  return true;
}

}  // namespace mstr::internal
