#include "credentials/provider_logger.hpp"

#include <Poco/Logger.h>
#include <Poco/Message.h>

namespace mstr::internal {

// A level outside the enum (a plugin built against a later SDK) is written as information rather
// than dropped or trusted as a POCO priority.
int poco_priority(LogLevel level) {
  switch (level) {
    case LogLevel::trace:
      return Poco::Message::PRIO_TRACE;
    case LogLevel::debug:
      return Poco::Message::PRIO_DEBUG;
    case LogLevel::information:
      return Poco::Message::PRIO_INFORMATION;
    case LogLevel::warning:
      return Poco::Message::PRIO_WARNING;
    case LogLevel::error:
      return Poco::Message::PRIO_ERROR;
  }
  return Poco::Message::PRIO_INFORMATION;
}

LogLevel log_level_of(int poco_priority) {
  switch (poco_priority) {
    case Poco::Message::PRIO_FATAL:
    case Poco::Message::PRIO_CRITICAL:
    case Poco::Message::PRIO_ERROR:
      return LogLevel::error;
    case Poco::Message::PRIO_WARNING:
      return LogLevel::warning;
    case Poco::Message::PRIO_DEBUG:
      return LogLevel::debug;
    case Poco::Message::PRIO_TRACE:
      return LogLevel::trace;
    default:
      return LogLevel::information;
  }
}

ProviderLogger::ProviderLogger(const std::string& plugin_name)
    : logger_(Poco::Logger::get("mstr.provider." + plugin_name)) {}

bool ProviderLogger::enabled(LogLevel level) const { return logger_.is(poco_priority(level)); }

void ProviderLogger::log(LogLevel level, std::string_view message) {
  const int priority = poco_priority(level);
  if (logger_.is(priority)) {
    logger_.log(
        Poco::Message(logger_.name(), std::string(message), static_cast<Poco::Message::Priority>(priority)));
  }
}

}  // namespace mstr::internal
