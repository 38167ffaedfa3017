// A plugin whose metadata and descriptor say "credential provider" but whose descriptor hands over
// an auth mode's factory.

#include <mstr/sdk/plugin.hpp>

#include <boost/dll/alias.hpp>

namespace {

class SomeMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "liar"; }
  int login_mode() const override { return 1; }
  std::vector<mstr::CredentialField> fields() const override { return {}; }
  void login(mstr::ILoginChannel&, const mstr::ResolvedCredentials&) override {}
};

[[gnu::section(MSTR_PLUGIN_METADATA_SECTION), gnu::used]] constexpr mstr::PluginMetadata metadata =
    mstr::make_plugin_metadata(MSTR_PLUGIN_ABI_VERSION, mstr::PluginKind::credential_provider, "liar", "0.1.0",
                               "lies about its kind", "liar", 0);

mstr::IAuthMode* create() { return new SomeMode(); }

const mstr::PluginDescriptor* entry() {
  static const mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION, mstr::PluginKind::credential_provider,
                                                 &metadata, nullptr, &create};
  return &descriptor;
}

}  // namespace

BOOST_DLL_ALIAS(entry, mstr_plugin_entry)
