#pragma once
// References to Azure Key Vault secrets, for the azure plugin (scheme azure-kv), in the shape of the
// Python package's helpers:
//
//   session credentials:  mstr::azure::key_vault("https://my-vault.vault.azure.net", "mstr-login", "password")
//   one fetch, two keys:  const mstr::azure::KeyVaultSecret login("https://my-vault.vault.azure.net", "mstr-login");
//                         login.field("username"); login.field("password");
//
// Header-only: building a reference needs no plugin; the plugin checks the URL and names when it
// fetches. References to one secret share one locator, so the core's resolver fetches the secret
// once for all of its fields.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/credential_reference.hpp>

#include <optional>
#include <string>
#include <utility>

namespace mstr::azure {

class KeyVaultSecret {
 public:
  // `version` empty: the secret's current version.
  KeyVaultSecret(std::string vault_url, std::string secret_name, std::string version = {})
      : vault_url_(std::move(vault_url)), secret_name_(std::move(secret_name)), version_(std::move(version)) {
    while (!vault_url_.empty() && vault_url_.back() == '/') vault_url_.pop_back();
  }

  // The whole value: azure-kv:VAULT_URL/NAME[/VERSION].
  CredentialReference reference() const { return CredentialReference("azure-kv", locator()); }

  // One key of a JSON value: azure-kv:VAULT_URL/NAME[/VERSION]#key.
  CredentialReference field(std::string key) const {
    return CredentialReference("azure-kv", locator(), std::move(key));
  }

 private:
  std::string locator() const { return vault_url_ + "/" + secret_name_ + (version_.empty() ? "" : "/" + version_); }

  std::string vault_url_;
  std::string secret_name_;
  std::string version_;
};

// The secret's value, or with `key` one key of its JSON value.
inline CredentialReference key_vault(std::string vault_url, std::string secret_name,
                                     std::optional<std::string> key = std::nullopt) {
  const KeyVaultSecret secret(std::move(vault_url), std::move(secret_name));
  return key ? secret.field(std::move(*key)) : secret.reference();
}

}  // namespace mstr::azure
