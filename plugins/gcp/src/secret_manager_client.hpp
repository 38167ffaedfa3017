#pragma once
// Secret Manager's Access Secret Version call:
// GET {endpoint}/v1/projects/P/secrets/S/versions/V:access with a bearer token.

#include "secret_version_name.hpp"
#include "token_credential.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <optional>
#include <string>

namespace mstr::internal::gcp {

inline constexpr const char* kDefaultSecretManagerEndpoint = "https://secretmanager.googleapis.com";

// Secret Manager answered 401: the token was refused before its expiry (revoked, rotated key).
class TokenRejectedError : public CredentialError {
 public:
  explicit TokenRejectedError(const std::string& message);
  ~TokenRejectedError() override;
};

// `configured` when set, else MSTR_GCP_SECRETMANAGER_ENDPOINT, else Google's endpoint; without a
// trailing '/'. Throws CredentialError for plain http:// to a host that is not loopback.
std::string secret_manager_endpoint(const std::optional<std::string>& configured, const IEnvironment& env);

class SecretManagerClient {
 public:
  SecretManagerClient(IHttpClient& http, std::string endpoint, const RetryPolicy& retry);

  // Retries throttling and server errors. Throws TokenRejectedError on 401, VaultUnavailableError
  // when Secret Manager cannot be reached or still throttles or fails after the retries, and
  // CredentialError naming the secret version and Google's error status otherwise.
  SecretValue access(const SecretVersionName& name, const AccessToken& token);

 private:
  IHttpClient& http_;
  std::string endpoint_;
  const RetryPolicy& retry_;
};

}  // namespace mstr::internal::gcp
