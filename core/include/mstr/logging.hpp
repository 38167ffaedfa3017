#pragma once
// How much the SDK logs, as mstrio-py's config module sets it (config.debug, config.verbose).
//
// The SDK logs through POCO loggers named "mstr.*" (mstr.session, mstr.http, mstr.auth, ...), never
// a secret at any level. A host that configures POCO logging itself keeps full control; these
// calls only set the level of the "mstr" loggers. The environment variable MSTR_LOG_LEVEL (one of
// the names below) is read when the first Session is created: it sets the level and, when the
// host gave the "mstr" loggers no channel, sends them to stderr. A call to set_log_level() or
// set_debug() wins over the variable.

#include <optional>
#include <string>
#include <string_view>

namespace mstr {

// The least severe message the "mstr" loggers write (POCO's priorities, plus off). Not the
// plugins' mstr::LogLevel (<mstr/sdk/logger.hpp>), which is the severity of one message.
enum class LogThreshold { off, fatal, critical, error, warning, notice, information, debug, trace };

// All "mstr" loggers, those created later included.
void set_log_level(LogThreshold level);
LogThreshold log_level();
// mstrio's config.debug: debug when on, warning when off.
void set_debug(bool on);

// "off", "fatal", "critical", "error", "warning" ("warn"), "notice", "information" ("info"),
// "debug", "trace", in any case; nullopt for anything else.
std::optional<LogThreshold> parse_log_level(std::string_view name);
std::string to_string(LogThreshold level);
// MSTR_LOG_LEVEL parsed as above: nullopt when it is unset or empty. Throws ConfigurationError
// naming the variable and the accepted names for another value.
std::optional<LogThreshold> log_level_from_environment();

}  // namespace mstr
