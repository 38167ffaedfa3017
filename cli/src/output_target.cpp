#include "output_target.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace mstr::cli {
namespace {

std::string reason(int error) { return std::strerror(error); }

// The file a path names: a symbolic link is written through, as `sort -o` and shells do.
std::string final_path_of(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return path;
  std::error_code ec;
  const auto target = std::filesystem::canonical(path, ec);
  if (ec) throw OutputError("cannot write " + path + ": it is a symbolic link to " + ec.message());
  return target.native();
}

// The mode a new file gets: what the umask leaves of rw-rw-rw-, as a shell redirection gives.
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

bool prints_to_terminal(const CommandLine& line) { return !line.output && ::isatty(STDOUT_FILENO) == 1; }

void OutputTarget::Buffer::write_all(const char* text, std::size_t count) {
  while (count > 0) {
    const ssize_t written = ::write(fd_, text, count);
    if (written < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) throw OutputClosed();
      throw OutputError("cannot write to " + *name_ + ": " + reason(errno));
    }
    text += written;
    count -= static_cast<std::size_t>(written);
  }
}

void OutputTarget::Buffer::flush_all() {
  const auto pending = static_cast<std::size_t>(pptr() - pbase());
  // Emptied first: a write that throws leaves nothing to be written again by a later flush.
  setp(data_, data_ + sizeof data_);
  write_all(data_, pending);
}

OutputTarget::Buffer::int_type OutputTarget::Buffer::overflow(int_type c) {
  flush_all();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize OutputTarget::Buffer::xsputn(const char* text, std::streamsize count) {
  const auto size = static_cast<std::size_t>(count);
  if (size <= static_cast<std::size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), text, size);
    pbump(static_cast<int>(size));
    return count;
  }
  flush_all();
  if (size >= sizeof data_) {
    write_all(text, size);
  } else {
    std::memcpy(pptr(), text, size);
    pbump(static_cast<int>(size));
  }
  return count;
}

int OutputTarget::Buffer::sync() {
  flush_all();
  return 0;
}

OutputTarget::OutputTarget()
    : fd_(STDOUT_FILENO), name_("standard output"), buffer_(std::make_unique<Buffer>(fd_, &name_)),
      stream_(buffer_.get()) {
  stream_.exceptions(std::ios::badbit);
}

OutputTarget::OutputTarget(const std::string& path, std::optional<unsigned> mode)
    : fd_(-1), name_(path), final_path_(final_path_of(path)), stream_(nullptr) {
  struct stat info {};
  const bool exists = ::stat(final_path_.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) throw OutputError("cannot write " + path + ": " + reason(EISDIR));
  // rename() would replace a file the user may not write; refuse as the shell's > would.
  if (exists && ::access(final_path_.c_str(), W_OK) != 0) {
    throw OutputError("cannot overwrite " + path + ": " + reason(errno));
  }
  const auto slash = final_path_.rfind('/');
  const std::string directory = slash == std::string::npos ? "." : final_path_.substr(0, slash == 0 ? 1 : slash);
  const std::string base = slash == std::string::npos ? final_path_ : final_path_.substr(slash + 1);
  std::string pattern = directory + (directory.back() == '/' ? "" : "/") + "." + base + ".mstr-XXXXXX";
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) throw OutputError("cannot write " + path + ": " + reason(errno));
  temporary_ = pattern;
  // An existing file keeps its mode; a new one gets the umask's, not mkstemp's 0600.
  const mode_t chosen = mode ? static_cast<mode_t>(*mode) : exists ? (info.st_mode & 07777) : new_file_mode();
  if (::fchmod(fd_, chosen) != 0) {
    const int error = errno;
    ::close(fd_);
    ::unlink(temporary_.c_str());
    throw OutputError("cannot write " + path + ": " + reason(error));
  }
  buffer_ = std::make_unique<Buffer>(fd_, &name_);
  stream_.rdbuf(buffer_.get());
  stream_.exceptions(std::ios::badbit);
}

OutputTarget::~OutputTarget() {
  if (final_path_.empty()) {
    // Standard output keeps what a failed command wrote before it failed, as any filter does.
    try {
      buffer_->flush_all();
    } catch (...) {
      // The write that failed has been reported, or the reader is gone.
    }
    return;
  }
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void OutputTarget::commit() {
  buffer_->flush_all();
  if (final_path_.empty()) return;
  if (::fsync(fd_) != 0) throw OutputError("cannot write " + name_ + ": " + reason(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw OutputError("cannot write " + name_ + ": " + reason(errno));
  if (::rename(temporary_.c_str(), final_path_.c_str()) != 0) {
    throw OutputError("cannot write " + name_ + ": " + reason(errno));
  }
  temporary_.clear();
}

}  // namespace mstr::cli
