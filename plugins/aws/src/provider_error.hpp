#pragma once
// Every failure of this plugin is a CredentialError carrying the plugin's name.

#include <mstr/sdk/errors.hpp>

#include <string>

namespace mstr::internal::aws {

inline constexpr const char* plugin_name = "aws";

inline CredentialError provider_error(const std::string& message) { return CredentialError(message, plugin_name); }

}  // namespace mstr::internal::aws
