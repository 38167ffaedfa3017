#pragma once
// A service principal authenticating with a client secret.

#include "token_credential.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <string>

namespace mstr::internal::azure {

class ClientSecretCredential final : public TokenCredential {
 public:
  ClientSecretCredential(std::string tenant_id, std::string client_id, SecretValue client_secret);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::string tenant_id_;
  std::string client_id_;
  SecretValue client_secret_;
};

}  // namespace mstr::internal::azure
