// A test auth mode that a host did not ship: proves a new mode is just a plugin.

#include <mstr/sdk/plugin.hpp>

namespace {

class TestAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "test-mode"; }
  int login_mode() const override { return 1; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"username", true, "user"}, {"password", false, "password"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    channel.post_json("auth/login",
                      mstr::make_login_body(login_mode(), channel.application_type(), &credentials.get("username"),
                                            credentials.find("password")),
                      false);
  }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(TestAuthMode, "test-mode", "0.1.0", "a mode of the host's own (tests only)", 1)
