#pragma once
// The first link of the default chain: a service principal described by environment variables,
// AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, or with AZURE_CLIENT_CERTIFICATE_PATH
// (and AZURE_CLIENT_CERTIFICATE_PASSWORD for an encrypted key). The secret wins when both are set,
// as in azure-identity.

#include "token_credential.hpp"

namespace mstr::internal::azure {

class EnvironmentCredential final : public TokenCredential {
 public:
  std::string description() const override;
  // Unavailable unless the tenant, the client id and a secret or certificate are all set.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;
};

}  // namespace mstr::internal::azure
