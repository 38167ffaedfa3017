#include "client_secret_credential.hpp"

#include "entra_token_client.hpp"

#include <utility>

namespace mstr::internal::azure {

ClientSecretCredential::ClientSecretCredential(std::string tenant_id, std::string client_id,
                                               SecretValue client_secret)
    : tenant_id_(std::move(tenant_id)), client_id_(std::move(client_id)), client_secret_(std::move(client_secret)) {}

std::string ClientSecretCredential::description() const {
  return "client secret of " + client_id_ + " in tenant " + tenant_id_;
}

AccessToken ClientSecretCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  return request_client_credentials_token(
      context, token_endpoint(context.env, tenant_id_), scope,
      {{"client_id", client_id_}, {"client_secret", std::string(client_secret_.reveal())}}, description());
}

}  // namespace mstr::internal::azure
