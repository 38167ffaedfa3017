#include "http/deadline_watch.hpp"

#include <sys/socket.h>

namespace mstr::internal {

DeadlineWatch::~DeadlineWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (timer_.joinable()) timer_.join();
}

std::uint64_t DeadlineWatch::arm(int fd, Clock::time_point deadline) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    watched_.emplace(id, Watched{fd, deadline});
    if (!timer_.joinable()) timer_ = std::thread([this] { run(); });
  }
  changed_.notify_all();
  return id;
}

bool DeadlineWatch::disarm(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  const auto found = watched_.find(id);
  if (found == watched_.end()) return false;
  const bool fired = found->second.fired;
  watched_.erase(found);
  return fired;
}

void DeadlineWatch::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = Clock::now();
    auto next = Clock::time_point::max();
    for (auto& [id, entry] : watched_) {
      if (entry.fired) continue;
      if (entry.deadline <= now) {
        // Under the lock: disarm() waits for this, so the descriptor cannot have been closed and
        // reused by then.
        ::shutdown(entry.fd, SHUT_RDWR);
        entry.fired = true;
      } else if (entry.deadline < next) {
        next = entry.deadline;
      }
    }
    if (next == Clock::time_point::max()) {
      changed_.wait(lock);
    } else {
      changed_.wait_until(lock, next);
    }
  }
}

}  // namespace mstr::internal
