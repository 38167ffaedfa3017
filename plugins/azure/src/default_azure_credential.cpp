#include "default_azure_credential.hpp"

#include "azure_cli_credential.hpp"
#include "environment_credential.hpp"
#include "managed_identity_credential.hpp"
#include "workload_identity_credential.hpp"

#include <plugin_common/chained_token_credential.hpp>

namespace mstr::internal::azure {

std::unique_ptr<TokenCredential> make_default_azure_credential() {
  std::vector<std::unique_ptr<TokenCredential>> links;
  links.push_back(std::make_unique<EnvironmentCredential>());
  links.push_back(std::make_unique<WorkloadIdentityCredential>());
  links.push_back(std::make_unique<ManagedIdentityCredential>());
  links.push_back(std::make_unique<AzureCliCredential>());
  return std::make_unique<common::ChainedTokenCredential>(
      std::move(links),
      common::ChainWording{kProviderName, "Azure",
                           "Set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or "
                           "AZURE_CLIENT_CERTIFICATE_PATH, run on an Azure host with a managed identity, or log "
                           "in with `az login`."});
}

}  // namespace mstr::internal::azure
