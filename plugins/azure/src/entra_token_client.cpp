#include "entra_token_client.hpp"

#include "provider_name.hpp"
#include "retryable_status.hpp"
#include "token_response.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

namespace mstr::internal::azure {
namespace {

std::string first_line(const std::string& text) {
  const auto end = text.find_first_of("\r\n");
  std::string line = text.substr(0, end);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

// Entra answers {"error": "invalid_client", "error_description": "AADSTS7000215: ..."}; the
// description never quotes the credential.
std::string describe_error(const HttpResponse& response) {
  std::string text = "HTTP " + std::to_string(response.status);
  try {
    const auto json = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
    if (json && json->has("error")) text += " " + json->getValue<std::string>("error");
    if (json && json->has("error_description")) {
      text += ": " + first_line(json->getValue<std::string>("error_description"));
    }
  } catch (const std::exception&) {
    // Not Entra's JSON (a proxy's page): the status is all there is to say.
  }
  return text;
}

}  // namespace

std::string authority_host(const IEnvironment& env) {
  std::string host = env.get("AZURE_AUTHORITY_HOST").value_or("");
  if (host.empty()) host = "https://login.microsoftonline.com";
  while (!host.empty() && host.back() == '/') host.pop_back();
  require_secure_url(host, "Azure authority host (AZURE_AUTHORITY_HOST)");
  return host;
}

std::string token_endpoint(const IEnvironment& env, const std::string& tenant) {
  const bool plain = !tenant.empty() && std::all_of(tenant.begin(), tenant.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_';
  });
  if (!plain) {
    throw CredentialError("AZURE_TENANT_ID must be a tenant GUID or domain name (letters, digits, '-', '.')",
                          kProviderName);
  }
  return authority_host(env) + "/" + tenant + "/oauth2/v2.0/token";
}

std::string form_encode(const FormFields& fields) {
  std::string body;
  for (const auto& [name, value] : fields) {
    if (!body.empty()) body += '&';
    std::string encoded;
    Poco::URI::encode(name, "!#$&'()*+,/:;=?@[] ", encoded);
    body += encoded + '=';
    encoded.clear();
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[] ", encoded);
    body += encoded;
  }
  return body;
}

AccessToken request_client_credentials_token(const TokenRequestContext& context, const std::string& endpoint,
                                             const std::string& scope, FormFields fields, const std::string& what) {
  fields.emplace_back("grant_type", "client_credentials");
  fields.emplace_back("scope", scope);
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = form_encode(fields);

  HttpResponse response;
  try {
    response = send_with_backoff(context.http, request, context.backoff, is_retryable_status);
  } catch (const TransportError& error) {
    throw CredentialError(what + ": cannot reach the Entra ID token endpoint " + endpoint + ": " + error.what(),
                          kProviderName);
  }
  if (!response.ok()) {
    throw CredentialError(what + ": the Entra ID token endpoint " + endpoint + " refused the request: " +
                              describe_error(response),
                          kProviderName);
  }
  return parse_token_response(response.body, context.clock, "the Entra ID token endpoint " + endpoint);
}

}  // namespace mstr::internal::azure
