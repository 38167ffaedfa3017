#pragma once
// The `vault` credential provider: reads a HashiCorp Vault KV version 2 secret.
//
//   vault:secret/mstr/prod#password   ->  GET $VAULT_ADDR/v1/secret/data/mstr/prod, field "password"
//
// The secret's key/value map is returned as a JSON object; the host selects `#field` from it and
// caches the one fetch for every field of the same secret. A token obtained by logging in is kept
// for the next fetches (see vault_token_source.hpp).

#include "vault_token_source.hpp"

#include <mstr/sdk/credential_provider.hpp>

namespace vault {

class VaultKv2Provider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override;
  mstr::SecretValue fetch(const mstr::CredentialReference& reference,
                          const mstr::ProviderContext& context) override;

 private:
  VaultTokenSource tokens_;
};

}  // namespace vault
