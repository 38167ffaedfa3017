#include <mstr/sdk/rfc3339.hpp>

#include <cstdint>

namespace mstr {
namespace {

// Reads left to right; each step fails on text it does not expect.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool at_end() const { return at_ == text_.size(); }

  // Exactly `digits` decimal digits.
  std::optional<int> number(std::size_t digits) {
    if (text_.size() - at_ < digits) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < digits; ++i, ++at_) {
      if (!is_digit(text_[at_])) return std::nullopt;
      value = value * 10 + (text_[at_] - '0');
    }
    return value;
  }

  // One of `allowed`, which it returns; '\0' when the next character is not one of them.
  char one_of(std::string_view allowed) {
    if (at_end() || allowed.find(text_[at_]) == std::string_view::npos) return '\0';
    return text_[at_++];
  }

  // A fraction's digits (at least one) as microseconds.
  std::optional<std::int64_t> fraction() {
    std::int64_t micros = 0;
    std::size_t digits = 0;
    for (; !at_end() && is_digit(text_[at_]); ++at_, ++digits) {
      if (digits < 6) micros = micros * 10 + (text_[at_] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
    return micros;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<Rfc3339Time> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  Reader in(text);
  const auto year = in.number(4);
  if (!year || !in.one_of("-")) return std::nullopt;
  const auto month = in.number(2);
  if (!month || !in.one_of("-")) return std::nullopt;
  const auto day = in.number(2);
  if (!day || !in.one_of("Tt")) return std::nullopt;
  const auto hour = in.number(2);
  if (!hour || !in.one_of(":")) return std::nullopt;
  const auto minute = in.number(2);
  if (!minute || !in.one_of(":")) return std::nullopt;
  const auto second = in.number(2);
  if (!second || *hour > 23 || *minute > 59 || *second > 60 || (*second == 60 && *minute != 59)) {
    return std::nullopt;
  }
  std::int64_t micros = 0;
  if (in.one_of(".")) {
    const auto fraction = in.fraction();
    if (!fraction) return std::nullopt;
    micros = *fraction;
  }
  int offset_minutes = 0;
  if (!in.one_of("Zz")) {
    const char sign = in.one_of("+-");
    if (sign == '\0') return std::nullopt;
    const auto offset_hour = in.number(2);
    if (!offset_hour || !in.one_of(":")) return std::nullopt;
    const auto offset_minute = in.number(2);
    if (!offset_minute || *offset_hour > 23 || *offset_minute > 59) return std::nullopt;
    offset_minutes = (sign == '-' ? -1 : 1) * (*offset_hour * 60 + *offset_minute);
  }
  if (!in.at_end()) return std::nullopt;
  const year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  const auto local =
      sys_days{date} + hours{*hour} + minutes{*minute} + seconds{*second} + microseconds{micros};
  return local - minutes{offset_minutes};
}

}  // namespace mstr
