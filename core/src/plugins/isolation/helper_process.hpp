#pragma once
// One running mstr-plugin-host, seen from the host: started with a chosen environment, spoken to
// over a socket pair (so a write to a dead helper fails with EPIPE instead of raising SIGPIPE in
// the host), with its stdout and stderr captured into a bounded tail. It inherits the host's stdin.
//
// Every wait is bounded by a deadline. When the helper dies, hangs or breaks the framing, the call
// throws HelperFailure after the process has been killed (if it still ran) and reaped: a failed
// helper never outlives the call that noticed it, and never becomes a zombie.

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mstr::internal {

struct HelperFailure {
  // "exited with status 0", "killed by SIGSEGV", "timed out", "broke the protocol: ..."
  std::string what;
  bool timed_out = false;
};

class HelperProcess {
 public:
  using Clock = std::chrono::steady_clock;

  // `environment` holds NAME=value entries, the helper's whole environment. Throws HelperFailure
  // when the program cannot be started.
  HelperProcess(const std::filesystem::path& program, const std::vector<std::string>& environment);
  // Closes the helper's stdin, gives it a moment to end, then kills it; always reaps it.
  ~HelperProcess();
  HelperProcess(const HelperProcess&) = delete;
  HelperProcess& operator=(const HelperProcess&) = delete;

  void send(const std::string& frame, Clock::time_point deadline);
  // The payload of the next frame (type byte first). The caller wipes it when it held a secret.
  std::string receive(Clock::time_point deadline);
  // The last few KiB the helper wrote to stderr.
  const std::string& stderr_tail() const noexcept { return stderr_tail_; }

 private:
  [[noreturn]] void fail(std::string what, bool timed_out = false);
  // Waits for the process to end on its own for up to `grace`, then kills it; reaps it either way.
  std::string end_process(std::chrono::milliseconds grace);
  // Waits for `events` on the channel while draining stderr; false when the deadline passed.
  bool wait_channel(short events, Clock::time_point deadline);
  void drain_stderr();
  void read_exact(char* into, std::size_t size, Clock::time_point deadline);

  pid_t pid_ = -1;
  int channel_ = -1;  // our end of the socket pair
  int stderr_ = -1;   // read end of the helper's stderr pipe
  std::string stderr_tail_;
};

}  // namespace mstr::internal
