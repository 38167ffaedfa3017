#pragma once
// Where the Vault server is and how to authenticate to it, read the way the `vault` CLI reads them.

#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <optional>
#include <string>

namespace vault {

struct VaultConfig {
  std::string address;                       // VAULT_ADDR without a trailing slash
  mstr::SecretValue token;                   // sent as X-Vault-Token
  std::optional<std::string> name_space;     // VAULT_NAMESPACE, sent as X-Vault-Namespace (Enterprise)

  // VAULT_ADDR (required; https://, or http:// to a loopback host), the token from VAULT_TOKEN, else
  // the file named by VAULT_TOKEN_FILE (a Vault Agent sink), else ~/.vault-token (what `vault login`
  // writes), and VAULT_NAMESPACE. Throws mstr::CredentialError or mstr::ConfigurationError saying
  // which variable or file to fix; a token never appears in a message.
  static VaultConfig from_environment(const mstr::IEnvironment& env);
};

}  // namespace vault
