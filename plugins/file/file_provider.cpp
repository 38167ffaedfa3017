// `file:PATH`: the contents of a file, trailing line breaks trimmed.
//
// The file is checked the way OpenSSH checks a private key, because whoever can rewrite it chooses
// the password the host sends: it must be a regular file owned by the current user (or root), not
// writable by its group or others, and not readable by others. Group read is allowed, with a
// warning, for secret volumes shared through a group (mode 0440); `~/` expands to $HOME.

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>


#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace {

constexpr std::size_t kMaxSecretSize = 1024 * 1024;

// Closes the descriptor on every path out of fetch().
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

class FileProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"file"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference& reference, const mstr::ProviderContext& context) override {
    const std::string path = expand_home(reference.locator(), context);
    const auto fail = [&](const std::string& why) { return mstr::CredentialError("file:" + path + " " + why, "file"); };

    // O_NONBLOCK keeps a FIFO from blocking the open; such a file is refused just below.
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) throw fail(std::string("cannot be opened: ") + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw fail(std::string("cannot be inspected: ") + std::strerror(errno));
    if (!S_ISREG(info.st_mode)) throw fail("is not a regular file");
    if (info.st_uid != 0 && info.st_uid != ::geteuid()) {
      throw fail("is owned by uid " + std::to_string(info.st_uid) + ", neither root nor the current user");
    }
    if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      throw fail("is writable by its group or others (run: chmod 600 " + path + ")");
    }
    if ((info.st_mode & S_IROTH) != 0) throw fail("is readable by others (run: chmod 600 " + path + ")");
    if ((info.st_mode & S_IRGRP) != 0) context.logger.warning("file:" + path + " is readable by its group");
    if (static_cast<std::size_t>(info.st_size) > kMaxSecretSize) throw fail("is larger than 1 MiB");

    std::string content(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t filled = 0;
    while (filled < content.size()) {
      const ssize_t got = ::read(fd.get(), content.data() + filled, content.size() - filled);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw fail(std::string("cannot be read: ") + std::strerror(errno));
      if (got == 0) break;
      filled += static_cast<std::size_t>(got);
    }
    content.resize(filled);
    while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
    return mstr::SecretValue(std::move(content));
  }

 private:
  static std::string expand_home(const std::string& locator, const mstr::ProviderContext& context) {
    if (locator.empty()) throw mstr::CredentialError("file: needs a path, e.g. file:~/.mstr/password", "file");
    if (locator.rfind("~/", 0) != 0) return locator;
    const auto home = context.env.get("HOME");
    if (!home || home->empty()) throw mstr::CredentialError("file:" + locator + " starts with ~/ but HOME is not set", "file");
    return *home + locator.substr(1);
  }
};

}  // namespace

MSTR_CREDENTIAL_PROVIDER_PLUGIN(FileProvider, "file", "1.0.0",
                                "file:PATH reads a file owned by you and private to you (trailing newlines trimmed)",
                                "file")
