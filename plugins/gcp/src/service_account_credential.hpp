#pragma once
// A service-account key file: a self-signed RS256 JWT assertion exchanged at the key's token_uri
// (the OAuth 2.0 JWT bearer grant, RFC 7523).

#include "token_credential.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

inline constexpr const char* kDefaultTokenUri = "https://oauth2.googleapis.com/token";

struct ServiceAccountKey {
  std::string client_email;
  std::string private_key_id;
  SecretValue private_key;  // PEM
  std::string token_uri = kDefaultTokenUri;
  std::optional<std::string> quota_project_id;
};

// The signed assertion: header {alg RS256, typ JWT, kid}, claims {iss, scope, aud = token_uri,
// iat = issued_at, exp = iat + 1 h}. Throws CredentialError when the private key cannot be used.
std::string make_jwt_assertion(const ServiceAccountKey& key, std::chrono::system_clock::time_point issued_at);

class ServiceAccountCredential final : public TokenCredential {
 public:
  // `origin` says where the key came from, for messages.
  ServiceAccountCredential(ServiceAccountKey key, std::string origin);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  ServiceAccountKey key_;
  std::string origin_;
};

}  // namespace mstr::internal::gcp
