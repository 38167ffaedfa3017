#pragma once
// Discovers plugins (shared objects) in plugin directories, checks each descriptor before creating
// anything, and hands out the providers and auth modes that passed. A refused plugin never takes
// the host down: it is recorded with its reason.
//
// Search order: the host's explicit directories, then MSTR_PLUGIN_PATH (colon-separated), then the
// default directory next to the installed library (in the build tree: build/plugins/).

#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <filesystem>
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
  bool strict_permissions = true;
  // MSTR_PLUGIN_ISOLATION=process turns isolation on as well when use_environment is set.
  PluginIsolation isolation = PluginIsolation::in_process;
  // The helper program; empty: MSTR_PLUGIN_HOST (when use_environment is set), else the one
  // installed with the library (build/libexec/mstr-plugin-host in the build tree).
  std::filesystem::path plugin_host;
};

struct LoadedPluginInfo {
  std::string name;
  std::string version;
  std::string description;
  std::string kind;  // "credential-provider" or "auth-mode"
  std::filesystem::path file;
  std::uint32_t abi_version = 0;
  std::vector<std::string> schemes;  // for providers
  std::string mode;                  // for auth modes
  int login_mode = 0;                // for auth modes
  bool isolated = false;             // runs in an mstr-plugin-host process
};

struct RefusedPlugin {
  std::filesystem::path file;
  std::string reason;
};

class PluginRegistry {
 public:
  // Discovers and loads every plugin on the search path. Never throws for a bad plugin; throws
  // ConfigurationError when MSTR_PLUGIN_ISOLATION holds neither "process" nor "in-process".
  static std::shared_ptr<PluginRegistry> discover(const PluginSearchOptions& options = {});

  ~PluginRegistry();

  // The provider claiming `scheme`, nullptr when none does. The returned object keeps its shared
  // object loaded for as long as it lives.
  std::shared_ptr<ICredentialProvider> provider_for(std::string_view scheme) const;
  std::shared_ptr<IAuthMode> auth_mode(std::string_view name) const;
  std::vector<std::string> schemes() const;
  std::vector<std::string> auth_modes() const;

  const std::vector<LoadedPluginInfo>& loaded() const;
  const std::vector<RefusedPlugin>& refused() const;
  const std::vector<std::filesystem::path>& searched_directories() const;
  PluginIsolation isolation() const;

 private:
  PluginRegistry();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
