#pragma once
// The user logged in with the Azure CLI: `az account get-access-token --resource R --output json`,
// found on the environment's PATH and run without a shell, within TokenRequestContext::process_timeout.

#include "token_credential.hpp"

namespace mstr::internal::azure {

class AzureCliCredential final : public TokenCredential {
 public:
  std::string description() const override;
  // Unavailable when az is not on PATH, is not logged in, or does not answer in time.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;
};

}  // namespace mstr::internal::azure
