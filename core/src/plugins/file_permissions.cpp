#include "plugins/file_permissions.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace mstr::internal {
namespace {

// Why one path fails the rule, or nullopt. `parent` relaxes the mode rule for sticky directories.
std::optional<std::string> problem_of(const std::filesystem::path& path, bool parent) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return "cannot be inspected: " + std::string(std::strerror(errno));
  const std::string subject = parent ? "its directory " + path.string() : path.string();
  const bool sticky = parent && S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX) != 0;
  if (!sticky) {
    const std::string unless = parent ? " without the sticky bit" : "";
    if ((info.st_mode & S_IWOTH) != 0) return subject + " is writable by others" + unless;
    if ((info.st_mode & S_IWGRP) != 0) return subject + " is writable by its group" + unless;
  }
  if (info.st_uid != 0 && info.st_uid != ::geteuid()) {
    return subject + " is owned by uid " + std::to_string(info.st_uid) +
           ", neither root nor the current user";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  const std::filesystem::path real = std::filesystem::canonical(path, ec);
  if (ec) return what + " " + path.string() + " cannot be resolved: " + ec.message();
  const std::string named =
      what + " " + path.string() +
      (real != std::filesystem::absolute(path, ec).lexically_normal() ? " (real path " + real.string() + ")"
                                                                      : "");

  if (auto problem = problem_of(real, false)) return named + ": " + *problem;
  for (std::filesystem::path directory = real.parent_path();; directory = directory.parent_path()) {
    if (auto problem = problem_of(directory, true)) return named + ": " + *problem;
    if (directory == directory.root_path() || directory.empty()) break;
  }
  return std::nullopt;
}

}  // namespace mstr::internal
