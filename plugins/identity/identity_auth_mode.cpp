// The 'identity' auth mode: delegates a session from an identity token another session created
// (POST auth/delegate, loginMode -1).

#include <mstr/sdk/plugin.hpp>

#include <Poco/JSON/Object.h>

#include <sstream>

namespace {

class IdentityAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "identity"; }
  int login_mode() const override { return -1; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"identity_token", true, "an identity token from POST auth/identityToken of another session"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    Poco::JSON::Object body;
    body.set("loginMode", login_mode());
    body.set("identityToken", std::string(credentials.get("identity_token").reveal()));
    std::ostringstream text;
    body.stringify(text);
    channel.post_json("auth/delegate", text.str(), false);
  }
  // The token's owner ends a delegated session, and the token cannot be used twice.
  bool logs_out() const override { return false; }
  bool can_relogin() const override { return false; }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(IdentityAuthMode, "identity", "1.0.0",
                      "Delegated login (loginMode -1) from an identity token; never logged out", -1)
