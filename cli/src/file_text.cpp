#include "file_text.hpp"

#include "exit_codes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mstr::cli {

std::string unreadable_reason(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::strerror(errno);
  struct stat info {};
  // A directory opens for reading; only reading it fails.
  const bool directory = ::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode);
  ::close(fd);
  return directory ? std::strerror(EISDIR) : std::string();
}

std::string read_file_text(const std::string& path, const std::string& prefix) {
  const std::string reason = unreadable_reason(path);
  if (!reason.empty()) throw UsageError(prefix + "cannot read " + path + ": " + reason);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UsageError(prefix + "cannot read " + path + ": " + std::strerror(errno));
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
