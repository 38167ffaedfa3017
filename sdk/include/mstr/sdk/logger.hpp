#pragma once
// ILogger: how a plugin writes to the host's log.
//
// Only standard types cross the plugin boundary here, so a plugin does not depend on the logging
// library the host was built with. The host routes each line to its own logging (POCO loggers named
// "mstr.provider.<plugin>" in this SDK's core) and decides which levels are written.

#include <mstr/sdk/toolchain_check.hpp>

#include <string_view>

namespace mstr {

enum class LogLevel : int {
  trace = 1,
  debug = 2,
  information = 3,
  warning = 4,
  error = 5,
};

class ILogger {
 public:
  virtual ~ILogger() = default;

  // Whether a line at `level` would be written: ask before building an expensive message.
  virtual bool enabled(LogLevel level) const = 0;
  // Writes one line. Never pass a secret value (password, token, key) in `message`.
  virtual void log(LogLevel level, std::string_view message) = 0;

  void trace(std::string_view message) { log_if_enabled(LogLevel::trace, message); }
  void debug(std::string_view message) { log_if_enabled(LogLevel::debug, message); }
  void information(std::string_view message) { log_if_enabled(LogLevel::information, message); }
  void warning(std::string_view message) { log_if_enabled(LogLevel::warning, message); }
  void error(std::string_view message) { log_if_enabled(LogLevel::error, message); }

 private:
  void log_if_enabled(LogLevel level, std::string_view message) {
    if (enabled(level)) log(level, message);
  }
};

}  // namespace mstr
