#include "file_text.hpp"

#include "exit_codes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mstr::cli {

namespace {

// The file opened for reading, or -1 with `reason` set. A directory opens for reading; only reading it
// fails, so it is refused here with the reason a read would give.
int open_readable(const std::string& path, std::string& reason) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    reason = std::strerror(errno);
    return -1;
  }
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    reason = std::strerror(EISDIR);
    return -1;
  }
  return fd;
}

}  // namespace

std::string unreadable_reason(const std::string& path) {
  std::string reason;
  const int fd = open_readable(path, reason);
  if (fd >= 0) ::close(fd);
  return reason;
}

std::string read_file_text(const std::string& path, const std::string& prefix) {
  std::string reason;
  const int fd = open_readable(path, reason);
  if (fd < 0) throw UsageError(prefix + "cannot read " + path + ": " + reason);
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      throw UsageError(prefix + "cannot read " + path + ": " + std::strerror(error));
    }
    text.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

}  // namespace mstr::cli
