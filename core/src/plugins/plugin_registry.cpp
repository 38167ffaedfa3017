#include <mstr/plugin_registry.hpp>

#include "plugins/build_key_check.hpp"
#include "plugins/claim_resolution.hpp"
#include "plugins/file_permissions.hpp"
#include "plugins/guarded_plugins.hpp"
#include "plugins/isolation/isolated_loader.hpp"
#include "plugins/plugin_loader.hpp"
#include "plugins/plugin_metadata_record.hpp"
#include "plugins/plugin_search_path.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Logger.h>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <utility>
#include <variant>

namespace mstr {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("mstr.plugins"); }

// The .so files of `directory`, sorted so listings are the same on every run, as paths in text.
// Read with readdir: the entries' types come with the listing (only a symbolic link costs a stat).
// No std::filesystem::path is made: each one splits itself into parts, on every copy too.
std::vector<std::string> plugin_files(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  if (DIR* listing = ::opendir(directory.c_str())) {
    while (const dirent* entry = ::readdir(listing)) {
      const std::string_view name = entry->d_name;
      if (name.size() <= 3 || name.substr(name.size() - 3) != ".so") continue;
      bool regular = entry->d_type == DT_REG;
      if (entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN) {
        struct stat info {};
        regular = ::fstatat(::dirfd(listing), entry->d_name, &info, 0) == 0 && S_ISREG(info.st_mode);
      }
      if (regular) names.emplace_back(name);
    }
    ::closedir(listing);
  }
  std::sort(names.begin(), names.end());
  std::string prefix = directory.native();
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  for (auto& name : names) name.insert(0, prefix);
  return names;
}

}  // namespace

struct PluginRegistry::Impl {
  // One plugin that passed discovery. Loaded at most once; `info.file` and `record` never change.
  struct Entry {
    PluginInfo info;
    internal::PluginRecord record;
    std::shared_ptr<ICredentialProvider> provider;
    std::shared_ptr<IAuthMode> mode;
    std::optional<std::string> refusal;  // why it was refused at its first use
    bool loading = false;                // a thread is loading it, without the registry's mutex
  };

  bool strict_permissions = true;
  PluginIsolation isolation = PluginIsolation::in_process;
  // Set when providers are isolated: it loads each provider in a helper process at first use.
  std::unique_ptr<internal::IsolatedPluginLoader> isolated_loader;
  std::vector<std::filesystem::path> searched;
  mutable std::mutex mutex;               // guards every Entry's state and `refused`
  std::condition_variable load_finished;  // with `mutex`: an Entry's `loading` went back to false
  std::vector<std::unique_ptr<Entry>> entries;
  std::map<std::string, Entry*, std::less<>> by_scheme;
  std::map<std::string, Entry*, std::less<>> by_mode;
  std::vector<RefusedPlugin> refused;

  void refuse(std::filesystem::path file, std::string reason) {
    logger().warning("refused plugin %s: %s", file.string(), reason);
    refused.push_back({std::move(file), std::move(reason)});
  }

  // Loads `entry` if this is its first use; the reason it cannot be used otherwise. Call with `lock`
  // held on `mutex`. The load itself runs without it: a plugin slow to load (an isolated one may take
  // its helper's whole load timeout) delays only the callers that need that plugin.
  std::optional<std::string> ensure_loaded(Entry& entry, std::unique_lock<std::mutex>& lock) {
    load_finished.wait(lock, [&] { return !entry.loading; });
    if (entry.refusal) return entry.refusal;
    if (entry.info.loaded) return std::nullopt;
    entry.loading = true;
    lock.unlock();
    std::variant<internal::LoadedPlugin, std::string> outcome;
    try {
      outcome = isolated_loader && entry.record.kind == PluginKind::credential_provider
                    ? isolated_loader->load(entry.info.file, entry.record, strict_permissions)
                    : internal::load_plugin(entry.info.file, entry.record, strict_permissions,
                                            internal::fetch_thread_for(entry.info));
    } catch (...) {
      outcome = "loading failed: " + internal::describe_current_exception();
    }
    lock.lock();
    entry.loading = false;
    load_finished.notify_all();
    if (auto* reason = std::get_if<std::string>(&outcome)) {
      entry.refusal = *reason;
      refuse(entry.info.file, *reason);
      return entry.refusal;
    }
    auto& plugin = std::get<internal::LoadedPlugin>(outcome);
    entry.provider = std::move(plugin.provider);
    entry.mode = std::move(plugin.auth_mode);
    entry.info.loaded = true;
    // POCO's formatting overloads format before they look at the level: asked first, a command that
    // logs nothing does not format (tens of thousands of instructions a plugin).
    if (logger().debug()) {
      logger().debug("loaded %s plugin '%s' %s from %s", entry.info.kind, entry.info.name, entry.info.version,
                     entry.info.file.string());
    }
    return std::nullopt;
  }

