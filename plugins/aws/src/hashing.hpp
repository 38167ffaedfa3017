#pragma once
// SHA-256 and HMAC-SHA-256, the two primitives SigV4 is built from, and the SHA-1 the AWS CLI names
// its SSO token cache files by.

#include <string>
#include <string_view>

namespace mstr::internal::aws {

// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

// Lower-case hex of SHA-1(data): only to name the AWS CLI's SSO token cache files, never for security.
std::string sha1_hex(std::string_view data);

// Raw 32-byte HMAC-SHA-256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);

}  // namespace mstr::internal::aws
