#pragma once
// The locator of an azure-kv reference: VAULT_URL/SECRET_NAME[/VERSION], e.g.
// https://my-vault.vault.azure.net/mstr-connection or .../mstr-connection/0123abcd....

#include <string>
#include <string_view>

namespace mstr::internal::azure {

struct SecretLocator {
  std::string vault_url;   // scheme://host[:port], no trailing slash
  std::string vault_host;  // lower case
  std::string name;
  std::string version;  // empty: the current version

  // Throws CredentialError saying what is wrong; ConfigurationError for plain http:// to a remote
  // vault. Secret names are 1-127 letters, digits and '-'; versions letters and digits.
  static SecretLocator parse(std::string_view locator);

  // {vault}/secrets/{name}[/{version}]?api-version=7.4
  std::string secret_url() const;
  // "secret NAME[ version V] in vault URL", for messages.
  std::string describe() const;
};

}  // namespace mstr::internal::azure
