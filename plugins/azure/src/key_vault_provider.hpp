#pragma once
// The azure-kv credential provider: the DefaultAzureCredential-style chain plus Key Vault Get Secret.

#include "key_vault_client.hpp"
#include "token_credential.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <chrono>
#include <memory>

namespace mstr::internal::azure {

struct KeyVaultProviderOptions {
  RetryPolicy retry;
  // How long the Azure CLI may run before it is killed.
  std::chrono::milliseconds cli_timeout{10000};
  Clock clock;  // empty: the system clock
  // Empty: the default chain (environment, workload identity, managed identity, Azure CLI).
  std::unique_ptr<TokenCredential> credential;
};

class KeyVaultProvider final : public ICredentialProvider {
 public:
  explicit KeyVaultProvider(KeyVaultProviderOptions options = {});
  ~KeyVaultProvider() override;

  std::vector<std::string> schemes() const override;
  SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) override;

 private:
  KeyVaultProviderOptions options_;
  TokenCache cache_;
  KeyVaultClient client_;
};

}  // namespace mstr::internal::azure
