#pragma once
// The answer of Access Secret Version: {"name": ..., "payload": {"data": BASE64, "dataCrc32c": "N"}}.

#include "secret_version_name.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <string>

namespace mstr::internal::gcp {

// The decoded payload. When dataCrc32c is present the decoded bytes must match it: a mismatch is an
// error, never a silently wrong password. Throws CredentialError naming `name`.
SecretValue decode_secret_payload(const std::string& body, const SecretVersionName& name);

}  // namespace mstr::internal::gcp
