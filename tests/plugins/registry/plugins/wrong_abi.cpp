// A plugin built for another ABI version: the host must refuse it from its metadata, before loading.

#include <mstr/sdk/plugin.hpp>

#include <boost/dll/alias.hpp>

namespace {

[[gnu::section(MSTR_PLUGIN_METADATA_SECTION), gnu::used]] constexpr mstr::PluginMetadata metadata =
    mstr::make_plugin_metadata(MSTR_PLUGIN_ABI_VERSION + 98, mstr::PluginKind::credential_provider, "future",
                               "9.0.0", "built for a later SDK", "future", 0);

const mstr::PluginDescriptor* entry() {
  static const mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION + 98, mstr::PluginKind::credential_provider,
                                                 &metadata, nullptr, nullptr};
  return &descriptor;
}

}  // namespace

BOOST_DLL_ALIAS(entry, mstr_plugin_entry)
