#include "plugins/isolation/helper_process.hpp"

#include "plugins/isolation/frame_codec.hpp"
#include "plugins/isolation/host_protocol.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

namespace mstr::internal {
namespace {

constexpr std::size_t kStderrTailBytes = 4096;

std::string signal_name(int signal_number) {
  switch (signal_number) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGILL:
      return "SIGILL";
    case SIGFPE:
      return "SIGFPE";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGPIPE:
      return "SIGPIPE";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) return "killed by " + signal_name(WTERMSIG(status));
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

HelperProcess::HelperProcess(const std::filesystem::path& program,
                             const std::vector<std::string>& environment) {
  int channel[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) {
    throw HelperFailure{std::string("could not be started: socketpair: ") + std::strerror(errno)};
  }
  int errors[2];
  if (::pipe2(errors, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(channel[0]);
    ::close(channel[1]);
    throw HelperFailure{std::string("could not be started: pipe: ") + std::strerror(error)};
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, errors[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO);
  posix_spawn_file_actions_adddup2(&actions, channel[1], kHelperChannelFd);
  // Whatever the host opened without close-on-exec stays out of the helper.
  posix_spawn_file_actions_addclosefrom_np(&actions, kHelperChannelFd + 1);

  std::vector<char*> envp;
  envp.reserve(environment.size() + 1);
  for (const auto& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  const std::string path = program.string();
  char* argv[] = {const_cast<char*>(path.c_str()), nullptr};

  const int spawned = ::posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(channel[1]);
  ::close(errors[1]);
  channel_ = channel[0];
  stderr_ = errors[0];
  if (spawned != 0) {
    pid_ = -1;
    close_fd(channel_);
    close_fd(stderr_);
    throw HelperFailure{"could not be started from " + path + ": " + std::strerror(spawned)};
  }
  ::fcntl(stderr_, F_SETFL, O_NONBLOCK);
}

HelperProcess::~HelperProcess() {
  if (pid_ > 0) end_process(std::chrono::milliseconds(200));
}

std::string HelperProcess::end_process(std::chrono::milliseconds grace) {
  // Closing our end is the helper's signal to end; its EOF also unblocks a helper mid-read.
  close_fd(channel_);
  int status = 0;
  const auto give_up = Clock::now() + grace;
  pid_t reaped = 0;
  while ((reaped = ::waitpid(pid_, &status, WNOHANG)) == 0 && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (reaped == 0) {
    ::kill(pid_, SIGKILL);
    while ((reaped = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
    }
  }
  drain_stderr();
  close_fd(stderr_);
  pid_ = -1;
  return reaped > 0 ? describe_status(status) : "ended";
}

void HelperProcess::fail(std::string what, bool timed_out) {
  if (timed_out) {
    ::kill(pid_, SIGKILL);
    end_process(std::chrono::milliseconds(0));
    throw HelperFailure{std::move(what), true};
  }
  // The helper closed its end or broke the framing: wait briefly to learn how it ended.
  const std::string ending = end_process(std::chrono::milliseconds(500));
  throw HelperFailure{what.empty() ? ending : what + " (" + ending + ")"};
}

void HelperProcess::drain_stderr() {
  if (stderr_ < 0) return;
  char chunk[1024];
  for (;;) {
    const ssize_t got = ::read(stderr_, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    stderr_tail_.append(chunk, static_cast<std::size_t>(got));
    if (stderr_tail_.size() > kStderrTailBytes) stderr_tail_.erase(0, stderr_tail_.size() - kStderrTailBytes);
  }
}

bool HelperProcess::wait_channel(short events, Clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{channel_, events, 0}, {stderr_, POLLIN, 0}};
    const nfds_t count = stderr_ >= 0 ? 2 : 1;
    const int ready = ::poll(fds, count, static_cast<int>(std::min<std::int64_t>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) fail(std::string("could not be waited for: ") + std::strerror(errno));
    if (ready <= 0) continue;
    if (count == 2 && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
      const auto before = stderr_tail_.size();
      drain_stderr();
      // A closed stderr polls readable for ever; stop watching it.
      if ((fds[1].revents & POLLHUP) != 0 && stderr_tail_.size() == before) close_fd(stderr_);
    }
    if (fds[0].revents != 0) return true;
  }
}

void HelperProcess::send(const std::string& frame, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < frame.size()) {
    if (!wait_channel(POLLOUT, deadline)) fail("timed out", true);
    const ssize_t wrote =
        ::send(channel_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (wrote < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (wrote <= 0) fail("");
    sent += static_cast<std::size_t>(wrote);
  }
}

void HelperProcess::read_exact(char* into, std::size_t size, Clock::time_point deadline) {
  std::size_t got = 0;
  while (got < size) {
    if (!wait_channel(POLLIN, deadline)) fail("timed out", true);
    const ssize_t read = ::recv(channel_, into + got, size - got, MSG_DONTWAIT);
    if (read < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (read <= 0) fail(got == 0 ? "" : "ended in the middle of a message");
    got += static_cast<std::size_t>(read);
  }
}

std::string HelperProcess::receive(Clock::time_point deadline) {
  unsigned char prefix[4];
  read_exact(reinterpret_cast<char*>(prefix), sizeof prefix, deadline);
  std::uint32_t length = 0;
  try {
    length = frame_length(prefix);
  } catch (const ProtocolViolation& violation) {
    fail("broke the protocol: " + violation.what);
  }
  std::string payload(length, '\0');
  try {
    read_exact(payload.data(), length, deadline);
  } catch (...) {
    wipe(payload);
    throw;
  }
  return payload;
}

}  // namespace mstr::internal
