#pragma once
// Defaults from the environment, as gh and the AWS CLI take them: each option declared with an
// MSTR_* variable in cli_spec.cpp (MSTR_BASE_URL, MSTR_USERNAME, MSTR_PASSWORD, ...; MSTR_PROFILE
// names a profile). Flags win over them, and they win over profiles. A secret is never copied out of its variable: MSTR_PASSWORD
// becomes the reference env:MSTR_PASSWORD, resolved when the login needs it, so the value itself
// never reaches argv, a message or a log.

#include "command_line.hpp"

#include <mstr/credential_resolver.hpp>

#include <optional>
#include <string>

namespace mstr::cli {

struct EnvironmentDefaults {
  GlobalOptions options;
  std::optional<std::string> profile;  // MSTR_PROFILE
};

// Unset and empty variables give nothing.
EnvironmentDefaults environment_defaults();

// The secret cache from MSTR_SECRET_TTL and MSTR_SECRET_STALE_GRACE (seconds, 0 turns each off);
// the SDK's defaults for those unset. Throws UsageError naming the variable for a bad value.
SecretCachePolicy secret_cache_from_environment();

}  // namespace mstr::cli
