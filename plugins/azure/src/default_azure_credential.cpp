#include "default_azure_credential.hpp"

#include "azure_cli_credential.hpp"
#include "chained_token_credential.hpp"
#include "environment_credential.hpp"
#include "managed_identity_credential.hpp"
#include "workload_identity_credential.hpp"

namespace mstr::internal::azure {

std::unique_ptr<TokenCredential> make_default_azure_credential() {
  std::vector<std::unique_ptr<TokenCredential>> links;
  links.push_back(std::make_unique<EnvironmentCredential>());
  links.push_back(std::make_unique<WorkloadIdentityCredential>());
  links.push_back(std::make_unique<ManagedIdentityCredential>());
  links.push_back(std::make_unique<AzureCliCredential>());
  return std::make_unique<ChainedTokenCredential>(std::move(links));
}

}  // namespace mstr::internal::azure
