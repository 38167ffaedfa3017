#pragma once
// Captures what one Poco logger writes for the length of a test, so a test can assert that a
// refusal or a failed logout was reported (and that no secret was).

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mstr::test {

class CapturedLog {
 public:
  explicit CapturedLog(const std::string& logger_name)
      : logger_(Poco::Logger::get(logger_name)), saved_channel_(logger_.getChannel()), saved_level_(logger_.getLevel()) {
    logger_.setChannel(channel_);
    logger_.setLevel(Poco::Message::PRIO_DEBUG);
  }
  ~CapturedLog() {
    logger_.setChannel(saved_channel_);
    logger_.setLevel(saved_level_);
  }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::vector<std::pair<Poco::Message::Priority, std::string>> messages() const { return channel_->messages(); }

 private:
  class Channel final : public Poco::Channel {
   public:
    void log(const Poco::Message& message) override {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(message.getPriority(), message.getText());
    }
    std::vector<std::pair<Poco::Message::Priority, std::string>> messages() const {
      std::lock_guard lock(mutex_);
      return messages_;
    }

   private:
    mutable std::mutex mutex_;
    std::vector<std::pair<Poco::Message::Priority, std::string>> messages_;
  };

  Poco::Logger& logger_;
  Poco::AutoPtr<Channel> channel_{new Channel};
  Poco::Channel::Ptr saved_channel_;
  int saved_level_;
};

}  // namespace mstr::test
