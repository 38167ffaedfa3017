#pragma once
// One set of AWS credentials, long-term or temporary, and where it came from.

#include <mstr/sdk/secret_value.hpp>

#include <Poco/JSON/Object.h>

#include <chrono>
#include <optional>
#include <string>

namespace mstr::internal::aws {

using Clock = std::chrono::system_clock;

struct AwsCredentials {
  std::string access_key_id;
  SecretValue secret_access_key;
  SecretValue session_token;  // empty for long-term keys
  std::optional<Clock::time_point> expiration;
  std::string source;  // the chain link that supplied them, for log lines and errors

  // True when the credentials expire within `window` of `now` (never for long-term keys).
  bool expires_within(std::chrono::seconds window, Clock::time_point now) const;
};

// Parses an RFC 3339 (ISO-8601) timestamp ("2026-11-23T10:00:00Z", fractional seconds and an offset
// allowed), clamped as every expiry is. Throws CredentialError naming `what` on a malformed value.
Clock::time_point parse_expiration(const std::string& text, const std::string& what);

// Reads the credentials JSON that the container endpoint, IMDS and credential_process return
// (AccessKeyId, SecretAccessKey, `token_key`, Expiration). Throws CredentialError naming `source`
// when a required member is missing.
AwsCredentials credentials_from_json(const Poco::JSON::Object& object, const std::string& token_key,
                                     const std::string& source);

}  // namespace mstr::internal::aws
