#include "workload_identity_credential.hpp"

#include "entra_token_client.hpp"
#include "provider_name.hpp"

#include <fstream>
#include <iterator>

namespace mstr::internal::azure {

std::string WorkloadIdentityCredential::description() const { return "WorkloadIdentityCredential"; }

AccessToken WorkloadIdentityCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const std::string file = context.env.get("AZURE_FEDERATED_TOKEN_FILE").value_or("");
  const std::string tenant = context.env.get("AZURE_TENANT_ID").value_or("");
  const std::string client = context.env.get("AZURE_CLIENT_ID").value_or("");
  if (file.empty() || tenant.empty() || client.empty()) {
    std::string missing;
    if (file.empty()) missing += " AZURE_FEDERATED_TOKEN_FILE";
    if (tenant.empty()) missing += " AZURE_TENANT_ID";
    if (client.empty()) missing += " AZURE_CLIENT_ID";
    throw CredentialUnavailableError("not configured; unset:" + missing);
  }

  std::ifstream stream(file, std::ios::binary);
  if (!stream) {
    throw CredentialError("cannot read the federated token file " + file + " (AZURE_FEDERATED_TOKEN_FILE)",
                          kProviderName);
  }
  std::string assertion((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
  while (!assertion.empty() && (assertion.back() == '\n' || assertion.back() == '\r' || assertion.back() == ' ')) {
    assertion.pop_back();
  }
  if (assertion.empty()) {
    throw CredentialError("the federated token file " + file + " (AZURE_FEDERATED_TOKEN_FILE) is empty", kProviderName);
  }
  return request_client_credentials_token(
      context, token_endpoint(context.env, tenant), scope,
      {{"client_id", client},
       {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
       {"client_assertion", assertion}},
      "workload identity " + client + " in tenant " + tenant);
}

}  // namespace mstr::internal::azure
