#pragma once
// The plugin entry point and its descriptor.
//
// Every plugin exports one symbol, `mstr_plugin_entry`, through Boost.DLL. The host calls it and
// checks the descriptor (ABI version first, then kind and name) before it creates anything, in the
// way LLVM pass plugins and Qt plugins version their entry points.
//
// MSTR_PLUGIN_ABI_VERSION changes whenever any type a plugin and the host exchange changes layout
// or virtual table: the descriptor, ICredentialProvider, IAuthMode, ILoginChannel, IHttpClient,
// IEnvironment, ProviderContext, SecretValue, CredentialReference or the error types. A host
// refuses a plugin built for another version.

#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <boost/dll/alias.hpp>

#include <cstdint>

#define MSTR_PLUGIN_ABI_VERSION 1u

namespace mstr {

enum class PluginKind : std::uint32_t {
  credential_provider = 1,
  auth_mode = 2,
};

struct PluginDescriptor {
  std::uint32_t abi_version;  // MSTR_PLUGIN_ABI_VERSION at the plugin's build
  PluginKind kind;
  const char* name;         // e.g. "aws", "standard"
  const char* version;      // the plugin's own version, e.g. "1.0.0"
  const char* description;  // one line for `mstr plugins`
  // Exactly one factory is set, the one that matches `kind`. The host owns what it returns and
  // keeps the shared object loaded for as long as the object lives.
  ICredentialProvider* (*create_credential_provider)();
  IAuthMode* (*create_auth_mode)();
};

using PluginEntryPoint = const PluginDescriptor*();

}  // namespace mstr

#define MSTR_PLUGIN_ENTRY_SYMBOL mstr_plugin_entry

// Declares the entry point of a credential-provider plugin whose class is default-constructible.
#define MSTR_CREDENTIAL_PROVIDER_PLUGIN(ProviderClass, plugin_name, plugin_version, plugin_description) \
  namespace mstr_plugin_detail {                                                                      \
  ::mstr::ICredentialProvider* create() { return new ProviderClass(); }                               \
  const ::mstr::PluginDescriptor* entry() {                                                           \
    static const ::mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION,                         \
                                                     ::mstr::PluginKind::credential_provider,         \
                                                     plugin_name,                                     \
                                                     plugin_version,                                  \
                                                     plugin_description,                              \
                                                     &create,                                         \
                                                     nullptr};                                        \
    return &descriptor;                                                                               \
  }                                                                                                   \
  }                                                                                                   \
  BOOST_DLL_ALIAS(mstr_plugin_detail::entry, mstr_plugin_entry)

// Declares the entry point of an auth-mode plugin whose class is default-constructible.
#define MSTR_AUTH_MODE_PLUGIN(ModeClass, plugin_name, plugin_version, plugin_description) \
  namespace mstr_plugin_detail {                                                          \
  ::mstr::IAuthMode* create() { return new ModeClass(); }                                 \
  const ::mstr::PluginDescriptor* entry() {                                               \
    static const ::mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION,             \
                                                     ::mstr::PluginKind::auth_mode,       \
                                                     plugin_name,                         \
                                                     plugin_version,                      \
                                                     plugin_description,                  \
                                                     nullptr,                             \
                                                     &create};                            \
    return &descriptor;                                                                   \
  }                                                                                       \
  }                                                                                       \
  BOOST_DLL_ALIAS(mstr_plugin_detail::entry, mstr_plugin_entry)
