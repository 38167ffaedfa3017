#pragma once
// Loads one plugin file and checks it, in an order where each step only trusts what the previous
// ones proved: permissions, shared object, entry point, ABI version, descriptor, factory, claims.

#include <mstr/plugin_registry.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace mstr::internal {

struct LoadedPlugin {
  LoadedPluginInfo info;
  std::shared_ptr<ICredentialProvider> provider;  // set for credential providers
  std::shared_ptr<IAuthMode> auth_mode;           // set for auth modes
};

// The plugin, or the reason it was refused. Never throws for a bad plugin.
std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file, bool strict_permissions);

}  // namespace mstr::internal
