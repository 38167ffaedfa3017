#include "plugins/plugin_loader.hpp"

#include "plugins/file_permissions.hpp"
#include "plugins/guarded_plugins.hpp"

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/plugin.hpp>

#include <boost/dll/shared_library.hpp>

#include <algorithm>
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

bool valid_scheme(const std::string& scheme) {
  return !scheme.empty() && scheme.find(':') == std::string::npos &&
         CredentialReference::looks_like_reference(scheme + ":");
}

// Mode names travel on command lines and in JSON profiles: keep them to [a-z0-9-], starting with a letter.
bool valid_mode_name(const std::string& name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

}  // namespace

std::variant<LoadedPlugin, std::string> load_plugin(const std::filesystem::path& file, bool strict_permissions) {
  if (strict_permissions) {
    if (auto reason = unsafe_permissions(file.parent_path(), "plugin directory")) return *reason;
    if (auto reason = unsafe_permissions(file, "plugin file")) return *reason;
  }

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
  if (descriptor == nullptr) return std::string("the entry point returned no descriptor");
  // abi_version is the descriptor's first member in every ABI, so it is the one field that can be
  // read before the version is known to match.
  if (descriptor->abi_version != MSTR_PLUGIN_ABI_VERSION) {
    return "built for plugin ABI version " + std::to_string(descriptor->abi_version) + ", this host needs " +
           std::to_string(MSTR_PLUGIN_ABI_VERSION) + " (rebuild the plugin against this SDK)";
  }

  const bool is_provider = descriptor->kind == PluginKind::credential_provider;
  const bool is_mode = descriptor->kind == PluginKind::auth_mode;
  if (!is_provider && !is_mode) {
    return "the descriptor declares an unknown kind " + std::to_string(static_cast<std::uint32_t>(descriptor->kind));
  }
  const bool has_provider_factory = descriptor->create_credential_provider != nullptr;
  const bool has_mode_factory = descriptor->create_auth_mode != nullptr;
  if (has_provider_factory == has_mode_factory) {
    return std::string("the descriptor must set exactly one factory, it sets ") +
           (has_provider_factory ? "both" : "none");
  }
  if (is_provider != has_provider_factory) {
    return std::string("the descriptor lies about its kind: it declares ") +
           (is_provider ? "credential-provider" : "auth-mode") + " but provides the factory of " +
           (is_provider ? "an auth mode" : "a credential provider");
  }
  const std::string name = text_or_empty(descriptor->name);
  if (name.empty()) return std::string("the descriptor has no plugin name");

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
