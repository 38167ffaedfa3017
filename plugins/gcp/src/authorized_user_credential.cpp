#include "authorized_user_credential.hpp"

#include "oauth_token_exchange.hpp"

#include <utility>

namespace mstr::internal::gcp {

AuthorizedUserCredential::AuthorizedUserCredential(AuthorizedUser user, std::string origin)
    : user_(std::move(user)), origin_(std::move(origin)) {}

std::string AuthorizedUserCredential::description() const {
  return "authorized user (client " + user_.client_id + ") from " + origin_;
}

// The refresh token carries the scopes the user granted; `scope` is not sent.
AccessToken AuthorizedUserCredential::get_token(const std::string&, const TokenRequestContext& context) {
  AccessToken token = exchange_for_token(context, user_.token_uri,
                                         {{"grant_type", "refresh_token"},
                                          {"client_id", user_.client_id},
                                          {"client_secret", std::string(user_.client_secret.reveal())},
                                          {"refresh_token", std::string(user_.refresh_token.reveal())}},
                                         description());
  token.quota_project_id = user_.quota_project_id;
  return token;
}

}  // namespace mstr::internal::gcp
