#include "http_date.hpp"

#include <array>
#include <cctype>

namespace mstr::internal {
namespace {

// Reads a date left to right; every step fails (and keeps failing) on text it does not expect.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool failed() const { return failed_; }
  bool at_end() const { return !failed_ && at_ == text_.size(); }

  void literal(char c) {
    if (!failed_ && at_ < text_.size() && text_[at_] == c) {
      ++at_;
    } else {
      failed_ = true;
    }
  }
  void spaces() {
    if (failed_ || at_ == text_.size() || text_[at_] != ' ') failed_ = true;
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  std::string_view letters() {
    const std::size_t start = at_;
    while (!failed_ && at_ < text_.size() && std::isalpha(static_cast<unsigned char>(text_[at_]))) ++at_;
    if (at_ == start) failed_ = true;
    return text_.substr(start, at_ - start);
  }
  // `min_digits` to `max_digits` decimal digits.
  int number(std::size_t min_digits, std::size_t max_digits) {
    int value = 0;
    std::size_t count = 0;
    while (!failed_ && at_ < text_.size() && count < max_digits &&
           std::isdigit(static_cast<unsigned char>(text_[at_]))) {
      value = value * 10 + (text_[at_++] - '0');
      ++count;
    }
    if (count < min_digits) failed_ = true;
    return value;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return static_cast<int>(i) + 1;
  }
  return 0;
}

// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

void time_of_day(Scanner& in, Fields& f) {
  f.hour = in.number(2, 2);
  in.literal(':');
  f.minute = in.number(2, 2);
  in.literal(':');
  f.second = in.number(2, 2);
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  Scanner in(text);
  Fields f;
  const std::string_view weekday = in.letters();
  if (text.size() > weekday.size() && text[weekday.size()] == ',') {
    in.literal(',');
    in.spaces();
    f.day = in.number(1, 2);
    if (weekday.size() == 3) {  // IMF-fixdate: 06 Nov 1994
      in.spaces();
      f.month = month_number(in.letters());
      in.spaces();
      f.year = in.number(4, 4);
    } else {  // RFC 850: 06-Nov-94, a two-digit year
      in.literal('-');
      f.month = month_number(in.letters());
      in.literal('-');
      const int year = in.number(2, 2);
      f.year = year + (year < 70 ? 2000 : 1900);
    }
    in.spaces();
    time_of_day(in, f);
    in.spaces();
    if (in.letters() != "GMT") return std::nullopt;
  } else {  // asctime: Nov  6 08:49:37 1994
    in.spaces();
    f.month = month_number(in.letters());
    in.spaces();
    f.day = in.number(1, 2);
    in.spaces();
    time_of_day(in, f);
    in.spaces();
    f.year = in.number(4, 4);
  }
  if (!in.at_end() || f.month == 0 || f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 ||
      f.second > 60) {
    return std::nullopt;
  }
  return days_from_civil(f.year, f.month, f.day) * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
}

}  // namespace mstr::internal
