#include "aws_credentials.hpp"

#include "provider_error.hpp"

#include <plugin_common/expiry_clamp.hpp>

#include <Poco/Exception.h>

namespace mstr::internal::aws {

bool AwsCredentials::expires_within(std::chrono::seconds window, Clock::time_point now) const {
  return expiration && *expiration - now <= window;
}

Clock::time_point parse_expiration(const std::string& text, const std::string& what) {
  // A credential_process may write 2999: the shared clamp holds it at 2200.
  const auto expiration = common::expiry_at_rfc3339(text);
  if (!expiration) throw provider_error(what + " returned an Expiration that is not an ISO-8601 time");
  return *expiration;
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
