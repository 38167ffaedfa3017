#pragma once
// Reading a publishStatus reply. Servers send "status" as a number (mstrio-py waits for the integer
// 1) or as a string ("1", "6"); both spellings mean the same.

#include <Poco/Dynamic/Var.h>

#include <string>

namespace mstr::internal {

enum class PublishState { done, running, failed };

struct PublishStatus {
  PublishState state = PublishState::running;
  std::string text;  // the status as the server wrote it, for messages
};

// 1 is done; a negative number, or "failed", "error", "cancelled" or "canceled" in any case, is a
// failure; anything else (6, "running", a missing status) is still running.
PublishStatus read_publish_status(const Poco::Dynamic::Var& reply);

}  // namespace mstr::internal
