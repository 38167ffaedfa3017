#include "environment_credential.hpp"

#include "client_certificate_credential.hpp"
#include "client_secret_credential.hpp"

namespace mstr::internal::azure {
namespace {

std::string non_empty(const IEnvironment& env, std::string_view name) { return env.get(name).value_or(""); }

}  // namespace

std::string EnvironmentCredential::description() const { return "EnvironmentCredential"; }

AccessToken EnvironmentCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const std::string tenant = non_empty(context.env, "AZURE_TENANT_ID");
  const std::string client = non_empty(context.env, "AZURE_CLIENT_ID");
  const std::string secret = non_empty(context.env, "AZURE_CLIENT_SECRET");
  const std::string certificate = non_empty(context.env, "AZURE_CLIENT_CERTIFICATE_PATH");

  if (tenant.empty() || client.empty() || (secret.empty() && certificate.empty())) {
    std::string missing;
    if (tenant.empty()) missing += " AZURE_TENANT_ID";
    if (client.empty()) missing += " AZURE_CLIENT_ID";
    if (secret.empty() && certificate.empty()) missing += " AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PATH";
    throw CredentialUnavailableError("not configured; unset:" + missing);
  }
  if (!secret.empty()) return ClientSecretCredential(tenant, client, SecretValue(secret)).get_token(scope, context);
  return ClientCertificateCredential(tenant, client, certificate,
                                     SecretValue(non_empty(context.env, "AZURE_CLIENT_CERTIFICATE_PASSWORD")))
      .get_token(scope, context);
}

}  // namespace mstr::internal::azure
