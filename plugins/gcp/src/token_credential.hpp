#pragma once
// One source of Google access tokens (a service-account key, a gcloud user login, the metadata
// server), and the context a token request borrows from the host.

#include "access_token.hpp"

#include <mstr/sdk/backoff.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>

#include <string>

namespace Poco {
class Logger;
}

namespace mstr::internal::gcp {

struct TokenRequestContext {
  IHttpClient& http;
  const IEnvironment& env;
  Poco::Logger& logger;
  const BackoffPolicy& backoff;
};

// Thrown by a credential that does not apply here (its variable is unset, its file is absent, no
// metadata server answers), so that a chain moves on to the next one. A credential that applies
// but fails throws a plain CredentialError, which ends the chain: a broken key file must not be
// silently replaced by some other identity.
class CredentialUnavailableError : public CredentialError {
 public:
  explicit CredentialUnavailableError(const std::string& message);
  ~CredentialUnavailableError() override;
};

class TokenCredential {
 public:
  virtual ~TokenCredential() = default;
  // What this credential is, for logs and for the error listing what a chain tried.
  virtual std::string description() const = 0;
  // Throws CredentialUnavailableError or CredentialError; never returns an empty token.
  virtual AccessToken get_token(const TokenRequestContext& context) = 0;
};

}  // namespace mstr::internal::gcp
