// `prompt:[LABEL]`: asks the person at the terminal, with echo off. It talks to /dev/tty rather
// than stdin/stdout so it works while those are redirected, and fails clearly without a terminal.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

namespace {

constexpr std::size_t kMaxLineSize = 64 * 1024;

mstr::CredentialError prompt_error(const std::string& why) { return mstr::CredentialError("prompt: " + why, "prompt"); }

// Restores the terminal's settings (echo on) on every way out, exceptions included.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) throw prompt_error(std::string("cannot read the terminal's settings: ") + std::strerror(errno));
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    if (::tcsetattr(fd_, TCSAFLUSH, &quiet) != 0) throw prompt_error(std::string("cannot turn echo off: ") + std::strerror(errno));
  }
  ~EchoOff() { ::tcsetattr(fd_, TCSAFLUSH, &saved_); }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
};

class Terminal {
 public:
  Terminal() : fd_(::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) {
    if (fd_ < 0) {
      throw prompt_error(std::string("needs a terminal, and /dev/tty cannot be opened (") + std::strerror(errno) +
                         "); give the secret with env:, file: or stdin: instead");
    }
  }
  ~Terminal() { ::close(fd_); }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  int fd() const { return fd_; }

  void write_text(const std::string& text) const {
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw prompt_error(std::string("cannot write to the terminal: ") + std::strerror(errno));
      written += static_cast<std::size_t>(n);
    }
  }

  // One line, without its line break. End-of-file before any line break ends the line too.
  std::string read_line() const {
    std::string line;
    char c = 0;
    for (;;) {
      const ssize_t n = ::read(fd_, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw prompt_error(std::string("cannot read from the terminal: ") + std::strerror(errno));
      if (n == 0 || c == '\n' || c == '\r') break;
      line.push_back(c);
      if (line.size() > kMaxLineSize) throw prompt_error("the line typed is longer than 64 KiB");
    }
    return line;
  }

 private:
  int fd_;
};

class PromptProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"prompt"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext&) override {
    const std::string label = reference.locator().empty() ? "Secret" : reference.locator();
    // Two prompts at once would interleave on one terminal.
    std::lock_guard lock(mutex_);
    const Terminal terminal;
    // Echo goes off before the prompt appears: a person (or a script) answering the prompt must
    // never have the first keys echoed, and TCSAFLUSH must not discard what they typed.
    const EchoOff echo_off(terminal.fd());
    terminal.write_text(label + ": ");
    return mstr::SecretValue(terminal.read_line());
  }

  // What was typed stays valid for a re-login: asking again from a background thread could block
  // on a terminal nobody watches.
  bool can_refetch() const override { return false; }

 private:
  std::mutex mutex_;
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(PromptProvider, "prompt", "1.0.0",
                                "prompt:[LABEL] asks at the terminal (/dev/tty) with echo off", "prompt")
