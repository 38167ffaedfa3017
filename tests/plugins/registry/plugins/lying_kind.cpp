// A descriptor that says "credential provider" but hands over an auth mode's factory.

#include <mstr/sdk/plugin.hpp>

namespace {

class SomeMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "liar"; }
  int login_mode() const override { return 1; }
  std::vector<mstr::CredentialField> fields() const override { return {}; }
  void login(mstr::ILoginChannel&, const mstr::ResolvedCredentials&) override {}
};

mstr::IAuthMode* create() { return new SomeMode(); }

const mstr::PluginDescriptor* entry() {
  static const mstr::PluginDescriptor descriptor{MSTR_PLUGIN_ABI_VERSION, mstr::PluginKind::credential_provider,
                                                 "liar", "0.1.0", "lies about its kind", nullptr, &create};
  return &descriptor;
}

}  // namespace

BOOST_DLL_ALIAS(entry, mstr_plugin_entry)
