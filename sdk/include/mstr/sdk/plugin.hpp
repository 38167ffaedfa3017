#pragma once
// The plugin entry point, its descriptor and its metadata record.
//
// Every plugin carries two things, both written by the entry-point macros below:
// - a metadata record (<mstr/sdk/plugin_metadata.hpp>) in an ELF section of its own, which the host
//   reads from the file without loading it: ABI version, build key, kind, name, version,
//   description and what the plugin claims (schemes, or an auth mode and its loginMode);
// - one exported symbol, `mstr_plugin_entry`, laid out as Boost.DLL's aliases are (the host loads
//   plugins through Boost.DLL; a plugin needs no Boost to be built), which the host calls only when the
//   plugin is first needed. It returns the descriptor, which points at the same metadata record, so
//   the host can check that what it loaded is what it read (in the way LLVM pass plugins and Qt
//   plugins version their entry points).
//
// MSTR_PLUGIN_ABI_VERSION changes whenever any type a plugin and the host exchange changes layout
// or virtual table: the descriptor, the metadata record, ICredentialProvider, IAuthMode,
// ILoginChannel, IHttpClient, IEnvironment, ILogger, ProviderContext, SecretValue,
// CredentialReference or the error types. A host refuses a plugin built for another version.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/credential_provider.hpp>
#include <mstr/sdk/plugin_metadata.hpp>

#include <cstdint>

#define MSTR_PLUGIN_ABI_VERSION 2u

namespace mstr {

struct PluginDescriptor {
  std::uint32_t abi_version;  // MSTR_PLUGIN_ABI_VERSION at the plugin's build; first in every ABI
  PluginKind kind;
  const PluginMetadata* metadata;  // the record the host read from the file, byte for byte
  // Exactly one factory is set, the one that matches `kind`. The host owns what it returns and
  // keeps the shared object loaded for as long as the object lives.
  ICredentialProvider* (*create_credential_provider)();
  IAuthMode* (*create_auth_mode)();
};

using PluginEntryPoint = const PluginDescriptor*();

}  // namespace mstr

#define MSTR_PLUGIN_ENTRY_SYMBOL mstr_plugin_entry

// The one exported symbol: a pointer to the entry function, as Boost.DLL's BOOST_DLL_ALIAS lays it
// out (same name, type and section), so the host's boost::dll::shared_library::get_alias reads it and a
// plugin declared with BOOST_DLL_ALIAS itself still loads. Written out here so that building a plugin
// needs no Boost headers, and a plugin exports nothing of Boost.System for the loader to bind.
#define MSTR_PLUGIN_DETAIL_EXPORT_ENTRY(function)                                                    \
  extern "C" [[gnu::visibility("default")]] const void* mstr_plugin_entry;                          \
  [[gnu::weak, gnu::section("boostdll")]] const void* mstr_plugin_entry =                           \
      reinterpret_cast<const void*>(reinterpret_cast<std::intptr_t>(&function));

// The record in its own section; `used` keeps it in the file although only the descriptor refers to it.
#define MSTR_PLUGIN_DETAIL_METADATA(kind, plugin_name, plugin_version, plugin_description, claims, login_mode) \
  [[gnu::section(MSTR_PLUGIN_METADATA_SECTION), gnu::used]] constexpr ::mstr::PluginMetadata metadata =       \
      ::mstr::make_plugin_metadata(MSTR_PLUGIN_ABI_VERSION, kind, plugin_name, plugin_version,                 \
                                   plugin_description, claims, login_mode);

// Declares the entry point of a credential-provider plugin whose class is default-constructible.
// `plugin_schemes` lists the schemes its schemes() returns, separated by spaces ("aws-sm aws-ssm").
#define MSTR_CREDENTIAL_PROVIDER_PLUGIN(ProviderClass, plugin_name, plugin_version, plugin_description,  \
                                        plugin_schemes)                                                 \
  namespace mstr_plugin_detail {                                                                        \
  MSTR_PLUGIN_DETAIL_METADATA(::mstr::PluginKind::credential_provider, plugin_name, plugin_version,     \
                              plugin_description, plugin_schemes, 0)                                    \
  ::mstr::ICredentialProvider* create() { return new ProviderClass(); }                                 \
  const ::mstr::PluginDescriptor* entry() {                                                             \
    static const ::mstr::PluginDescriptor descriptor{                                                   \
        MSTR_PLUGIN_ABI_VERSION, ::mstr::PluginKind::credential_provider, &metadata, &create, nullptr}; \
    return &descriptor;                                                                                 \
  }                                                                                                     \
  }                                                                                                     \
  MSTR_PLUGIN_DETAIL_EXPORT_ENTRY(mstr_plugin_detail::entry)

// Declares the entry point of an auth-mode plugin whose class is default-constructible. The plugin's
// name is the mode's name (what name() returns); `plugin_login_mode` is what login_mode() returns.
#define MSTR_AUTH_MODE_PLUGIN(ModeClass, plugin_name, plugin_version, plugin_description, plugin_login_mode) \
  namespace mstr_plugin_detail {                                                                            \
  MSTR_PLUGIN_DETAIL_METADATA(::mstr::PluginKind::auth_mode, plugin_name, plugin_version, plugin_description, \
                              plugin_name, plugin_login_mode)                                               \
  ::mstr::IAuthMode* create() { return new ModeClass(); }                                                   \
  const ::mstr::PluginDescriptor* entry() {                                                                 \
    static const ::mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION, ::mstr::PluginKind::auth_mode, \
                                                     &metadata, nullptr, &create};                          \
    return &descriptor;                                                                                     \
  }                                                                                                         \
  }                                                                                                         \
  MSTR_PLUGIN_DETAIL_EXPORT_ENTRY(mstr_plugin_detail::entry)
