#pragma once
// The managed identity of the Azure host: App Service / Functions when IDENTITY_ENDPOINT and
// IDENTITY_HEADER are set, otherwise the Instance Metadata Service (IMDS) of a VM, scale set or
// AKS pod (AZURE_POD_IDENTITY_AUTHORITY_HOST overrides its address). AZURE_CLIENT_ID selects a
// user-assigned identity; without it the system-assigned identity answers.

#include "token_credential.hpp"

#include <string>

namespace mstr::internal::azure {

class ManagedIdentityCredential final : public TokenCredential {
 public:
  std::string description() const override;
  // Unavailable when no IMDS answers or it knows no identity for this host; failing otherwise.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  AccessToken from_app_service(const std::string& endpoint, const std::string& header, const std::string& resource,
                               const TokenRequestContext& context);
  AccessToken from_imds(const std::string& resource, const TokenRequestContext& context);
};

}  // namespace mstr::internal::azure
