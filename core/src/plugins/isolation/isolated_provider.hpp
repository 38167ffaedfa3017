#pragma once
// The host's side of a credential provider that runs in mstr-plugin-host: it starts the helper on
// first use, hands it the host's HTTP settings and the environment the provider should see, and
// turns whatever happens to the helper (a signal, an exit, a hang past the deadline) into one
// CredentialError naming the plugin. The next fetch starts a fresh helper.

#include "plugins/isolation/host_protocol.hpp"

#include <mstr/sdk/credential_provider.hpp>

#include <filesystem>
#include <memory>

namespace mstr::internal {

// The registry's factory for an isolated provider: `description` is what the plugin declared (read
// in a helper at discovery), `file` its shared object, `helper` the mstr-plugin-host program.
std::shared_ptr<ICredentialProvider> make_isolated_provider(LoadedDescription description,
                                                            std::filesystem::path file,
                                                            std::filesystem::path helper,
                                                            bool strict_permissions);

}  // namespace mstr::internal
