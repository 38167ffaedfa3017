#include "test_support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace mstr::test {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() {
    int fds[2];
    // Close-on-exec so that children started concurrently by other threads do not inherit our
    // ends and keep them open after this child exits.
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed: " + std::string(std::strerror(errno)));
    read_end = fds[0];
    write_end = fds[1];
  }
};

std::vector<std::string> build_environment(const ChildProcessOptions& options) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    auto equals = text.find('=');
    if (equals == std::string::npos) continue;
    merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& name : options.unset_env) merged.erase(name);
  for (const auto& [name, value] : options.env) merged[name] = value;
  std::vector<std::string> result;
  result.reserve(merged.size());
  for (const auto& [name, value] : merged) result.push_back(name + "=" + value);
  return result;
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           ChildProcessOptions options)
    : program_(program) {
  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.read_end, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.write_end, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end, STDERR_FILENO);
  if (options.work_dir) posix_spawn_file_actions_addchdir_np(&actions, options.work_dir->c_str());

  // The child should not inherit signals this process blocks (servers under test wait for SIGTERM).
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  sigaddset(&default_signals, SIGINT);
  sigaddset(&default_signals, SIGTERM);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_text;
  argv_text.push_back(program);
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text = build_environment(options);
  std::vector<char*> envp;
  for (auto& entry : env_text) envp.push_back(entry.data());
  envp.push_back(nullptr);

  int rc = ::posix_spawnp(&pid_, program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(in.read_end);
  ::close(out.write_end);
  ::close(err.write_end);
  if (rc != 0) {
    ::close(in.write_end);
    ::close(out.read_end);
    ::close(err.read_end);
    pid_ = -1;
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(rc));
  }
  stdout_reader_ = std::thread([this, fd = out.read_end] { drain(fd, stdout_, stdout_closed_); });
  stderr_reader_ = std::thread([this, fd = err.read_end] { drain(fd, stderr_, stderr_closed_); });
  stdin_writer_ = std::thread([this, fd = in.write_end, text = std::move(options.stdin_text)] {
    feed_stdin(fd, text);
  });
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(pid_, SIGTERM);
    auto deadline = Clock::now() + std::chrono::seconds(2);
    while (!try_reap() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (!exit_code_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      exit_code_ = 128 + SIGKILL;
    }
  }
  join_io(std::chrono::milliseconds(500));
}

void ChildProcess::drain(int fd, std::string& into, bool& closed) {
  char buffer[4096];
  for (;;) {
    pollfd descriptor{fd, POLLIN, 0};
    int ready = ::poll(&descriptor, 1, 50);
    if (ready == 0) {
      // A grandchild may hold the pipe open after the child is gone; stop when told to.
      std::lock_guard lock(mutex_);
      if (stop_io_) break;
      continue;
    }
    if (ready < 0 && errno == EINTR) continue;
    ssize_t count = ready > 0 ? ::read(fd, buffer, sizeof buffer) : -1;
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    std::lock_guard lock(mutex_);
    into.append(buffer, static_cast<std::size_t>(count));
    changed_.notify_all();
  }
  ::close(fd);
  std::lock_guard lock(mutex_);
  closed = true;
  changed_.notify_all();
}

void ChildProcess::feed_stdin(int fd, std::string text) {
  // A child that exits without reading stdin must not kill the test with SIGPIPE: SIGPIPE from a
  // write goes to the writing thread, so blocking it here turns it into EPIPE.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t count = ::write(fd, text.data() + written, text.size() - written);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) break;
    written += static_cast<std::size_t>(count);
  }
  ::close(fd);
}

bool ChildProcess::try_reap() {
  if (exit_code_) return true;
  int status = 0;
  pid_t result = ::waitpid(pid_, &status, WNOHANG);
  if (result != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return true;
}

void ChildProcess::join_io(std::chrono::milliseconds grace) {
  {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, grace, [this] { return stdout_closed_ && stderr_closed_; });
    stop_io_ = true;
  }
  if (stdout_reader_.joinable()) stdout_reader_.join();
  if (stderr_reader_.joinable()) stderr_reader_.join();
  if (stdin_writer_.joinable()) stdin_writer_.join();
}

std::string ChildProcess::wait_for_first_line(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    auto newline = stdout_.find('\n');
    if (newline != std::string::npos) return stdout_.substr(0, newline);
    if (stdout_closed_) {
      // The stderr reader may not have caught up yet: the message is only useful with its words.
      changed_.wait_until(lock, std::min(deadline, Clock::now() + std::chrono::seconds(2)),
                          [this] { return stderr_closed_; });
      throw std::runtime_error(program_ + " closed its stdout before printing a line; stderr: " + stderr_);
    }
    if (Clock::now() >= deadline) {
      throw std::runtime_error(program_ + " printed no line within " + std::to_string(timeout.count()) +
                               " ms; stderr: " + stderr_);
    }
    changed_.wait_until(lock, std::min(deadline, Clock::now() + std::chrono::milliseconds(50)));
  }
}

int ChildProcess::wait(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!try_reap()) {
    if (Clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      exit_code_ = 128 + SIGKILL;
      join_io(std::chrono::milliseconds(500));
      throw std::runtime_error(program_ + " did not exit within " + std::to_string(timeout.count()) +
                               " ms and was killed; stderr: " + stderr_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  join_io(std::chrono::milliseconds(2000));
  return *exit_code_;
}

void ChildProcess::signal(int signal_number) {
  if (pid_ > 0 && !try_reap()) ::kill(pid_, signal_number);
}

std::string ChildProcess::stdout_text() const {
  std::lock_guard lock(mutex_);
  return stdout_;
}

std::string ChildProcess::stderr_text() const {
  std::lock_guard lock(mutex_);
  return stderr_;
}

}  // namespace mstr::test
