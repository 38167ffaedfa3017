#pragma once
// Discovery when credential providers are isolated: each plugin file is loaded first in a helper
// process, so a plugin whose static constructor crashes, aborts or exits costs a refusal saying
// what happened instead of the host. Providers come back as isolated proxies; auth modes are then
// loaded in process, because they drive the session's login channel, which cannot cross a pipe.

#include "plugins/plugin_loader.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace mstr::internal {

class HelperProcess;

class IsolatedPluginLoader {
 public:
  explicit IsolatedPluginLoader(std::filesystem::path helper);
  ~IsolatedPluginLoader();

  // The same contract as load_plugin(): the plugin, or the reason it was refused.
  std::variant<LoadedPlugin, std::string> load(const std::filesystem::path& file, bool strict_permissions);

 private:
  std::filesystem::path helper_;
  // One helper reads every plugin's description; a plugin that kills it costs a new one.
  std::unique_ptr<HelperProcess> probe_;
};

}  // namespace mstr::internal
