#include "secret_manager_client.hpp"

#include "google_error.hpp"
#include "provider_name.hpp"
#include "secret_payload.hpp"

#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <utility>

namespace mstr::internal::gcp {
namespace {

std::string hint_for(int status) {
  switch (status) {
    case 403:
      return " The identity needs roles/secretmanager.secretAccessor on the secret, and the Secret Manager "
             "API "
             "must be enabled in the project.";
    case 404:
      return " Check the project, the secret id and the version (an existing, enabled version or 'latest').";
    case 429:
      return " Secret Manager is throttling requests: still throttled after the retries.";
    default:
      return status >= 500 ? " Secret Manager failed: still failing after the retries." : "";
  }
}

std::string describe_failure(const HttpResponse& response) {
  const auto error = parse_google_error(response.body);
  std::string text = (error && !error->status.empty() ? error->status + " " : std::string()) + "(HTTP " +
                     std::to_string(response.status) + ")";
  if (error && !error->message.empty()) text += ": " + error->message;
  return text + "." + hint_for(response.status);
}

}  // namespace

TokenRejectedError::TokenRejectedError(const std::string& message)
    : CredentialError(message, kProviderName) {}

TokenRejectedError::~TokenRejectedError() = default;

std::string secret_manager_endpoint(const std::optional<std::string>& configured, const IEnvironment& env) {
  std::string endpoint = configured.value_or(env.get("MSTR_GCP_SECRETMANAGER_ENDPOINT").value_or(""));
  if (endpoint.empty()) endpoint = kDefaultSecretManagerEndpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  try {
    require_secure_url(endpoint, "Secret Manager endpoint (MSTR_GCP_SECRETMANAGER_ENDPOINT)");
  } catch (const ConfigurationError& e) {
    throw CredentialError(e.what(), kProviderName);
  }
  return endpoint;
}

SecretManagerClient::SecretManagerClient(IHttpClient& http, std::string endpoint,
                                         const RetryPolicy& retry)
    : http_(http), endpoint_(std::move(endpoint)), retry_(retry) {}

SecretValue SecretManagerClient::access(const SecretVersionName& name, const AccessToken& token) {
  HttpRequest request;
  request.url = endpoint_ + "/v1/" + name.resource_name() + ":access";
  request.headers = {{"Authorization", "Bearer " + std::string(token.token.reveal())},
                     {"Accept", "application/json"}};
  if (token.quota_project_id) request.headers.emplace_back("x-goog-user-project", *token.quota_project_id);
  HttpResponse response;
  try {
    response = send_with_retry(http_, request, retry_, common::is_transient_status);
  } catch (const TransportError& e) {
    throw VaultUnavailableError("gcp-sm: cannot reach Secret Manager at " + endpoint_ + " for " +
                                    name.resource_name() + ": " + e.what(),
                                kProviderName);
  }
  const std::string what = "gcp-sm: cannot access " + name.resource_name() + ": ";
  // A rejected token is its own type: the caller fetches a fresh token and tries once more.
  if (response.status == 401) throw TokenRejectedError(what + describe_failure(response));
  common::require_success(response, kProviderName,
                          [&](common::StatusVerdict) { return what + describe_failure(response); });
  return decode_secret_payload(response.body, name);
}

}  // namespace mstr::internal::gcp
