#include <mstr/plugin_registry.hpp>

#include "plugins/isolation/isolated_loader.hpp"
#include "plugins/plugin_loader.hpp"
#include "plugins/plugin_search_path.hpp"

#include <Poco/Logger.h>

#include <algorithm>
#include <map>
#include <optional>
#include <system_error>
#include <utility>
#include <variant>

namespace mstr {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.plugins"); }

// The .so files of `directory`, sorted so the first claimant of a name is the same on every run.
std::vector<std::filesystem::path> plugin_files(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& path = it->path();
    std::error_code type_ec;
    if (path.extension() == ".so" && std::filesystem::is_regular_file(path, type_ec)) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

struct PluginRegistry::Impl {
  PluginIsolation isolation = PluginIsolation::in_process;
  std::vector<LoadedPluginInfo> loaded;
  std::vector<RefusedPlugin> refused;
  std::vector<std::filesystem::path> searched;
  std::map<std::string, std::shared_ptr<ICredentialProvider>, std::less<>> providers;
  std::map<std::string, std::filesystem::path, std::less<>> scheme_files;
  std::map<std::string, std::shared_ptr<IAuthMode>, std::less<>> modes;
  std::map<std::string, std::filesystem::path, std::less<>> mode_files;

  void refuse(std::filesystem::path file, std::string reason) {
    logger().warning("refused plugin %s: %s", file.string(), reason);
    refused.push_back({std::move(file), std::move(reason)});
  }

  // A second claim on a scheme or mode name is refused as a whole, never merged or shadowed: a
  // rogue plugin must not quietly take over a vault's scheme.
  std::optional<std::string> duplicate_claim(const internal::LoadedPlugin& plugin) const {
    for (const auto& scheme : plugin.info.schemes) {
      if (const auto it = scheme_files.find(scheme); it != scheme_files.end()) {
        return "scheme '" + scheme + "' is already claimed by " + it->second.string() + "; " +
               plugin.info.file.string() + " claims it too";
      }
    }
    if (plugin.auth_mode) {
      if (const auto it = mode_files.find(plugin.info.mode); it != mode_files.end()) {
        return "auth mode '" + plugin.info.mode + "' is already provided by " + it->second.string() + "; " +
               plugin.info.file.string() + " provides it too";
      }
    }
    return std::nullopt;
  }

  void add(internal::LoadedPlugin plugin) {
    if (auto reason = duplicate_claim(plugin)) {
      refuse(plugin.info.file, *reason);
      return;
    }
    for (const auto& scheme : plugin.info.schemes) {
      providers.emplace(scheme, plugin.provider);
      scheme_files.emplace(scheme, plugin.info.file);
    }
    if (plugin.auth_mode) {
      modes.emplace(plugin.info.mode, plugin.auth_mode);
      mode_files.emplace(plugin.info.mode, plugin.info.file);
    }
    logger().debug("loaded %s plugin '%s' %s from %s", plugin.info.kind, plugin.info.name,
                         plugin.info.version, plugin.info.file.string());
    loaded.push_back(std::move(plugin.info));
  }
};

PluginRegistry::PluginRegistry() : impl_(std::make_unique<Impl>()) {}
PluginRegistry::~PluginRegistry() = default;

std::shared_ptr<PluginRegistry> PluginRegistry::discover(const PluginSearchOptions& options) {
  std::shared_ptr<PluginRegistry> registry(new PluginRegistry());
  Impl& impl = *registry->impl_;
  const ProcessEnvironment env;
  impl.searched = internal::plugin_search_path(options, env);
  impl.isolation = internal::plugin_isolation(options, env);
  // Set only when providers are isolated: then every file is loaded in a helper first.
  std::optional<internal::IsolatedPluginLoader> isolated_loader;
  if (impl.isolation == PluginIsolation::process) isolated_loader.emplace(internal::plugin_host_program(options, env));

  std::vector<std::filesystem::path> seen_files;
  for (const auto& directory : impl.searched) {
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
      const bool explicit_directory = std::find(options.directories.begin(), options.directories.end(), directory) !=
                                      options.directories.end();
      if (explicit_directory) impl.refuse(directory, "plugin directory does not exist or is not a directory");
      continue;
    }
    for (const auto& file : plugin_files(directory)) {
      std::error_code canonical_ec;
      auto canonical = std::filesystem::canonical(file, canonical_ec);
      if (canonical_ec) canonical = file;
      if (std::find(seen_files.begin(), seen_files.end(), canonical) != seen_files.end()) continue;
      seen_files.push_back(canonical);

      auto outcome = isolated_loader ? isolated_loader->load(file, options.strict_permissions)
                                     : internal::load_plugin(file, options.strict_permissions);
      if (auto* reason = std::get_if<std::string>(&outcome)) {
        impl.refuse(file, std::move(*reason));
      } else {
        impl.add(std::get<internal::LoadedPlugin>(std::move(outcome)));
      }
    }
  }
  return registry;
}

std::shared_ptr<ICredentialProvider> PluginRegistry::provider_for(std::string_view scheme) const {
  const auto it = impl_->providers.find(scheme);
  return it == impl_->providers.end() ? nullptr : it->second;
}

std::shared_ptr<IAuthMode> PluginRegistry::auth_mode(std::string_view name) const {
  const auto it = impl_->modes.find(name);
  return it == impl_->modes.end() ? nullptr : it->second;
}

std::vector<std::string> PluginRegistry::schemes() const {
  std::vector<std::string> result;
  for (const auto& [scheme, provider] : impl_->providers) result.push_back(scheme);
  return result;
}

std::vector<std::string> PluginRegistry::auth_modes() const {
  std::vector<std::string> result;
  for (const auto& [name, mode] : impl_->modes) result.push_back(name);
  return result;
}

const std::vector<LoadedPluginInfo>& PluginRegistry::loaded() const { return impl_->loaded; }
const std::vector<RefusedPlugin>& PluginRegistry::refused() const { return impl_->refused; }
const std::vector<std::filesystem::path>& PluginRegistry::searched_directories() const { return impl_->searched; }
PluginIsolation PluginRegistry::isolation() const { return impl_->isolation; }

}  // namespace mstr
