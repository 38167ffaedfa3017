#pragma once
// An authorized_user file (what `gcloud auth application-default login` writes): a refresh token
// exchanged at token_uri for access tokens.

#include "token_credential.hpp"

#include <mstr/sdk/secret_value.hpp>

#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct AuthorizedUser {
  std::string client_id;
  SecretValue client_secret;
  SecretValue refresh_token;
  std::string token_uri;
  std::optional<std::string> quota_project_id;
};

class AuthorizedUserCredential final : public TokenCredential {
 public:
  AuthorizedUserCredential(AuthorizedUser user, std::string origin);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  AuthorizedUser user_;
  std::string origin_;
};

}  // namespace mstr::internal::gcp
