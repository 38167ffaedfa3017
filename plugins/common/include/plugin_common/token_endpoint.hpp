#pragma once
// The OAuth 2.0 token endpoint conversation every cloud credential ends in: a form-encoded grant
// POSTed to the endpoint, answered with a JSON token response.

#include <plugin_common/access_token.hpp>
#include <plugin_common/token_credential.hpp>

#include <mstr/sdk/url_encoding.hpp>

#include <string>
#include <string_view>

namespace mstr::internal::common {

// POSTs `fields` (form-encoded by mstr::form_encode) to `endpoint`, retrying throttling, server
// errors and transport failures (a token request is safe to repeat), and reads the token response.
// Errors are CredentialErrors of `provider` that start with `who` and name the endpoint and, for a
// refusal, the status and the server's OAuth error code and description (never the grant). An endpoint that
// cannot be reached, or still throttles or fails after the retries, is a VaultUnavailableError: an outage,
// not a refusal.
AccessToken request_token(const TokenRequestContext& context, const std::string& endpoint,
                          const FormFields& fields, const std::string& who, const std::string& provider);

// Reads `token_field` and the expiry of a JSON token response: `expires_in` (seconds from now, a
// number or a string) when present, else `expires_on` (epoch seconds, a number or a string, or App
// Service's "MM/DD/YYYY hh:mm:ss AM +00:00"). With neither, the token is used once and never cached:
// guessing a lifetime could keep a dead token. Expiries go through the one clamp. Throws
// CredentialError naming `source`, never quoting the body: it holds the token.
AccessToken parse_token_response(const std::string& body, const Clock& clock, std::string_view source,
                                 const std::string& provider, std::string_view token_field = "access_token");

}  // namespace mstr::internal::common
