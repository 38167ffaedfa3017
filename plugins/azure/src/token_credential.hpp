#pragma once
// One source of Entra ID access tokens (a client secret, a certificate, a federated token, a managed
// identity, the Azure CLI), in the shape of the Azure SDK's TokenCredential.

#include "access_token.hpp"

#include <mstr/sdk/backoff.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>

#include <chrono>
#include <string>

namespace Poco {
class Logger;
}

namespace mstr::internal::azure {

// What a token request borrows from the host and the provider.
struct TokenRequestContext {
  IHttpClient& http;
  const IEnvironment& env;
  Poco::Logger& logger;
  const BackoffPolicy& backoff;
  const Clock& clock;
  // How long the Azure CLI may run before it is killed.
  std::chrono::milliseconds cli_timeout{10000};
};

// Thrown by a credential that does not apply here (its variables are unset, no managed identity
// endpoint answers, `az` is not installed or not logged in), so that a chain moves on. A credential
// that applies but fails throws a plain CredentialError, which ends the chain: a rejected client
// secret must not be silently replaced by some other identity.
class CredentialUnavailableError : public CredentialError {
 public:
  explicit CredentialUnavailableError(const std::string& message);
  ~CredentialUnavailableError() override;
};

class TokenCredential {
 public:
  virtual ~TokenCredential() = default;
  // What this credential is, for logs and for the error that lists what a chain tried.
  virtual std::string description() const = 0;
  // A token for `scope` (e.g. "https://vault.azure.net/.default"). Throws CredentialUnavailableError
  // or CredentialError; never returns an empty token.
  virtual AccessToken get_token(const std::string& scope, const TokenRequestContext& context) = 0;
};

// "https://vault.azure.net/.default" -> "https://vault.azure.net": managed identity and the Azure
// CLI take a resource, not a scope.
std::string scope_to_resource(const std::string& scope);

}  // namespace mstr::internal::azure
