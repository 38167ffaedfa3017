#include "aws_credentials.hpp"

#include "provider_error.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>

#include <algorithm>

namespace mstr::internal::aws {

bool AwsCredentials::expires_within(std::chrono::seconds window, Clock::time_point now) const {
  return expiration && *expiration - now <= window;
}

Clock::time_point parse_expiration(const std::string& text, const std::string& what) {
  Poco::DateTime parsed;
  int zone = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, parsed, zone) &&
      !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text, parsed, zone)) {
    throw provider_error(what + " returned an Expiration that is not an ISO-8601 time");
  }
  // Clock counts nanoseconds in 64 bits and so ends in 2262: converting a later time would overflow.
  // Such an expiry (a credential_process may write 2999) is held at 2200, which means "not soon"
  // just as well.
  constexpr Poco::Int64 latest = 7'258'118'400'000'000;  // 2200-01-01T00:00:00Z, in microseconds
  const auto micros = std::clamp(
      parsed.timestamp().epochMicroseconds() - static_cast<Poco::Int64>(zone) * 1000000, -latest, latest);
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::microseconds(micros)));
}

AwsCredentials credentials_from_json(const Poco::JSON::Object& object, const std::string& token_key,
                                     const std::string& source) {
  auto text = [&](const std::string& key) -> std::string {
    if (!object.has(key) || object.isNull(key)) return {};
    try {
      return object.getValue<std::string>(key);
    } catch (const Poco::Exception&) {
      throw provider_error(source + " returned a non-string " + key);
    }
  };
  AwsCredentials credentials;
  credentials.source = source;
  credentials.access_key_id = text("AccessKeyId");
  credentials.secret_access_key = SecretValue(text("SecretAccessKey"));
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw provider_error(source + " returned no AccessKeyId/SecretAccessKey");
  }
  credentials.session_token = SecretValue(text(token_key));
  if (const std::string expiration = text("Expiration"); !expiration.empty()) {
    credentials.expiration = parse_expiration(expiration, source);
  }
  return credentials;
}

}  // namespace mstr::internal::aws
