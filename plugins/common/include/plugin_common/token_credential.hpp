#pragma once
// One source of access tokens (a client secret, a key file, a managed identity, a metadata server,
// a CLI), in the shape of the Azure SDK's TokenCredential, and what a token request borrows from the
// host and the provider.

#include <plugin_common/access_token.hpp>

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/logger.hpp>

#include <chrono>
#include <string>

namespace mstr::internal::common {

struct TokenRequestContext {
  IHttpClient& http;
  const IEnvironment& env;
  ILogger& logger;
  const RetryPolicy& retry;
  Clock clock;  // empty: the system clock
  // How long a credential that runs a program (the Azure CLI) lets it run before killing it.
  std::chrono::milliseconds process_timeout{10000};
};

// Thrown by a credential that does not apply here (its variables are unset, its file is absent, no
// metadata endpoint answers, a CLI is not installed), so that a chain moves on. A credential that
// applies but fails throws a plain CredentialError, which ends the chain: a rejected client secret
// or a broken key file must not be silently replaced by some other identity.
class CredentialUnavailableError : public CredentialError {
 public:
  CredentialUnavailableError(const std::string& message, const std::string& provider);
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

}  // namespace mstr::internal::common