  std::vector<PluginInfo> infos(bool loaded_only) const {
    std::lock_guard lock(mutex);
    std::vector<PluginInfo> result;
    for (const auto& entry : entries) {
      if (entry->refusal || (loaded_only && !entry->info.loaded)) continue;
      result.push_back(entry->info);
      result.back().build = internal::describe_build_key(entry->record.raw.build_key);
    }
    return result;
  }

  template <typename Map>
  std::vector<std::string> usable_names(const Map& map) const {
    std::lock_guard lock(mutex);
    std::vector<std::string> result;
    for (const auto& [name, entry] : map) {
      if (!entry->refusal) result.push_back(name);
    }
    return result;
  }
};

PluginRegistry::PluginRegistry() : impl_(std::make_unique<Impl>()) {}
PluginRegistry::~PluginRegistry() = default;

std::shared_ptr<PluginRegistry> PluginRegistry::discover(const PluginSearchOptions& options) {
  std::shared_ptr<PluginRegistry> registry(new PluginRegistry());
  Impl& impl = *registry->impl_;
  impl.strict_permissions = options.strict_permissions;
  const ProcessEnvironment env;
  impl.searched = internal::plugin_search_path(options, env);
  impl.isolation = internal::plugin_isolation(options, env);
  if (impl.isolation == PluginIsolation::process) {
    impl.isolated_loader =
        std::make_unique<internal::IsolatedPluginLoader>(internal::plugin_host_program(options, env));
  }
  const std::filesystem::path& default_directory = internal::default_plugin_directory();  // resolved

  std::vector<internal::PluginCandidate> candidates;
  std::set<std::string, std::less<>> seen_files;  // real paths, as strings: cheap to compare
  internal::PermissionCheck permissions;
  // The real path of a directory or file, and why it may not be trusted when permissions are enforced.
  const auto inspect = [&](const std::string& path, const std::string& what) {
    return options.strict_permissions
               ? permissions.check(path, what)
               : internal::PermissionCheck::Verdict{permissions.real_path(path), std::nullopt};
  };
  for (const auto& directory : impl.searched) {
    std::error_code ec;
    if (!std::filesystem::is_directory(directory, ec)) {
      const bool explicit_directory = std::find(options.directories.begin(), options.directories.end(),
                                                directory) != options.directories.end();
      if (explicit_directory) impl.refuse(directory, "plugin directory does not exist or is not a directory");
      continue;
    }
    auto checked = inspect(directory, "plugin directory");
    if (checked.problem) {
      impl.refuse(directory, std::move(*checked.problem));
      continue;
    }
    const bool in_default_directory = checked.real == default_directory.native();
    for (const auto& file : plugin_files(directory)) {
      auto verdict = inspect(file, "plugin file");
      if (!seen_files.insert(verdict.real).second) continue;

      if (verdict.problem) {
        impl.refuse(file, std::move(*verdict.problem));
        continue;
      }
      auto record = internal::read_plugin_record(file);
      if (auto* reason = std::get_if<std::string>(&record)) {
        impl.refuse(file, std::move(*reason));
        continue;
      }
      auto& parsed = std::get<internal::PluginRecord>(record);
      if (auto reason = internal::build_key_mismatch(parsed.raw.build_key, internal::host_build_key())) {
        impl.refuse(file, std::move(*reason));
        continue;
      }
      const bool built_in = in_default_directory && internal::is_built_in_plugin_file(file);
      candidates.push_back({file, std::move(verdict.real), std::move(parsed), built_in});
    }
  }

  // The host's choices first; MSTR_PLUGIN_CHOOSE's files choose for the names the host left open.
  auto chosen = options.chosen_plugins;
  for (const auto& file : internal::chosen_plugin_files(options, env)) {
    const std::string real = permissions.real_path(file.string());
    for (const auto& candidate : candidates) {
      if (candidate.real_file != real) continue;
      for (const auto& scheme : candidate.record.schemes) chosen.emplace(scheme, file);
      if (candidate.record.kind == PluginKind::auth_mode) chosen.emplace(candidate.record.mode, file);
    }
  }
  const auto refusals = internal::resolve_claims(candidates, chosen);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (refusals[i]) {
      impl.refuse(candidates[i].file, *refusals[i]);
      continue;
    }
    auto entry = std::make_unique<Impl::Entry>();
    entry->info = internal::plugin_info(candidates[i].record, std::move(candidates[i].file), false);
    entry->info.built_in = candidates[i].built_in;
    entry->record = std::move(candidates[i].record);
    entry->info.isolated = impl.isolated_loader && entry->record.kind == PluginKind::credential_provider;
    for (const auto& scheme : entry->record.schemes) impl.by_scheme.emplace(scheme, entry.get());
    if (entry->record.kind == PluginKind::auth_mode) impl.by_mode.emplace(entry->record.mode, entry.get());
    impl.entries.push_back(std::move(entry));
  }
  return registry;
}

