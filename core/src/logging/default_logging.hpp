#pragma once
// The library's default logging set-up: MSTR_LOG_LEVEL, applied once per process.

#include <optional>
#include <string>

namespace mstr::internal {

// Called where the SDK starts (a Session is created); reads MSTR_LOG_LEVEL the first time only.
void apply_default_logging();
// Applies a value of MSTR_LOG_LEVEL (unset: nothing). Throws ConfigurationError naming the
// accepted values for one it does not know. Sets nothing after set_log_level()/set_debug().
void apply_log_level_setting(const std::optional<std::string>& value);

}  // namespace mstr::internal
