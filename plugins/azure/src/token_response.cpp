#include "token_response.hpp"

#include "provider_name.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>

namespace mstr::internal::azure {
namespace {

// system_clock counts nanoseconds in 64 bits and so ends in 2262: converting a later expiry, or a
// lifetime of centuries, would overflow. Such values are held at these bounds, which mean "not soon"
// just as well.
constexpr long long kLatestExpiresOn = 7'258'118'400;  // 2200-01-01T00:00:00Z
constexpr long long kLongestExpiresIn = 100LL * 365 * 24 * 3600;

[[noreturn]] void malformed(std::string_view source, std::string_view why) {
  throw CredentialError("malformed token response from " + std::string(source) + ": " + std::string(why),
                        kProviderName);
}

std::optional<long long> as_integer(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return std::nullopt;
  if (value.isString()) {
    const std::string text = value.extract<std::string>();
    long long number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return number;
  }
  if (!value.isNumeric()) return std::nullopt;
  try {
    return value.convert<long long>();
  } catch (const Poco::Exception&) {  // a number beyond long long, such as 1e300
    return std::nullopt;
  }
}

// Older App Service API versions write expires_on as "09/14/2017 00:00:00 PM +00:00" (always UTC).
std::optional<long long> parse_app_service_date(const std::string& text) {
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  char meridiem[3] = {};
  if (std::sscanf(text.c_str(), "%d/%d/%d %d:%d:%d %2s", &month, &day, &year, &hour, &minute, &second, meridiem) != 7) {
    return std::nullopt;
  }
  const std::string half(meridiem);
  if (year < 1970 || year > 9999 || hour > 12 || (half != "AM" && half != "PM")) return std::nullopt;
  if (half == "PM" && hour < 12) hour += 12;
  if (half == "AM" && hour == 12) hour = 0;
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<long long>(timegm(&parts));
}

}  // namespace

AccessToken parse_token_response(const std::string& body, const Clock& clock, std::string_view source,
                                 std::string_view token_field) {
  Poco::JSON::Object::Ptr json;
  try {
    json = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    malformed(source, "not a JSON object");
  }
  if (!json) malformed(source, "not a JSON object");

  const std::string field(token_field);
  const auto token = json->get(field);
  if (!token.isString() || token.extract<std::string>().empty()) malformed(source, "no " + field);

  AccessToken result{SecretValue(token.extract<std::string>()), {}};
  if (const auto expires_in = as_integer(json->get("expires_in"))) {
    result.expires_on = clock() + std::chrono::seconds(std::clamp(*expires_in, -kLongestExpiresIn, kLongestExpiresIn));
    return result;
  }
  const auto expires_on = json->get("expires_on");
  auto epoch = as_integer(expires_on);
  if (!epoch && expires_on.isString()) epoch = parse_app_service_date(expires_on.extract<std::string>());
  if (!epoch) malformed(source, "no usable expires_in or expires_on");
  result.expires_on =
      std::chrono::system_clock::time_point(std::chrono::seconds(std::clamp(*epoch, -kLatestExpiresOn, kLatestExpiresOn)));
  return result;
}

}  // namespace mstr::internal::azure
