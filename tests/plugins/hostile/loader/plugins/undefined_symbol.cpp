// A provider that calls a function no library defines. Its metadata is sound, so discovery lists it;
// the host binds every symbol when it loads the plugin, so it is refused at its first use instead of
// dying at the call.

#include <mstr/sdk/plugin.hpp>

extern "C" int mstr_test_symbol_nobody_defines();

namespace {

class Unbound final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"unbound"}; }
  mstr::SecretValue fetch(const mstr::CredentialReference&, const mstr::ProviderContext&) override {
    return mstr::SecretValue(std::to_string(mstr_test_symbol_nobody_defines()));
  }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(Unbound, "unbound", "0.1.0", "calls an undefined function (tests only)", "unbound")
