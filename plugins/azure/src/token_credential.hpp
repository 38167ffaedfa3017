#pragma once
// The shared token layer (plugins/common) in the Azure plugin's terms: its error carries the
// plugin's name, and managed identity and the Azure CLI take a resource where Entra ID takes a scope.

#include "provider_name.hpp"

#include <plugin_common/access_token.hpp>
#include <plugin_common/token_cache.hpp>
#include <plugin_common/token_credential.hpp>

#include <string>

namespace mstr::internal::azure {

using common::AccessToken;
using common::Clock;
using common::TokenCache;
using common::TokenCredential;
using common::TokenRequestContext;

class CredentialUnavailableError final : public common::CredentialUnavailableError {
 public:
  explicit CredentialUnavailableError(const std::string& message)
      : common::CredentialUnavailableError(message, kProviderName) {}
};

// "https://vault.azure.net/.default" -> "https://vault.azure.net".
std::string scope_to_resource(const std::string& scope);

}  // namespace mstr::internal::azure
