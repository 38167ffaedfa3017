#include "plugins/plugin_loader.hpp"

#include "plugins/build_key_check.hpp"
#include "plugins/descriptor_check.hpp"
#include "plugins/file_permissions.hpp"
#include "plugins/guarded_plugins.hpp"
#include "plugins/plugin_crash_report.hpp"

#include <mstr/sdk/plugin.hpp>
#include <mstr/sdk/text.hpp>

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

namespace mstr::internal {
namespace {

#define MSTR_STRINGIFY_SYMBOL(name) #name
#define MSTR_SYMBOL_NAME(name) MSTR_STRINGIFY_SYMBOL(name)
constexpr const char* kEntrySymbol = MSTR_SYMBOL_NAME(MSTR_PLUGIN_ENTRY_SYMBOL);
#undef MSTR_SYMBOL_NAME
#undef MSTR_STRINGIFY_SYMBOL

std::string sorted_list(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return join(items, " ");
}

}  // namespace

PluginInfo plugin_info(const PluginRecord& record, std::filesystem::path file,
                             bool describe_build) {
  PluginInfo info;
  info.name = record.name;
  info.version = record.version;
  info.description = record.description;
  info.kind = record.kind == PluginKind::credential_provider ? "credential-provider" : "auth-mode";
  info.file = std::move(file);
  info.abi_version = record.raw.abi_version;
  info.schemes = record.schemes;
  info.mode = record.mode;
  info.login_mode = record.kind == PluginKind::auth_mode ? record.raw.login_mode : 0;
  if (describe_build) info.build = describe_build_key(record.raw.build_key);
  return info;
}

FetchThread fetch_thread_for(const PluginInfo& info) {
  return info.built_in && info.name == "env" ? FetchThread::caller : FetchThread::worker;
}

std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file,
                                                    const PluginRecord& record, bool strict_permissions,
                                                    FetchThread fetch_thread) {
  // Checked again at load: the file may have been replaced since discovery.
  if (strict_permissions) {
    if (auto reason = unsafe_permissions(file, "plugin file")) return *reason;
  }

  // From here on the plugin's code runs (static constructors, entry point, factory).
  const PluginCodeScope plugin_code(file.filename().string(), "loading");
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    // Every symbol is bound now, so a plugin with an undefined symbol is refused here instead of
    // dying at the first call that needs it.
    library->load(boost::dll::fs::path(file.string()), boost::dll::load_mode::rtld_now);
  } catch (...) {
    return "not a loadable shared object: " + describe_current_exception();
  }
  if (!library->has(kEntrySymbol)) {
    return std::string("no entry point '") + kEntrySymbol +
           "' (declare one with MSTR_CREDENTIAL_PROVIDER_PLUGIN or MSTR_AUTH_MODE_PLUGIN)";
  }

  const PluginDescriptor* descriptor = nullptr;
  try {
    descriptor = library->get_alias<PluginEntryPoint>(kEntrySymbol)();
  } catch (...) {
    return "the entry point threw: " + describe_current_exception();
  }
  if (auto problem = descriptor_problem(descriptor)) return *problem;
  if (std::memcmp(descriptor->metadata, &record.raw, sizeof record.raw) != 0 ||
      static_cast<std::uint32_t>(descriptor->kind) != record.raw.kind) {
    return "the loaded plugin's descriptor disagrees with the metadata read from its file";
  }
  const std::string& name = record.name;

  LoadedPlugin loaded;
  try {
    if (record.kind == PluginKind::credential_provider) {
      std::unique_ptr<ICredentialProvider> made(descriptor->create_credential_provider());
      if (!made) return "plugin '" + name + "': the factory returned no object";
      auto provider = std::make_shared<GuardedCredentialProvider>(library, std::move(made), name, file,
                                                                  fetch_thread == FetchThread::worker);
      const std::string claimed = sorted_list(provider->schemes());
      if (claimed != sorted_list(record.schemes)) {
        return "plugin '" + name + "' claims the schemes '" + claimed + "' once loaded, its metadata says '" +
               sorted_list(record.schemes) + "'";
      }
      loaded.provider = std::move(provider);
    } else {
      std::unique_ptr<IAuthMode> made(descriptor->create_auth_mode());
      if (!made) return "plugin '" + name + "': the factory returned no object";
      auto mode = std::make_shared<GuardedAuthMode>(library, std::move(made), name, file);
      const std::string mode_name = mode->name();
      const int login_mode = mode->login_mode();
      if (mode_name != record.mode || login_mode != record.raw.login_mode) {
        return "plugin '" + name + "' is auth mode '" + mode_name + "' (loginMode " +
               std::to_string(login_mode) + ") once loaded, its metadata says '" + record.mode +
               "' (loginMode " + std::to_string(record.raw.login_mode) + ")";
      }
      loaded.auth_mode = std::move(mode);
    }
  } catch (...) {
    return "plugin '" + name + "' threw while being created: " + describe_current_exception();
  }
  return loaded;
}

}  // namespace mstr::internal
