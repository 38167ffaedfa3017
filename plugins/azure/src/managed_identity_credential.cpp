#include "managed_identity_credential.hpp"

#include "provider_name.hpp"

#include <plugin_common/status_errors.hpp>
#include <plugin_common/token_endpoint.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace mstr::internal::azure {
namespace {

const char* const kImdsAuthority = "http://169.254.169.254";
const char* const kImdsTokenPath = "/metadata/identity/oauth2/token";

// Managed identity endpoints live on the host itself and speak plain http: loopback, or link-local
// (169.254.0.0/16: IMDS, and the App Service endpoint on Linux). Anything else must be https.
void require_host_local_or_secure(const std::string& url, const std::string& what) {
  try {
    const Poco::URI uri(url);
    if (uri.getScheme() == "http" && uri.getHost().rfind("169.254.", 0) == 0) return;
  } catch (const Poco::Exception&) {
    throw ConfigurationError(what + " is not a valid URL");
  }
  require_secure_url(url, what);
}

std::string short_body(const HttpResponse& response) {
  std::string text = response.body.substr(0, 200);
  for (char& c : text) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  return text;
}

// A managed identity endpoint's token URL for `resource`, naming AZURE_CLIENT_ID's identity when set.
std::string token_url(const std::string& endpoint, const char* api_version, const std::string& resource,
                      const IEnvironment& env) {
  Poco::URI uri(endpoint);
  uri.addQueryParameter("api-version", api_version);
  uri.addQueryParameter("resource", resource);
  if (const auto client = env.get("AZURE_CLIENT_ID"); client && !client->empty()) {
    uri.addQueryParameter("client_id", *client);
  }
  return uri.toString();
}

// A token answer that is not a success: an outage when `where` still fails after the retries, a
// refusal otherwise; both quote the start of the body (an identity endpoint's error, never a token).
void require_token_answer(const HttpResponse& response, const std::string& where) {
  common::require_success(response, kProviderName, [&](common::StatusVerdict verdict) {
    const std::string status = "HTTP " + std::to_string(response.status);
    return "managed identity: " + where +
           (verdict == common::StatusVerdict::outage
                ? " is unavailable: it answered " + status + ", still after the retries: "
                : " answered " + status + ": ") +
           short_body(response);
  });
}

}  // namespace

std::string ManagedIdentityCredential::description() const { return "ManagedIdentityCredential"; }

AccessToken ManagedIdentityCredential::get_token(const std::string& scope,
                                                 const TokenRequestContext& context) {
  const std::string resource = scope_to_resource(scope);
  const std::string endpoint = context.env.get("IDENTITY_ENDPOINT").value_or("");
  const std::string header = context.env.get("IDENTITY_HEADER").value_or("");
  if (!endpoint.empty() && !header.empty()) return from_app_service(endpoint, header, resource, context);
  return from_imds(resource, context);
}

AccessToken ManagedIdentityCredential::from_app_service(const std::string& endpoint,
                                                        const std::string& header,
                                                        const std::string& resource,
                                                        const TokenRequestContext& context) {
  require_host_local_or_secure(endpoint, "App Service identity endpoint (IDENTITY_ENDPOINT)");
  HttpRequest request;
  request.url = token_url(endpoint, "2019-08-01", resource, context.env);
  request.headers = {{"X-IDENTITY-HEADER", header}, {"Accept", "application/json"}};

  const std::string where = "the App Service identity endpoint " + endpoint;
  HttpResponse response;
  try {
    response = send_with_retry(context.http, request, context.retry, common::is_transient_status);
  } catch (const TransportError& error) {
    throw VaultUnavailableError("managed identity: cannot reach " + where + ": " + error.what(),
                                kProviderName);
  }
  require_token_answer(response, where);
  return common::parse_token_response(response.body, context.clock, where, kProviderName);
}

AccessToken ManagedIdentityCredential::from_imds(const std::string& resource,
                                                 const TokenRequestContext& context) {
  std::string authority = context.env.get("AZURE_POD_IDENTITY_AUTHORITY_HOST").value_or("");
  if (authority.empty()) authority = kImdsAuthority;
  while (!authority.empty() && authority.back() == '/') authority.pop_back();
  const std::string endpoint = authority + kImdsTokenPath;
  require_host_local_or_secure(endpoint, "IMDS endpoint (AZURE_POD_IDENTITY_AUTHORITY_HOST)");

  HttpRequest request;
  request.url = token_url(endpoint, "2018-02-01", resource, context.env);
  request.headers = {{"Metadata", "true"}, {"Accept", "application/json"}};

  // The first request is a probe: off Azure nothing listens, and that only means this link does
  // not apply. Only an IMDS that answers is worth retrying.
  HttpResponse response;
  try {
    response = context.http.send(request);
    if (common::is_transient_status(response)) {
      response = send_with_retry(context.http, request, context.retry, common::is_transient_status);
    }
  } catch (const TransportError& error) {
    throw CredentialUnavailableError("no IMDS endpoint answered at " + endpoint + " (" + error.what() + ")");
  }
  if (response.status == 400) {
    throw CredentialUnavailableError(
        "IMDS at " + endpoint + " knows no managed identity for this host" +
        (context.env.get("AZURE_CLIENT_ID") ? " and AZURE_CLIENT_ID" : std::string()) + ": " +
        short_body(response));
  }
  require_token_answer(response, "IMDS at " + endpoint);
  return common::parse_token_response(response.body, context.clock, "IMDS at " + endpoint, kProviderName);
}

}  // namespace mstr::internal::azure
