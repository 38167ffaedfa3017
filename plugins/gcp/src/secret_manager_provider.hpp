#pragma once
// The gcp-sm credential provider: Application Default Credentials plus Access Secret Version.

#include "token_credential.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct SecretManagerProviderOptions {
  // Overrides MSTR_GCP_SECRETMANAGER_ENDPOINT, e.g. "https://secretmanager.googleapis.com".
  std::optional<std::string> endpoint;
  RetryPolicy retry;
  Clock clock;  // empty: the system clock
};

class SecretManagerProvider final : public ICredentialProvider {
 public:
  explicit SecretManagerProvider(SecretManagerProviderOptions options = {});
  ~SecretManagerProvider() override;

  std::vector<std::string> schemes() const override;
  SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) override;
  // The full resource name, so projects/P/secrets/S and projects/P/secrets/S/versions/latest share one fetch.
  std::string cache_key(const CredentialReference& reference) const override;

 private:
  SecretManagerProviderOptions options_;
  std::shared_ptr<TokenCache> cache_;
  std::unique_ptr<TokenCredential> credentials_;
};

}  // namespace mstr::internal::gcp
