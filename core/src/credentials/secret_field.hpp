#pragma once
// `#field` selection from a JSON secret, done by the core so every provider gets it for free.

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <string>

namespace mstr::internal {

// The value of `field` in `secret`, a JSON object. Strings are returned as they are, numbers and
// booleans as their JSON text. Throws CredentialError naming `reference` (never the secret) when
// the secret is not a JSON object, lacks the field, or holds null, an object or an array there.
SecretValue select_field(const SecretValue& secret, const std::string& field, const CredentialReference& reference);

}  // namespace mstr::internal
