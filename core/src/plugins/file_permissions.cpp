#include "plugins/file_permissions.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

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
  return PermissionCheck().unsafe(path, what);
}

std::optional<std::filesystem::path> PermissionCheck::resolve(const std::filesystem::path& path,
                                                              std::error_code& ec) {
  const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) return std::nullopt;
  struct stat info {};
  const std::filesystem::path directory = absolute.parent_path();
  const std::filesystem::path name = absolute.filename();
  // realpath(dir/name) is realpath(dir)/name when name is no link (nor "." or ".."), so the directory
  // is resolved once for all its files.
  if (!name.empty() && name != "." && name != ".." && ::lstat(absolute.c_str(), &info) == 0 &&
      !S_ISLNK(info.st_mode)) {
    auto known = real_directories_.find(directory);
    if (known == real_directories_.end()) {
      const std::filesystem::path real = std::filesystem::canonical(directory, ec);
      if (ec) return std::nullopt;
      known = real_directories_.emplace(directory, real).first;
    }
    return known->second / name;
  }
  std::filesystem::path real = std::filesystem::canonical(absolute, ec);
  if (ec) return std::nullopt;
  return real;
}

std::filesystem::path PermissionCheck::real_path(const std::filesystem::path& path) {
  std::error_code ec;
  auto real = resolve(path, ec);
  return real ? *real : path;
}

std::optional<std::string> PermissionCheck::unsafe(const std::filesystem::path& path,
                                                   const std::string& what) {
  std::error_code ec;
  const auto resolved = resolve(path, ec);
  if (!resolved) return what + " " + path.string() + " cannot be resolved: " + ec.message();
  const std::filesystem::path& real = *resolved;
  const std::string named =
      what + " " + path.string() +
      (real != std::filesystem::absolute(path, ec).lexically_normal() ? " (real path " + real.string() + ")"
                                                                      : "");

  if (auto problem = problem_of(real, false)) return named + ": " + *problem;
  std::vector<std::filesystem::path> walked;
  for (std::filesystem::path directory = real.parent_path();; directory = directory.parent_path()) {
    if (safe_directories_.count(directory) != 0) break;
    if (auto problem = problem_of(directory, true)) return named + ": " + *problem;
    walked.push_back(directory);
    if (directory == directory.root_path() || directory.empty()) break;
  }
  // Remembered only once the whole walk passed, so a remembered directory vouches for all above it.
  safe_directories_.insert(walked.begin(), walked.end());
  return std::nullopt;
}

}  // namespace mstr::internal
