// `env:NAME`: the value of an environment variable, read through the host's environment view.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

namespace {

class EnvProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"env"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext& context) override {
    const std::string& name = reference.locator();
    if (name.empty()) throw mstr::CredentialError("env: needs a variable name, e.g. env:MSTR_PASSWORD", "env");
    auto value = context.env.get(name);
    if (!value) throw mstr::CredentialError("the environment variable " + name + " (env:" + name + ") is not set", "env");
    return mstr::SecretValue(std::move(*value));
  }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(EnvProvider, "env", "1.0.0", "env:NAME reads an environment variable", "env")
