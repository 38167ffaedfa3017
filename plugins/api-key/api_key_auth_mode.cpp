// The 'api-key' auth mode: an API token, sent as the user name with loginMode 4096.

#include <mstr/sdk/plugin.hpp>

namespace {

class ApiKeyAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "api-key"; }
  int login_mode() const override { return 4096; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"api_key", true, "an API token issued by the Library server"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    const std::string body =
        mstr::make_login_body(login_mode(), channel.application_type(), &credentials.get("api_key"), nullptr);
    channel.post_json("auth/login", body, false);
  }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(ApiKeyAuthMode, "api-key", "1.0.0", "API token login (loginMode 4096): the key as user name",
                      4096)
