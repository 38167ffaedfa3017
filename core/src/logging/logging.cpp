#include <mstr/logging.hpp>

#include "logging/default_logging.hpp"

#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/errors.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/String.h>

#include <array>
#include <atomic>
#include <mutex>
#include <utility>

namespace mstr {
namespace {

constexpr const char* root_name = "mstr";

// Index = LogThreshold; POCO's priorities, off as 0 (no message has priority 0).
constexpr std::array<int, 9> poco_priorities{0,
                                             Poco::Message::PRIO_FATAL,
                                             Poco::Message::PRIO_CRITICAL,
                                             Poco::Message::PRIO_ERROR,
                                             Poco::Message::PRIO_WARNING,
                                             Poco::Message::PRIO_NOTICE,
                                             Poco::Message::PRIO_INFORMATION,
                                             Poco::Message::PRIO_DEBUG,
                                             Poco::Message::PRIO_TRACE};

constexpr std::array<std::pair<std::string_view, LogThreshold>, 11> names{{
    {"off", LogThreshold::off},
    {"fatal", LogThreshold::fatal},
    {"critical", LogThreshold::critical},
    {"error", LogThreshold::error},
    {"warning", LogThreshold::warning},
    {"warn", LogThreshold::warning},
    {"notice", LogThreshold::notice},
    {"information", LogThreshold::information},
    {"info", LogThreshold::information},
    {"debug", LogThreshold::debug},
    {"trace", LogThreshold::trace},
}};

std::atomic<bool> set_by_caller{false};

void apply(LogThreshold level) {
  const int priority = poco_priorities[static_cast<std::size_t>(level)];
  // Creating the parent first makes loggers created later ("mstr.session" in a new Session) copy
  // its level; setLevel by name updates those that exist already.
  Poco::Logger::get(root_name).setLevel(priority);
  Poco::Logger::setLevel(root_name, priority);
}

}  // namespace

void set_log_level(LogThreshold level) {
  set_by_caller = true;
  apply(level);
}

LogThreshold log_level() {
  const int priority = Poco::Logger::get(root_name).getLevel();
  for (std::size_t index = poco_priorities.size(); index-- > 0;) {
    if (priority >= poco_priorities[index]) return static_cast<LogThreshold>(index);
  }
  return LogThreshold::off;
}

void set_debug(bool on) { set_log_level(on ? LogThreshold::debug : LogThreshold::warning); }

std::optional<LogThreshold> parse_log_level(std::string_view name) {
  const std::string lower = Poco::toLower(std::string(name));
  for (const auto& [text, level] : names) {
    if (text == lower) return level;
  }
  return std::nullopt;
}

std::string to_string(LogThreshold level) {
  for (const auto& [text, value] : names) {
    if (value == level) return std::string(text);
  }
  return "unknown";
}

std::optional<LogThreshold> log_level_from_environment() {
  return internal::log_level_setting(ProcessEnvironment().get("MSTR_LOG_LEVEL"));
}

namespace internal {

std::optional<LogThreshold> log_level_setting(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  const std::optional<LogThreshold> level = parse_log_level(*value);
  if (!level) {
    throw ConfigurationError("MSTR_LOG_LEVEL is '" + value->substr(0, 20) +
                             "'; use off, fatal, critical, error, warning, notice, info, debug or trace");
  }
  return level;
}

void apply_log_level_setting(const std::optional<std::string>& value) {
  const std::optional<LogThreshold> level = log_level_setting(value);
  if (!level) return;
  if (set_by_caller) return;
  Poco::Logger& logger = Poco::Logger::get(root_name);
  if (!logger.getChannel()) {
    Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter("mstr: %p: [%s] %t"));
    Poco::AutoPtr<Poco::FormattingChannel> channel(new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
    Poco::Logger::setChannel(root_name, channel);
  }
  apply(*level);
}

void apply_default_logging() {
  static std::once_flag once;
  std::call_once(once, [] { apply_log_level_setting(ProcessEnvironment().get("MSTR_LOG_LEVEL")); });
}

}  // namespace internal
}  // namespace mstr
