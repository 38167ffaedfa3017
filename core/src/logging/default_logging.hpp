#pragma once
// The library's default logging set-up: MSTR_LOG_LEVEL, applied once per process.

#include <mstr/logging.hpp>

#include <optional>
#include <string>

namespace mstr::internal {

// Called where the SDK starts (a Session is created); reads MSTR_LOG_LEVEL the first time only.
void apply_default_logging();
// A value of MSTR_LOG_LEVEL parsed: nullopt when unset or empty. Throws ConfigurationError naming
// the accepted values for one it does not know.
std::optional<LogThreshold> log_level_setting(const std::optional<std::string>& value);
// Applies a value of MSTR_LOG_LEVEL (unset: nothing). Throws ConfigurationError naming the
// accepted values for one it does not know. Sets nothing after set_log_level()/set_debug().
void apply_log_level_setting(const std::optional<std::string>& value);

}  // namespace mstr::internal
