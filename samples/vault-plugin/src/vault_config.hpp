#pragma once
// Where the Vault server is and how to authenticate to it, read the way the `vault` CLI and Vault
// Agent read them. The first method that is configured wins:
//
//   1. a static token: VAULT_TOKEN, else the file VAULT_TOKEN_FILE
//   2. AppRole login: VAULT_ROLE_ID with VAULT_SECRET_ID or VAULT_SECRET_ID_FILE
//   3. Kubernetes login: VAULT_K8S_ROLE with the pod's service-account token
//   4. ~/.vault-token, what `vault login` wrote
//
// An explicitly set token beats a login, as with the vault CLI; a login beats the token an earlier
// `vault login` left behind in the home directory.

#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <optional>
#include <string>

namespace vault {

enum class LoginMethod { static_token, approle, kubernetes };

struct VaultConfig {
  std::string address;                    // VAULT_ADDR without a trailing slash
  std::optional<std::string> name_space;  // VAULT_NAMESPACE, sent as X-Vault-Namespace (Enterprise)
  LoginMethod method = LoginMethod::static_token;
  mstr::SecretValue token;  // static_token: sent as X-Vault-Token

  // approle and kubernetes: the auth method's mount, and the role (an AppRole role id, a Kubernetes
  // role name).
  std::string mount;
  std::string role;
  // approle: the secret id when given inline (VAULT_SECRET_ID).
  mstr::SecretValue secret_id;
  // approle: VAULT_SECRET_ID_FILE when the secret id lives in a file; kubernetes: the JWT's file.
  // Read at each login, so a rotated secret id or a refreshed projected token is picked up.
  std::string credential_file;

  // Reads the environment. Throws mstr::CredentialError or mstr::ConfigurationError saying which
  // variable or file to fix; no token or secret id ever appears in a message.
  static VaultConfig from_environment(const mstr::IEnvironment& env);

  // The login endpoint, /v1/auth/MOUNT/login.
  std::string login_endpoint() const;
  // The login request's JSON body ({"role_id","secret_id"} or {"role","jwt"}), reading the file now.
  mstr::SecretValue login_body() const;
  // Which login a cached token came from: a token stays valid for the configuration that obtained it.
  std::string identity() const;
  // "AppRole login at approle", for messages.
  std::string describe_login() const;
};

}  // namespace vault
