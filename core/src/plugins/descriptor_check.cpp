#include "plugins/descriptor_check.hpp"

#include <mstr/sdk/credential_reference.hpp>

#include <algorithm>
#include <cstdint>

namespace mstr::internal {

std::optional<std::string> descriptor_problem(const PluginDescriptor* descriptor) {
  if (descriptor == nullptr) return std::string("the entry point returned no descriptor");
  // abi_version is the descriptor's first member in every ABI, so it is the one field that can be
  // read before the version is known to match.
  if (descriptor->abi_version != MSTR_PLUGIN_ABI_VERSION) {
    return "built for plugin ABI version " + std::to_string(descriptor->abi_version) + ", this host needs " +
           std::to_string(MSTR_PLUGIN_ABI_VERSION) + " (rebuild the plugin against this SDK)";
  }

  const bool is_provider = descriptor->kind == PluginKind::credential_provider;
  const bool is_mode = descriptor->kind == PluginKind::auth_mode;
  if (!is_provider && !is_mode) {
    return "the descriptor declares an unknown kind " + std::to_string(static_cast<std::uint32_t>(descriptor->kind));
  }
  const bool has_provider_factory = descriptor->create_credential_provider != nullptr;
  const bool has_mode_factory = descriptor->create_auth_mode != nullptr;
  if (has_provider_factory == has_mode_factory) {
    return std::string("the descriptor must set exactly one factory, it sets ") +
           (has_provider_factory ? "both" : "none");
  }
  if (is_provider != has_provider_factory) {
    return std::string("the descriptor lies about its kind: it declares ") +
           (is_provider ? "credential-provider" : "auth-mode") + " but provides the factory of " +
           (is_provider ? "an auth mode" : "a credential provider");
  }
  if (descriptor->metadata == nullptr) return std::string("the descriptor points at no metadata record");
  return std::nullopt;
}

bool valid_scheme(std::string_view scheme) {
  return !scheme.empty() && scheme.find(':') == std::string_view::npos &&
         CredentialReference::looks_like_reference(std::string(scheme) + ":");
}

bool valid_mode_name(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace mstr::internal
