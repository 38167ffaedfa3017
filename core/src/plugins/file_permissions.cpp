#include "plugins/file_permissions.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>
#include <system_error>
#include <vector>

namespace mstr::internal {
namespace {

// Why one path with `info` (its lstat) fails the rule, or nullopt. `parent` relaxes the mode rule for
// sticky directories.
std::optional<std::string> problem_of(const std::string& path, const struct stat& info, bool parent) {
  // The words are put together only for a refusal: a passing check is the common case.
  const auto subject = [&] { return parent ? "its directory " + path : path; };
  const bool sticky = parent && S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX) != 0;
  if (!sticky) {
    const char* unless = parent ? " without the sticky bit" : "";
    // Each refusal ends with the command that lifts it.
    if ((info.st_mode & S_IWOTH) != 0) return subject() + " is writable by others" + unless + " (chmod o-w " + path + ")";
    if ((info.st_mode & S_IWGRP) != 0) {
      return subject() + " is writable by its group" + unless + " (chmod g-w " + path + ")";
    }
  }
  if (info.st_uid != 0 && info.st_uid != ::geteuid()) {
    return subject() + " is owned by uid " + std::to_string(info.st_uid) +
           ", neither root nor the current user (chown it, or move it where only you can write)";
  }
  return std::nullopt;
}

std::optional<std::string> problem_of(const std::string& path, bool parent) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return "cannot be inspected: " + std::string(std::strerror(errno));
  return problem_of(path, info, parent);
}

// The directory holding `path`, an absolute path with no "." or ".." parts and no trailing slash.
std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? std::string("/") : path.substr(0, slash);
}

}  // namespace

std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what) {
  return PermissionCheck().check(path, what).problem;
}

std::optional<PermissionCheck::Resolved> PermissionCheck::resolve(const std::string& path, std::error_code& ec) {
  // Plain string work: std::filesystem::path splits itself into parts on every construction and
  // comparison, and discovery resolves every plugin file.
  std::string absolute = path;
  if (absolute.empty() || absolute.front() != '/') {
    absolute = std::filesystem::absolute(path, ec).native();
    if (ec) return std::nullopt;
  }
  const auto slash = absolute.rfind('/');
  const std::string_view name = std::string_view(absolute).substr(slash + 1);
  struct stat info {};
  // realpath(dir/name) is realpath(dir)/name when name is no link (nor "." or ".."), so the directory
  // is resolved once for all its files, and the lstat that said so is the real file's.
  if (!name.empty() && name != "." && name != ".." && ::lstat(absolute.c_str(), &info) == 0 &&
      !S_ISLNK(info.st_mode)) {
    const std::string_view directory =
        slash == 0 ? std::string_view("/") : std::string_view(absolute).substr(0, slash);
    auto known = real_directories_.find(directory);
    if (known == real_directories_.end()) {
      const std::filesystem::path real = std::filesystem::canonical(std::string(directory), ec);
      if (ec) return std::nullopt;
      known = real_directories_.emplace(std::string(directory), real.native()).first;
    }
    std::string real = known->second;
    if (real.back() != '/') real += '/';
    real += name;
    return Resolved{std::move(real), info};
  }
  const std::filesystem::path real = std::filesystem::canonical(absolute, ec);
  if (ec) return std::nullopt;
  return Resolved{real.native(), std::nullopt};
}

std::string PermissionCheck::real_path(const std::string& path) {
  std::error_code ec;
  auto resolved = resolve(path, ec);
  return resolved ? std::move(resolved->real) : path;
}

PermissionCheck::Verdict PermissionCheck::check(const std::string& path, const std::string& what) {
  std::error_code ec;
  const auto resolved = resolve(path, ec);
  if (!resolved) return {path, what + " " + path + " cannot be resolved: " + ec.message()};
  const std::string& real = resolved->real;
  // The reason names the path as given, and the real one when links lead elsewhere; built only for a
  // refusal.
  const auto refused = [&](const std::string& problem) {
    std::error_code absolute_ec;
    const auto given = std::filesystem::absolute(path, absolute_ec).lexically_normal();
    return what + " " + path + (given != real ? " (real path " + real + ")" : "") + ": " + problem;
  };

  auto problem = resolved->info ? problem_of(real, *resolved->info, false) : problem_of(real, false);
  if (problem) return {real, refused(*problem)};
  std::vector<std::string> walked;
  for (std::string directory = parent_of(real);; directory = parent_of(directory)) {
    if (safe_directories_.count(directory) != 0) break;
    if ((problem = problem_of(directory, true))) return {real, refused(*problem)};
    walked.push_back(directory);
    if (directory == "/") break;
  }
  // Remembered only once the whole walk passed, so a remembered directory vouches for all above it.
  safe_directories_.insert(walked.begin(), walked.end());
  return {real, std::nullopt};
}

}  // namespace mstr::internal
