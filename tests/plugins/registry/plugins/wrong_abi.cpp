// A plugin built for another ABI version: the host must refuse it before reading anything else.

#include <mstr/sdk/plugin.hpp>

namespace {

const mstr::PluginDescriptor* entry() {
  static const mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION + 98, mstr::PluginKind::credential_provider,
                                                 "future", "9.0.0", "built for a later SDK", nullptr, nullptr};
  return &descriptor;
}

}  // namespace

BOOST_DLL_ALIAS(entry, mstr_plugin_entry)
