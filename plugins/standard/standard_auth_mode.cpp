// The 'standard' auth mode: a MicroStrategy user name and password, loginMode 1.

#include <mstr/sdk/plugin.hpp>

namespace {

class StandardAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "standard"; }
  int login_mode() const override { return 1; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"username", true, "the MicroStrategy user name"}, {"password", true, "the user's password"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    const std::string body = mstr::make_login_body(login_mode(), channel.application_type(), &credentials.get("username"),
                                                   &credentials.get("password"));
    channel.post_json("auth/login", body, false);
  }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(StandardAuthMode, "standard", "1.0.0", "Standard login (loginMode 1): user name and password",
                      1)
