#pragma once
// The shared token layer (plugins/common) in the Google plugin's terms: its error carries the
// plugin's name, and every token is asked for with the cloud-platform scope.

#include "provider_name.hpp"

#include <plugin_common/access_token.hpp>
#include <plugin_common/token_cache.hpp>
#include <plugin_common/token_credential.hpp>

#include <string>

namespace mstr::internal::gcp {

using common::AccessToken;
using common::Clock;
using common::TokenCache;
using common::TokenCredential;
using common::TokenRequestContext;

inline constexpr const char* kCloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

class CredentialUnavailableError final : public common::CredentialUnavailableError {
 public:
  explicit CredentialUnavailableError(const std::string& message)
      : common::CredentialUnavailableError(message, kProviderName) {}
};

}  // namespace mstr::internal::gcp
