#pragma once
// The OAuth 2.0 token endpoint conversation shared by service-account and user credentials: a
// form-encoded grant POSTed to token_uri, answered with {"access_token", "expires_in", ...}.

#include "access_token.hpp"
#include "token_credential.hpp"

#include <string>
#include <utility>
#include <vector>

namespace mstr::internal::gcp {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// application/x-www-form-urlencoded
std::string form_encode(const FormFields& fields);

// POSTs `grant` to `token_uri`, retrying throttling and server errors. `who` names the identity in
// errors ("service account x@p.iam.gserviceaccount.com from GOOGLE_APPLICATION_CREDENTIALS ...").
AccessToken exchange_for_token(const TokenRequestContext& context, const std::string& token_uri,
                               const FormFields& grant, const std::string& who);

// Reads a successful token answer (token endpoint or metadata server). Throws CredentialError
// naming `who` when it carries no usable token.
AccessToken parse_token_response(const std::string& body, const std::string& who);

}  // namespace mstr::internal::gcp
