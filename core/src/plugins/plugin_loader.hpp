#pragma once
// Loads one plugin whose metadata record passed discovery, and checks that what it loaded is what
// the record said, in an order where each step only trusts what the previous ones proved:
// permissions, shared object (every symbol bound now), entry point, descriptor, the descriptor's
// record against the file's, factory, and the object's claims against the record's.

#include "plugins/plugin_metadata_record.hpp"

#include <mstr/plugin_registry.hpp>

#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace mstr::internal {

struct LoadedPlugin {
  std::shared_ptr<ICredentialProvider> provider;  // set for credential providers
  std::shared_ptr<IAuthMode> auth_mode;           // set for auth modes
};

// What `record`, read from `file`, says of its plugin (not yet loaded).
LoadedPluginInfo plugin_info(const PluginRecord& record, const std::filesystem::path& file);

// The plugin, or the reason it was refused. Never throws for a bad plugin.
std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file,
                                                    const PluginRecord& record, bool strict_permissions);

}  // namespace mstr::internal
