#pragma once
// What Key Vault's answer to Get Secret means: the value, or an error a person can act on.

#include "secret_locator.hpp"

#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

namespace mstr::internal::azure {

// The value of a 200 answer. Throws CredentialError for a disabled secret, a secret without a
// value, and every error status (naming Key Vault's error code and message, which never quote a
// value).
SecretValue read_secret_response(const SecretLocator& secret, const HttpResponse& response);

}  // namespace mstr::internal::azure
