#include "test_support/recording_logger.hpp"

#include <algorithm>

namespace mstr::test {

void RecordingLogger::log(LogLevel level, std::string_view message) {
  const std::lock_guard lock(mutex_);
  lines_.emplace_back(level, std::string(message));
}

std::vector<std::pair<LogLevel, std::string>> RecordingLogger::lines() const {
  const std::lock_guard lock(mutex_);
  return lines_;
}

bool RecordingLogger::contains(std::string_view text) const {
  const std::lock_guard lock(mutex_);
  return std::any_of(lines_.begin(), lines_.end(),
                     [&](const auto& line) { return line.second.find(text) != std::string::npos; });
}

}  // namespace mstr::test
