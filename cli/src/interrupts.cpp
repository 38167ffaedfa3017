#include "interrupts.hpp"

#include "exit_codes.hpp"
#include "progress.hpp"

#include <mstr/session.hpp>

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mstr::cli {
namespace {

int signal_pipe[2] = {-1, -1};

std::mutex cleanup_mutex;
std::condition_variable session_known;
std::string temporary_file;
Session* session_to_log_out = nullptr;
bool login_in_flight = false;
std::atomic<bool> interrupted{false};

extern "C" void on_signal(int number) {
  const int saved = errno;
  const auto byte = static_cast<unsigned char>(number);
  [[maybe_unused]] const ssize_t written = ::write(signal_pipe[1], &byte, 1);
  errno = saved;
}

int next_signal() {
  unsigned char byte = 0;
  for (;;) {
    const ssize_t got = ::read(signal_pipe[0], &byte, 1);
    if (got == 1) return byte;
    if (got < 0 && errno == EINTR) continue;
    return 0;
  }
}

[[noreturn]] void exit_for(int number) {
  const ExitCode code = number == SIGTERM ? ExitCode::terminated : ExitCode::interrupted;
  ::_exit(static_cast<int>(code));
}

// A password prompt turns echo off and back on in a destructor that an exit skips. True when echo
// was off: a prompt is reading, so no login is on its way.
bool restore_echo() {
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0) return false;
  termios settings{};
  bool was_off = false;
  if (::tcgetattr(tty, &settings) == 0 && (settings.c_lflag & ECHO) == 0) {
    was_off = true;
    settings.c_lflag |= ECHO;
    settings.c_lflag &= ~static_cast<tcflag_t>(ECHONL);
    ::tcsetattr(tty, TCSANOW, &settings);
    // The prompt's line was not ended by the user's Enter.
    [[maybe_unused]] const ssize_t written = ::write(tty, "\n", 1);
  }
  ::close(tty);
  return was_off;
}

// Runs holding the lock to its end, the exit: a main thread that is about to end the session waits
// in on_interrupt_log_out(nullptr) rather than destroy it under the logout.
[[noreturn]] void clean_up_and_exit(int number) {
  std::unique_lock<std::mutex> lock(cleanup_mutex);
  stop_progress_lines();
  if (!temporary_file.empty()) ::unlink(temporary_file.c_str());
  const bool prompting = restore_echo();
  // A login the server may already have granted is waited for (bounded), so that its session is
  // ended too rather than left to idle out; not while a password prompt reads, which would take
  // what the user types next as the password.
  if (!prompting) session_known.wait_for(lock, std::chrono::seconds(2), [] { return !login_in_flight; });
  if (session_to_log_out != nullptr) {
    // The Session is shared by threads, so this runs beside whatever the main thread is blocked in.
    // Bounded: a server that does not answer in two seconds keeps its session until it idles out.
    RequestOptions options;
    options.timeout = std::chrono::seconds(2);
    options.allow_error_status = true;
    try {
      session_to_log_out->post("auth/logout", options);
    } catch (...) {
      // Nothing to report: the command was interrupted, and says so below.
    }
  }
  static constexpr char kLine[] = "mstr: interrupted\n";
  [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, kLine, sizeof kLine - 1);
  exit_for(number);
}

void watch() {
  const int first = next_signal();
  if (first == 0) return;
  interrupted.store(true);
  std::thread([first] { clean_up_and_exit(first); }).detach();
  const int second = next_signal();
  if (second == 0) return;
  // A second Ctrl-C: at once. The clean-up removed the half file first thing, unless it has not
  // started; then it is removed here.
  if (cleanup_mutex.try_lock() && !temporary_file.empty()) ::unlink(temporary_file.c_str());
  exit_for(first);
}

}  // namespace

void handle_interrupts() {
  if (::pipe2(signal_pipe, O_CLOEXEC) != 0) return;  // without it, the signals keep their defaults
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  std::thread(watch).detach();
}

void wait_if_interrupted() {
  if (!interrupted.load()) return;
  // The clean-up ends the process; nothing more is said or done here.
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

void on_interrupt_remove(const std::string& temporary) {
  std::lock_guard<std::mutex> lock(cleanup_mutex);
  temporary_file = temporary;
}

void on_interrupt_login_starts() {
  std::lock_guard<std::mutex> lock(cleanup_mutex);
  login_in_flight = true;
}

void on_interrupt_log_out(Session* session) {
  {
    std::lock_guard<std::mutex> lock(cleanup_mutex);
    session_to_log_out = session;
    login_in_flight = false;
  }
  session_known.notify_all();
}

}  // namespace mstr::cli
