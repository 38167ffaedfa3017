#pragma once
// Discovers plugins (shared objects) in plugin directories from the metadata in their files, without
// loading any of them, and loads each one the first time its scheme or auth mode is asked for. A
// refused plugin never takes the host down: it is recorded with its reason.
//
// Search order: the host's explicit directories, then MSTR_PLUGIN_PATH (colon-separated), then the
// default directory next to the installed library (in the build tree: build/plugins/). The SDK's own
// plugins there (the ones it builds, by file name) are built in: another plugin that claims one of
// their schemes or auth modes is refused, whatever the order. A third-party plugin installed into the
// default directory is not built in: it is one claimant like any other.

#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mstr {

// Where credential-provider plugins run. Auth modes always run in process: they drive the
// session's login channel, which cannot cross a process boundary.
enum class PluginIsolation {
  in_process,  // loaded into the host: fastest; a crash, exit() or abort() ends the host (reported)
  process,     // each provider runs in its own mstr-plugin-host process; a crash costs one error
};

struct PluginSearchOptions {
  std::vector<std::filesystem::path> directories;  // searched first
  bool use_environment = true;                     // then MSTR_PLUGIN_PATH
  bool use_default_directory = true;               // then the default directory
  // Like OpenSSH's StrictModes: refuse plugin files or directories writable by group or others,
  // or owned by a user other than root or the current user.
  // Symbolic links are followed, and every directory above the real file is checked up to "/".
  bool strict_permissions = true;
  // MSTR_PLUGIN_ISOLATION=process turns isolation on as well when use_environment is set.
  PluginIsolation isolation = PluginIsolation::in_process;
  // The helper program; empty: MSTR_PLUGIN_HOST (when use_environment is set), else the one
  // installed with the library (build/libexec/mstr-plugin-host in the build tree).
  std::filesystem::path plugin_host;
  // Two plugins that are not built in and claim the same scheme or auth-mode name are both refused,
  // unless this maps that scheme or mode name to the file of the one to use. When use_environment is
  // set, MSTR_PLUGIN_CHOOSE (plugin files, colon-separated) chooses for the names this leaves open.
  std::map<std::string, std::filesystem::path> chosen_plugins;
};

// A plugin that passed discovery, as its metadata describes it; `loaded` says whether its code has
// been loaded yet (listing loads nothing).
struct PluginInfo {
  std::string name;
  std::string version;
  std::string description;
  std::string kind;  // "credential-provider" or "auth-mode"
  std::filesystem::path file;
  std::uint32_t abi_version = 0;
  std::vector<std::string> schemes;  // for providers
  std::string mode;                  // for auth modes
  int login_mode = 0;                // for auth modes
  bool isolated = false;             // a provider that runs in an mstr-plugin-host process
  std::string build;      // the build key, e.g. "gcc 12.2, libstdc++ (_GLIBCXX_USE_CXX11_ABI=1), SDK 0.1.0"
  bool built_in = false;  // one of the SDK's own plugins, in the default directory
  bool loaded = false;    // its shared object has been loaded (on first use; isolated: in a helper)
};

struct RefusedPlugin {
  std::filesystem::path file;
  std::string reason;
};

class PluginRegistry {
 public:
  // Reads the metadata of every plugin on the search path and checks it (permissions, ABI version,
  // build key, claims); runs no plugin code. Never throws for a bad plugin; throws
  // ConfigurationError when MSTR_PLUGIN_ISOLATION holds neither "process" nor "in-process".
  static std::shared_ptr<PluginRegistry> discover(const PluginSearchOptions& options = {});

  ~PluginRegistry();

  // The provider claiming `scheme`, nullptr when none does. Its plugin is loaded on the first call
  // (once, thread-safe). A plugin that cannot be loaded, or whose loaded code disagrees with its
  // metadata, throws CredentialError naming the file and the reason, and stays refused. The
  // returned object keeps its shared object loaded for as long as it lives. When providers are
  // isolated, the first call loads the plugin in a helper process instead (a plugin that crashes,
  // aborts or exits there is refused with what happened) and returns a proxy that fetches through one.
  std::shared_ptr<ICredentialProvider> provider_for(std::string_view scheme) const;
  // The same for auth modes; a plugin that cannot be loaded throws PluginError.
  std::shared_ptr<IAuthMode> auth_mode(std::string_view name) const;
  // What the available plugins claim, from their metadata: listing loads nothing.
  std::vector<std::string> schemes() const;
  std::vector<std::string> auth_modes() const;
  // The name of the plugin that claims `scheme` (from its metadata), or nullopt when none does.
  std::optional<std::string> plugin_claiming(std::string_view scheme) const;

  // Every plugin that passed discovery and was not refused at its first use, loaded or not.
  std::vector<PluginInfo> available() const;
  // The plugins whose shared object has been loaded so far.
  std::vector<PluginInfo> loaded() const;
  std::vector<RefusedPlugin> refused() const;
  const std::vector<std::filesystem::path>& searched_directories() const;
  PluginIsolation isolation() const;

 private:
  PluginRegistry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
