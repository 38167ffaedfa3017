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
// `build` (the build key in words) is left empty unless `describe_build`: discovery describes it only
// when a listing asks.
PluginInfo plugin_info(const PluginRecord& record, std::filesystem::path file,
                             bool describe_build = true);

// How a loaded provider's fetch meets the caller's timeout.
enum class FetchThread {
  worker,  // on a worker thread the caller stops waiting for at the deadline (fetch_deadline.hpp)
  caller,  // on the caller's thread: only for a fetch that cannot block (see fetch_thread_for)
};

// The SDK's own `env` provider reads nothing but the process environment, so its fetch cannot
// block and needs no worker thread (a one-shot command resolves its base URL, user name and
// password this way). Any other provider, and any plugin outside the SDK's own directory whatever
// it is called, runs on a worker.
FetchThread fetch_thread_for(const PluginInfo& info);

// The plugin, or the reason it was refused. Never throws for a bad plugin.
std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file,
                                                    const PluginRecord& record, bool strict_permissions,
                                                    FetchThread fetch_thread = FetchThread::worker);

}  // namespace mstr::internal
