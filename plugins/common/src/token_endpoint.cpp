#include <plugin_common/token_endpoint.hpp>

#include <plugin_common/expiry_clamp.hpp>
#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>

namespace mstr::internal::common {
namespace {

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find_first_of("\r\n"));
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

// OAuth error answers are {"error": "invalid_grant", "error_description": "..."}; the description
// is the server's own words about the grant, never an echo of it.
std::string describe_refusal(const HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  const auto json = parse_json_object(response.body);
  try {
    if (json && json->has("error")) text += " " + json->getValue<std::string>("error");
    if (json && json->has("error_description")) {
      text += ": " + first_line(json->getValue<std::string>("error_description"));
    }
  } catch (const Poco::Exception&) {
    // An error field that is not a string: the status is all there is to say.
  }
  return text;
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
  if (std::sscanf(text.c_str(), "%d/%d/%d %d:%d:%d %2s", &month, &day, &year, &hour, &minute, &second,
                  meridiem) != 7) {
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

AccessToken request_token(const TokenRequestContext& context, const std::string& endpoint,
                          const FormFields& fields, const std::string& who, const std::string& provider) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = form_encode(fields);
  HttpResponse response;
  try {
    response = send_with_retry(context.http, request, context.retry, is_transient_status);
  } catch (const TransportError& error) {
    throw VaultUnavailableError(who + ": cannot reach the token endpoint " + endpoint + ": " + error.what(),
                                provider);
  }
  require_success(response, provider, [&](StatusVerdict verdict) {
    return who + ": the token endpoint " + endpoint +
           (verdict == StatusVerdict::outage ? " is failing, still after the retries: "
                                             : " refused the request: ") +
           describe_refusal(response);
  });
  return parse_token_response(response.body, context.clock, "the token endpoint " + endpoint, provider);
}

AccessToken parse_token_response(const std::string& body, const Clock& clock, std::string_view source,
                                 const std::string& provider, std::string_view token_field) {
  const auto malformed = [&](const std::string& why) {
    return CredentialError("malformed token response from " + std::string(source) + ": " + why, provider);
  };
  const auto json = parse_json_object(body);
  if (!json) throw malformed("not a JSON object");

  const std::string field(token_field);
  const auto token = json->get(field);
  if (!token.isString() || token.extract<std::string>().empty()) throw malformed("no " + field);

  AccessToken result{SecretValue(token.extract<std::string>()), now(clock), std::nullopt};
  if (json->has("expires_in")) {
    const auto lifetime = as_integer(json->get("expires_in"));
    if (!lifetime) throw malformed("expires_in is not a whole number");
    result.expires_at = expiry_after(result.expires_at, *lifetime);
  } else if (json->has("expires_on")) {
    const auto expires_on = json->get("expires_on");
    auto epoch = as_integer(expires_on);
    if (!epoch && expires_on.isString()) epoch = parse_app_service_date(expires_on.extract<std::string>());
    if (!epoch) throw malformed("expires_on is neither epoch seconds nor a date");
    result.expires_at = expiry_at(*epoch);
  }
  return result;
}

}  // namespace mstr::internal::common
