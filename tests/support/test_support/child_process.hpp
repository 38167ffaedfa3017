#pragma once
// Runs a program (a python3 fake of a cloud service, the mstr CLI, the mock server executable)
// with its own environment and captures what it prints.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace mstr::test {

struct ChildProcessOptions {
  std::map<std::string, std::string> env;         // added to (or replacing in) this process's environment
  std::vector<std::string> unset_env;             // removed from the child's environment
  std::optional<std::filesystem::path> work_dir;  // defaults to this process's working directory
  std::string stdin_text;                         // written to the child's stdin, which is then closed
};

// stdout and stderr are drained by threads into memory, so a chatty child never blocks on a full
// pipe. The destructor sends SIGTERM, then SIGKILL after two seconds, and always reaps the child.
class ChildProcess {
 public:
  // `program` is looked up in PATH when it has no slash. Throws std::runtime_error if it cannot start.
  ChildProcess(const std::string& program, const std::vector<std::string>& args, ChildProcessOptions options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first line of stdout without its newline. Throws std::runtime_error, with the captured
  // stderr, if the child exits or the timeout passes before a whole line arrives.
  std::string wait_for_first_line(std::chrono::milliseconds timeout);

  // The exit code (128 + signal number when a signal ended it). On timeout the child is killed and
  // std::runtime_error is thrown with what it printed to stderr.
  int wait(std::chrono::milliseconds timeout);

  // Sends a signal (e.g. SIGINT to test a clean shutdown); a no-op once the child was reaped.
  void signal(int signal_number);

  pid_t pid() const { return pid_; }
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  void drain(int fd, std::string& into, bool& closed);
  void feed_stdin(int fd, std::string text);
  bool try_reap();
  void join_io(std::chrono::milliseconds grace);

  pid_t pid_ = -1;
  std::string program_;
  std::optional<int> exit_code_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string stdout_;
  std::string stderr_;
  bool stdout_closed_ = false;
  bool stderr_closed_ = false;
  bool stop_io_ = false;
  std::thread stdout_reader_;
  std::thread stderr_reader_;
  std::thread stdin_writer_;
};

}  // namespace mstr::test
