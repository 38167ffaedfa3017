#include <mstr/session_file.hpp>

#include "plugins/file_permissions.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mstr {
namespace {

// A saved session is a few kilobytes; a file far past that is not one, and is not read whole.
constexpr std::size_t max_session_file_size = 1024 * 1024;

[[noreturn]] void fail_io(const std::string& what, const std::string& path, int error) {
  throw ConfigurationError("cannot " + what + " session file " + path + ": " + std::strerror(error));
}

// Closes the descriptor and removes the temporary file unless the rename happened.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& target) : path_(target + ".tmp-" + std::to_string(::getpid())) {
    ::unlink(path_.c_str());
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) fail_io("create", path_, errno);
  }
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  void write_all(const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        fail_io("write", path_, errno);
      }
      written += static_cast<std::size_t>(n);
    }
    // The umask may have narrowed the mode further, never widened it; make it exactly 0600.
    if (::fchmod(fd_, 0600) != 0 || ::fsync(fd_) != 0) fail_io("write", path_, errno);
  }

  void rename_to(const std::string& target) {
    if (::close(fd_) != 0) {
      fd_ = -1;
      fail_io("write", path_, errno);
    }
    fd_ = -1;
    if (::rename(path_.c_str(), target.c_str()) != 0) fail_io("replace", target, errno);
    committed_ = true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

void check_session_file(const std::string& path) {
  if (path.empty()) throw ConfigurationError("the session file path is empty; name a file");
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno != ENOENT) fail_io("inspect", path, errno);
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code error;
    if (!parent.empty() && !std::filesystem::is_directory(parent, error)) {
      throw ConfigurationError("session file " + path + " cannot be created: its directory " + parent.string() +
                               " does not exist");
    }
    return;
  }
  // A link could point the token at a file someone else reads, or a file someone else wrote at us.
  if (S_ISLNK(info.st_mode)) throw ConfigurationError("session file " + path + " is a symbolic link; refusing to use it");
  if (!S_ISREG(info.st_mode)) throw ConfigurationError("session file " + path + " is not a regular file");
  if (const auto unsafe = internal::unsafe_permissions(path, "session file")) {
    throw ConfigurationError(*unsafe + "; it could have been edited to send credentials elsewhere. Remove it "
                             "(or chmod 600 it if you wrote it yourself)");
  }
  if (::access(path.c_str(), R_OK | W_OK) != 0) fail_io("use", path, errno);
}

std::optional<std::string> read_session_file(const std::string& path) {
  check_session_file(path);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail_io("read", path, errno);
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      fail_io("read", path, error);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_session_file_size) {
      ::close(fd);
      throw ConfigurationError("session file " + path + " is larger than a session file can be; remove it");
    }
  }
  ::close(fd);

  // Only the mark of an mstr document is checked here; the session inside is checked by the core
  // when it is resumed.
  // Only the mark of an mstr document is checked here; the session inside is checked when it is
  // resumed (AuthConfig::saved_session).
  const std::string not_ours = "session file " + path + " is not a session file written by mstr; remove it or name another";
  try {
    const auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    if (object.isNull() || !object->optValue<std::string>("format", "").starts_with("mstr-")) {
      throw ConfigurationError(not_ours);
    }
  } catch (const Poco::Exception&) {
    throw ConfigurationError(not_ours);
  }
  return text;
}

void write_session_file(const std::string& path, const std::string& document) {
  TemporaryFile file(path);
  file.write_all(document);
  file.rename_to(path);
}

void remove_session_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail_io("remove", path, errno);
}

}  // namespace mstr