std::shared_ptr<ICredentialProvider> PluginRegistry::provider_for(std::string_view scheme) const {
  std::unique_lock lock(impl_->mutex);
  const auto it = impl_->by_scheme.find(scheme);
  if (it == impl_->by_scheme.end()) return nullptr;
  Impl::Entry& entry = *it->second;
  if (auto reason = impl_->ensure_loaded(entry, lock)) {
    throw CredentialError("the credential provider plugin " + entry.info.file.string() + " for the scheme '" +
                              std::string(scheme) + "' cannot be used: " + *reason,
                          entry.info.name);
  }
  return entry.provider;
}

std::shared_ptr<IAuthMode> PluginRegistry::auth_mode(std::string_view name) const {
  std::unique_lock lock(impl_->mutex);
  const auto it = impl_->by_mode.find(name);
  if (it == impl_->by_mode.end()) return nullptr;
  Impl::Entry& entry = *it->second;
  if (auto reason = impl_->ensure_loaded(entry, lock)) {
    throw PluginError("the auth mode plugin " + entry.info.file.string() + " for the mode '" +
                          std::string(name) + "' cannot be used: " + *reason,
                      entry.info.name, entry.info.file.string());
  }
  return entry.mode;
}

std::vector<std::string> PluginRegistry::schemes() const { return impl_->usable_names(impl_->by_scheme); }
std::vector<std::string> PluginRegistry::auth_modes() const { return impl_->usable_names(impl_->by_mode); }

std::optional<std::string> PluginRegistry::plugin_claiming(std::string_view scheme) const {
  std::lock_guard lock(impl_->mutex);
  const auto it = impl_->by_scheme.find(scheme);
  if (it == impl_->by_scheme.end()) return std::nullopt;
  return it->second->info.name;
}

std::vector<PluginInfo> PluginRegistry::available() const { return impl_->infos(false); }
std::vector<PluginInfo> PluginRegistry::loaded() const { return impl_->infos(true); }

std::vector<RefusedPlugin> PluginRegistry::refused() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->refused;
}

const std::vector<std::filesystem::path>& PluginRegistry::searched_directories() const {
  return impl_->searched;
}

PluginIsolation PluginRegistry::isolation() const { return impl_->isolation; }

}  // namespace mstr
