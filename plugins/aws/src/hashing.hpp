#pragma once
// SHA-256 and HMAC-SHA-256, the two primitives SigV4 is built from.

#include <string>
#include <string_view>

namespace mstr::internal::aws {

// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

// Raw 32-byte HMAC-SHA-256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);

}  // namespace mstr::internal::aws
