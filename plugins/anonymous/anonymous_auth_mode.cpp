// The 'anonymous' auth mode: loginMode 8 and no user, for servers that allow guest access.

#include <mstr/sdk/plugin.hpp>

namespace {

class AnonymousAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "anonymous"; }
  int login_mode() const override { return 8; }
  std::vector<mstr::CredentialField> fields() const override { return {}; }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials&) override {
    channel.post_json("auth/login", mstr::make_login_body(login_mode(), channel.application_type(), nullptr, nullptr),
                      false);
  }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(AnonymousAuthMode, "anonymous", "1.0.0", "Anonymous login (loginMode 8): no credentials", 8)
