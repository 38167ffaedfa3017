#pragma once
// The host's side of the SDK's ILogger: a provider plugin's lines go to the POCO logger
// "mstr.provider.<plugin>", so a host configures them like every other "mstr.*" logger.

#include <mstr/sdk/logger.hpp>

#include <string>

namespace Poco {
class Logger;
}

namespace mstr::internal {

// The POCO priority a level is written at, and the level of a POCO priority (fatal and critical
// are written as error, notice as information; a value outside POCO's range as information).
int poco_priority(LogLevel level);
LogLevel log_level_of(int poco_priority);

class ProviderLogger final : public ILogger {
 public:
  explicit ProviderLogger(const std::string& plugin_name);
  bool enabled(LogLevel level) const override;
  void log(LogLevel level, std::string_view message) override;

 private:
  Poco::Logger& logger_;
};

}  // namespace mstr::internal
