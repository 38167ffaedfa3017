#pragma once
// A service principal authenticating with a certificate: a client assertion signed by its key.

#include "token_credential.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <filesystem>
#include <string>

namespace mstr::internal::azure {

class ClientCertificateCredential final : public TokenCredential {
 public:
  // `pem_file` holds the certificate and its private key; `key_password` may be empty.
  ClientCertificateCredential(std::string tenant_id, std::string client_id, std::filesystem::path pem_file,
                              SecretValue key_password);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::string tenant_id_;
  std::string client_id_;
  std::filesystem::path pem_file_;
  SecretValue key_password_;
};

}  // namespace mstr::internal::azure
