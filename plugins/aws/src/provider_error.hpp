#pragma once
// Every failure of this plugin is a CredentialError carrying the plugin's name; an AWS service or
// identity endpoint that could not answer (unreachable, timed out, 5xx or throttled after the
// retries) is the VaultUnavailableError kind, which says nothing about the secret itself.

#include <mstr/sdk/errors.hpp>

#include <string>

namespace mstr::internal::aws {

inline constexpr const char* plugin_name = "aws";

inline CredentialError provider_error(const std::string& message) {
  return CredentialError(message, plugin_name);
}

inline VaultUnavailableError provider_outage(const std::string& message) {
  return VaultUnavailableError(message, plugin_name);
}

}  // namespace mstr::internal::aws
