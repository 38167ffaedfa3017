#pragma once
// First use of a credential provider when providers are isolated: the plugin is loaded first in a
// helper process, so a plugin whose static constructor crashes, aborts or exits costs a refusal
// saying what happened instead of the host, and the helper says whether the provider can refetch.
// The provider comes back as an isolated proxy. Auth modes are never loaded here: they drive the
// session's login channel, which cannot cross a pipe, so the registry loads them in process.

#include "plugins/plugin_loader.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

namespace mstr::internal {

class HelperProcess;

class IsolatedPluginLoader {
 public:
  explicit IsolatedPluginLoader(std::filesystem::path helper);
  ~IsolatedPluginLoader();

  // The same contract as load_plugin() for a credential provider's record: the plugin, or the
  // reason it was refused.
  std::variant<LoadedPlugin, std::string> load(const std::filesystem::path& file, const PluginRecord& record,
                                               bool strict_permissions);

 private:
  std::filesystem::path helper_;
  // One helper reads every plugin's description, one plugin at a time; a plugin that kills it costs
  // a new one. The registry calls load() without its own lock, so this one serialises the probe.
  std::mutex mutex_;
  std::unique_ptr<HelperProcess> probe_;
};

}  // namespace mstr::internal
