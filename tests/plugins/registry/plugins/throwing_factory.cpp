// A plugin whose factory throws: the host records the refusal and carries on.

#include <mstr/sdk/plugin.hpp>

#include <stdexcept>

namespace {

class Unbuildable final : public mstr::ICredentialProvider {
 public:
  Unbuildable() { throw std::runtime_error("cannot reach the configuration service"); }
  std::vector<std::string> schemes() const override { return {"unbuildable"}; }
  mstr::SecretValue fetch(const mstr::CredentialReference&, const mstr::ProviderContext&) override { return {}; }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(Unbuildable, "unbuildable", "0.1.0", "its factory throws", "unbuildable")
