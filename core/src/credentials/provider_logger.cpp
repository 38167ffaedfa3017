#include "credentials/provider_logger.hpp"

#include <Poco/Logger.h>
#include <Poco/Message.h>

namespace mstr::internal {
namespace {

// A level outside the enum (a plugin built against a later SDK) is written as information rather
// than dropped or trusted as a POCO priority.
Poco::Message::Priority priority_of(LogLevel level) {
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

}  // namespace

ProviderLogger::ProviderLogger(const std::string& plugin_name)
    : logger_(Poco::Logger::get("mstr.provider." + plugin_name)) {}

bool ProviderLogger::enabled(LogLevel level) const { return logger_.is(priority_of(level)); }

void ProviderLogger::log(LogLevel level, std::string_view message) {
  const auto priority = priority_of(level);
  if (logger_.is(priority)) logger_.log(Poco::Message(logger_.name(), std::string(message), priority));
}

}  // namespace mstr::internal
