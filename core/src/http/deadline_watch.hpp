#pragma once
// Whole-exchange deadlines for requests. POCO 1.11 sets a timeout per socket operation and reads
// response headers byte by byte through non-virtual calls, so a server that drips one byte inside
// every timeout could hold a request forever. One timer thread per client shuts a watched socket
// down when its deadline passes; the blocked read then returns, and the request ends as timed out.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace mstr::internal {

class DeadlineWatch {
 public:
  using Clock = std::chrono::steady_clock;

  DeadlineWatch() = default;
  ~DeadlineWatch();
  DeadlineWatch(const DeadlineWatch&) = delete;
  DeadlineWatch& operator=(const DeadlineWatch&) = delete;

  // Watches the connected socket `fd` until disarm(); once `deadline` passes, the socket is shut
  // down for reading and writing. The caller must disarm before the descriptor is closed.
  std::uint64_t arm(int fd, Clock::time_point deadline);
  // Stops watching; true when the deadline had passed and the socket was shut down.
  bool disarm(std::uint64_t id);

 private:
  struct Watched {
    int fd;
    Clock::time_point deadline;
    bool fired = false;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::uint64_t, Watched> watched_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::thread timer_;  // started by the first arm(): clients without deadlines never start it
};

}  // namespace mstr::internal
