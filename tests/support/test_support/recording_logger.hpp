#pragma once
// An ILogger for tests that call a provider or a credential directly: it keeps every line so a test
// can assert what was reported (and that no secret was). Safe to share between threads.

#include <mstr/sdk/logger.hpp>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mstr::test {

class RecordingLogger final : public ILogger {
 public:
  bool enabled(LogLevel) const override { return true; }
  void log(LogLevel level, std::string_view message) override;

  std::vector<std::pair<LogLevel, std::string>> lines() const;
  // Whether any line contains `text`.
  bool contains(std::string_view text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> lines_;
};

}  // namespace mstr::test
