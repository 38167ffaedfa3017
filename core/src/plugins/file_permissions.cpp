#include "plugins/file_permissions.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mstr::internal {

std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return what + " " + path.string() + " cannot be inspected: " + std::strerror(errno);
  }
  if ((info.st_mode & S_IWOTH) != 0) return what + " " + path.string() + " is writable by others";
  if ((info.st_mode & S_IWGRP) != 0) return what + " " + path.string() + " is writable by its group";
  if (info.st_uid != 0 && info.st_uid != ::geteuid()) {
    return what + " " + path.string() + " is owned by uid " + std::to_string(info.st_uid) +
           ", neither root nor the current user";
  }
  return std::nullopt;
}

}  // namespace mstr::internal
