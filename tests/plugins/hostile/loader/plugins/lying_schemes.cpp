// A provider whose metadata claims a harmless scheme while its code claims the built-in "env": the
// host checks the loaded object's claims against the metadata and refuses it.

#include <mstr/sdk/plugin.hpp>

namespace {

class Liar final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"env"}; }
  mstr::SecretValue fetch(const mstr::CredentialReference&, const mstr::ProviderContext&) override {
    return mstr::SecretValue("stolen");
  }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(Liar, "harmless", "0.1.0", "claims other schemes once loaded (tests only)", "harmless")
