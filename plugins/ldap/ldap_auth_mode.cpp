// The 'ldap' auth mode: a user name and password checked against the server's LDAP directory, loginMode 16.

#include <mstr/sdk/plugin.hpp>

namespace {

class LdapAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "ldap"; }
  int login_mode() const override { return 16; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"username", true, "the LDAP user name"}, {"password", true, "the LDAP password"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    const std::string body = mstr::make_login_body(login_mode(), channel.application_type(), &credentials.get("username"),
                                                   &credentials.get("password"));
    channel.post_json("auth/login", body, false);
  }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(LdapAuthMode, "ldap", "1.0.0", "LDAP login (loginMode 16): user name and password", 16)
