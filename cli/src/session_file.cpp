#include "session_file.hpp"

#include "exit_codes.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mstr::cli {
namespace {

[[noreturn]] void fail_io(const std::string& what, const std::string& path, int error) {
  throw CliError("cannot " + what + " session file " + path + ": " + std::strerror(error), ExitCode::usage);
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

std::optional<std::string> read_session_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::nullopt;
    fail_io("read", path, errno);
  }
  std::ostringstream text;
  text << in.rdbuf();

  // Only the mark of an mstr document is checked here; the session inside is checked by the core
  // when it is resumed.
  const std::string not_ours = "session file " + path + " is not a session file written by mstr; remove it or name another";
  try {
    const auto object = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
    if (object.isNull() || !object->optValue<std::string>("format", "").starts_with("mstr-")) {
      throw CliError(not_ours, ExitCode::usage);
    }
  } catch (const Poco::Exception&) {
    throw CliError(not_ours, ExitCode::usage);
  }
  return text.str();
}

void write_session_file(const std::string& path, const std::string& document) {
  TemporaryFile file(path);
  file.write_all(document);
  file.rename_to(path);
}

void remove_session_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail_io("remove", path, errno);
}

}  // namespace mstr::cli
