#pragma once
// The signed JWT a certificate credential presents to Entra ID instead of a secret
// (client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer).

#include <chrono>
#include <filesystem>
#include <string>

namespace mstr::internal::azure {

struct ClientAssertionInput {
  std::filesystem::path pem_file;  // the certificate and its private key, PEM
  std::string key_password;        // for an encrypted private key; empty otherwise
  std::string client_id;           // iss and sub
  std::string audience;            // the token endpoint URL
  std::chrono::system_clock::time_point now;
};

// An RS256 JWT whose header carries the certificate's x5t (base64url SHA-1 thumbprint of its DER),
// valid for ten minutes from `now`. Throws CredentialError naming the file (never the key) when it
// cannot be read or holds no certificate or no RSA private key.
std::string make_client_assertion(const ClientAssertionInput& input);

}  // namespace mstr::internal::azure
