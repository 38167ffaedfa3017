#pragma once
// Workload identity (AKS and other federated hosts): the platform writes a signed token to
// AZURE_FEDERATED_TOKEN_FILE, which is exchanged at Entra ID for an access token of AZURE_CLIENT_ID
// in AZURE_TENANT_ID.

#include "token_credential.hpp"

namespace mstr::internal::azure {

class WorkloadIdentityCredential final : public TokenCredential {
 public:
  std::string description() const override;
  // Unavailable unless all three variables are set. The file is read for every token request
  // because the platform rotates it.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;
};

}  // namespace mstr::internal::azure
