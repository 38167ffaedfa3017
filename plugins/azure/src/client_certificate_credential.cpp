#include "client_certificate_credential.hpp"

#include "client_assertion.hpp"
#include "entra_token_client.hpp"

#include <utility>

namespace mstr::internal::azure {

ClientCertificateCredential::ClientCertificateCredential(std::string tenant_id, std::string client_id,
                                                         std::filesystem::path pem_file, SecretValue key_password)
    : tenant_id_(std::move(tenant_id)),
      client_id_(std::move(client_id)),
      pem_file_(std::move(pem_file)),
      key_password_(std::move(key_password)) {}

std::string ClientCertificateCredential::description() const {
  return "client certificate " + pem_file_.string() + " of " + client_id_ + " in tenant " + tenant_id_;
}

AccessToken ClientCertificateCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const std::string endpoint = token_endpoint(context.env, tenant_id_);
  // Signed afresh for every token request: an assertion is short-lived and the file may be rotated.
  const std::string assertion = make_client_assertion(
      {pem_file_, std::string(key_password_.reveal()), client_id_, endpoint, common::now(context.clock)});
  return request_client_credentials_token(
      context, endpoint, scope,
      {{"client_id", client_id_},
       {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
       {"client_assertion", assertion}},
      description());
}

}  // namespace mstr::internal::azure
