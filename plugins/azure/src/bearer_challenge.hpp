#pragma once
// Key Vault's challenge-based authentication: an unauthenticated request is answered 401 with
// `WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/TENANT",
// resource="https://vault.azure.net"` (or authorization_uri= and scope=), which tells the client what
// token to get.

#include <optional>
#include <string>
#include <string_view>

namespace mstr::internal::azure {

struct BearerChallenge {
  std::string authorization;  // the authority URL, with the tenant; may be empty
  std::string scope;          // from scope=, or resource= + "/.default"

  // The Bearer challenge of a WWW-Authenticate value; nullopt when there is none or it names
  // neither a resource nor a scope.
  static std::optional<BearerChallenge> parse(std::string_view header);

  // Throws CredentialError unless the scope's host is `vault_host` or a parent domain of it
  // (vault.azure.net for my-vault.vault.azure.net): a vault, or whoever poses as one, must not be
  // able to make the client fetch a token for some other resource and send it there.
  void verify_belongs_to(const std::string& vault_host, const std::string& vault_url) const;
};

}  // namespace mstr::internal::azure
