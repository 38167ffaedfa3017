#include "entra_token_client.hpp"

#include "provider_name.hpp"

#include <algorithm>
#include <cctype>

namespace mstr::internal::azure {

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

AccessToken request_client_credentials_token(const TokenRequestContext& context, const std::string& endpoint,
                                             const std::string& scope, FormFields fields, const std::string& what) {
  fields.emplace_back("grant_type", "client_credentials");
  fields.emplace_back("scope", scope);
  return common::request_token(context, endpoint, fields, what, kProviderName);
}

}  // namespace mstr::internal::azure
