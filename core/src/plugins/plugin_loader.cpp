#include "plugins/plugin_loader.hpp"

#include "plugins/descriptor_check.hpp"
#include "plugins/file_permissions.hpp"
#include "plugins/guarded_plugins.hpp"
#include "plugins/plugin_crash_report.hpp"

#include <mstr/sdk/plugin.hpp>

#include <boost/dll/shared_library.hpp>

#include <exception>
#include <utility>

namespace mstr::internal {
namespace {

#define MSTR_STRINGIFY_SYMBOL(name) #name
#define MSTR_SYMBOL_NAME(name) MSTR_STRINGIFY_SYMBOL(name)
constexpr const char* kEntrySymbol = MSTR_SYMBOL_NAME(MSTR_PLUGIN_ENTRY_SYMBOL);
#undef MSTR_SYMBOL_NAME
#undef MSTR_STRINGIFY_SYMBOL

std::string current_exception_text() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

std::string text_or_empty(const char* text) { return text == nullptr ? std::string{} : std::string(text); }

}  // namespace

std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file, bool strict_permissions) {
  if (strict_permissions) {
    if (auto reason = unsafe_permissions(file.parent_path(), "plugin directory")) return *reason;
    if (auto reason = unsafe_permissions(file, "plugin file")) return *reason;
  }

  // From here on the plugin's code runs (static constructors, entry point, factory).
  const PluginCodeScope plugin_code(file.filename().string(), "loading");
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(boost::dll::fs::path(file.string()));
  } catch (...) {
    return "not a loadable shared object: " + current_exception_text();
  }
  if (!library->has(kEntrySymbol)) {
    return std::string("no entry point '") + kEntrySymbol +
           "' (declare one with MSTR_CREDENTIAL_PROVIDER_PLUGIN or MSTR_AUTH_MODE_PLUGIN)";
  }

  const PluginDescriptor* descriptor = nullptr;
  try {
    descriptor = library->get_alias<PluginEntryPoint>(kEntrySymbol)();
  } catch (...) {
    return "the entry point threw: " + current_exception_text();
  }
  if (auto problem = descriptor_problem(descriptor)) return *problem;
  const bool is_provider = descriptor->kind == PluginKind::credential_provider;
  const std::string name = text_or_empty(descriptor->name);

  LoadedPlugin loaded;
  loaded.info.name = name;
  loaded.info.version = text_or_empty(descriptor->version);
  loaded.info.description = text_or_empty(descriptor->description);
  loaded.info.file = file;
  loaded.info.abi_version = descriptor->abi_version;

  try {
    if (is_provider) {
      std::unique_ptr<ICredentialProvider> made(descriptor->create_credential_provider());
      if (!made) return "plugin '" + name + "': the factory returned no object";
      auto provider = std::make_shared<GuardedCredentialProvider>(library, std::move(made), name, file);
      loaded.info.kind = "credential-provider";
      loaded.info.schemes = provider->schemes();
      if (loaded.info.schemes.empty()) return "plugin '" + name + "' claims no scheme";
      for (const auto& scheme : loaded.info.schemes) {
        if (!valid_scheme(scheme)) {
          return "plugin '" + name + "' claims the invalid scheme '" + scheme + "' (expected [a-z][a-z0-9+.-]*)";
        }
      }
      loaded.provider = std::move(provider);
    } else {
      std::unique_ptr<IAuthMode> made(descriptor->create_auth_mode());
      if (!made) return "plugin '" + name + "': the factory returned no object";
      auto mode = std::make_shared<GuardedAuthMode>(library, std::move(made), name, file);
      loaded.info.kind = "auth-mode";
      loaded.info.mode = mode->name();
      loaded.info.login_mode = mode->login_mode();
      if (!valid_mode_name(loaded.info.mode)) {
        return "plugin '" + name + "' names its auth mode '" + loaded.info.mode + "' (expected [a-z][a-z0-9-]*)";
      }
      loaded.auth_mode = std::move(mode);
    }
  } catch (...) {
    return "plugin '" + name + "' threw while being created: " + current_exception_text();
  }
  return loaded;
}

}  // namespace mstr::internal
