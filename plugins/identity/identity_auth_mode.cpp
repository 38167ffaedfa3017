// The 'identity' auth mode: delegates a session from an identity token another session created
// (POST auth/delegate, loginMode -1).

#include <mstr/sdk/json_text.hpp>
#include <mstr/sdk/plugin.hpp>

#include <string>

namespace {

class IdentityAuthMode final : public mstr::IAuthMode {
 public:
  std::string name() const override { return "identity"; }
  int login_mode() const override { return -1; }
  std::vector<mstr::CredentialField> fields() const override {
    return {{"identity_token", true, "an identity token from POST auth/identityToken of another session"}};
  }
  void login(mstr::ILoginChannel& channel, const mstr::ResolvedCredentials& credentials) override {
    const std::string_view token = credentials.get("identity_token").reveal();
    // Room for the longest escaping up front, so no buffer with the token in it is freed unwiped.
    std::string body;
    body.reserve(64 + 6 * token.size());
    body += "{\"identityToken\":";
    mstr::append_json_string(body, token);
    body += ",\"loginMode\":" + std::to_string(login_mode()) + "}";
    channel.post_json("auth/delegate", body, false);
  }
  // The token's owner ends a delegated session, and the token cannot be used twice.
  bool logs_out() const override { return false; }
  bool can_relogin() const override { return false; }
};

}  // namespace

MSTR_AUTH_MODE_PLUGIN(IdentityAuthMode, "identity", "1.0.0",
                      "Delegated login (loginMode -1) from an identity token; never logged out", -1)
