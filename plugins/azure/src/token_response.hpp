#pragma once
// The JSON token responses of Entra ID, IMDS, App Service and the Azure CLI, which spell the
// token's lifetime in several ways.

#include "access_token.hpp"

#include <string>
#include <string_view>

namespace mstr::internal::azure {

// Reads `token_field` and the expiry from a JSON token response: `expires_in` (seconds from now, as
// a number or a string) when present, else `expires_on` (epoch seconds as a number or string, or
// App Service's "MM/DD/YYYY hh:mm:ss AM +00:00"). Throws CredentialError naming `source`, never
// quoting the body: it holds the token.
AccessToken parse_token_response(const std::string& body, const Clock& clock, std::string_view source,
                                 std::string_view token_field = "access_token");

}  // namespace mstr::internal::azure
