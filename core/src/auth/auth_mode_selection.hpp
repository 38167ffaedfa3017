#pragma once
// Which auth mode an AuthConfig asks for, and whether it carries what that mode needs: both decided
// before anything is resolved or sent.

#include <mstr/authenticated_session.hpp>

#include <string>

namespace mstr::internal {

// Credential field names as auth modes declare them.
inline constexpr const char* kUsernameField = "username";
inline constexpr const char* kPasswordField = "password";
inline constexpr const char* kApiKeyField = "api_key";
inline constexpr const char* kIdentityTokenField = "identity_token";

// The explicit mode, else the one the credentials imply as mstr-rest-requests infers it: identity
// token, else API key, else username and password, else anonymous.
std::string select_mode_name(const AuthConfig& config);

// The credential the config holds for `field`, nullptr when it holds none.
const Credential* config_credential(const AuthConfig& config, const std::string& field);

// Throws ConfigurationError naming the first required field of `mode` the config lacks, and the mode.
void require_fields(const AuthConfig& config, const IAuthMode& mode, const std::string& mode_name);

}  // namespace mstr::internal
