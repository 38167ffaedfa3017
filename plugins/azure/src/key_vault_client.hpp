#pragma once
// Key Vault's Get Secret (api-version 7.4) with challenge-based authentication: the first request to
// a vault goes without a token, and its 401 challenge says which scope to get a token for. The
// scope learnt is kept per vault, so later requests carry a token from the start.

#include "secret_locator.hpp"
#include "token_credential.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace mstr::internal::azure {

class KeyVaultClient {
 public:
  // `credential` and `cache` must outlive the client.
  KeyVaultClient(TokenCredential& credential, TokenCache& cache);

  // The secret's value. Throws CredentialError naming the secret and vault (never the value) for a
  // refused challenge, a rejected token, 403, 404, a disabled secret or one without a value.
  SecretValue get_secret(const SecretLocator& secret, const TokenRequestContext& context);

 private:
  std::optional<std::string> known_scope(const std::string& vault_url);
  std::string learn_scope(const SecretLocator& secret, const HttpResponse& unauthorized);
  HttpResponse send(const SecretLocator& secret, const TokenRequestContext& context,
                    const std::optional<AccessToken>& token);
  AccessToken token_for(const std::string& scope, const TokenRequestContext& context);

  TokenCredential& credential_;
  TokenCache& cache_;
  std::mutex mutex_;
  std::map<std::string, std::string> scopes_;  // vault URL -> scope its challenge named
};

}  // namespace mstr::internal::azure
