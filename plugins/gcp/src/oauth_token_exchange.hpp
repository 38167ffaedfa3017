#pragma once
// The token_uri of a service-account key or a gcloud user login: checked, then spoken to through the
// shared token endpoint helper (a form-encoded grant, a JSON token response).

#include "token_credential.hpp"

#include <plugin_common/token_endpoint.hpp>

#include <string>

namespace mstr::internal::gcp {

// POSTs `grant` to `token_uri` (refused unless https, or http to loopback), retrying throttling and
// server errors. `who` names the identity in errors ("service account x@p.iam.gserviceaccount.com
// from GOOGLE_APPLICATION_CREDENTIALS ...").
AccessToken exchange_for_token(const TokenRequestContext& context, const std::string& token_uri,
                               const FormFields& grant, const std::string& who);

}  // namespace mstr::internal::gcp
