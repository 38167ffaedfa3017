#pragma once
// Ownership and mode checks of plugin files and directories: a shared object someone else can
// rewrite or replace is code someone else runs inside the host.

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace mstr::internal {

// Why `path` is unsafe to trust, or nullopt when it is safe, by OpenSSH's StrictModes rule. Symbolic
// links are followed to the real file or directory, which must be owned by root or the current user
// and writable by neither its group nor others; so must every directory above it up to "/", except
// that a directory with the sticky bit (as /tmp) may be writable by others, since they cannot
// replace what they do not own there. `what` names the path in the reason ("plugin file", ...).
std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what);

// The same rule for many paths, as discovery checks every plugin file of a directory: each directory
// is resolved and walked up to "/" once, and a path whose last part is no symbolic link costs one
// lstat. It remembers only what it found safe, for as long as it lives; keep one per discovery, so
// a file replaced later is checked again when it is loaded.
class PermissionCheck {
 public:
  // Paths are taken and given as text (a std::filesystem::path converts to it): discovery checks
  // every plugin file, and a path object splits itself into parts on every construction and copy.
  struct Verdict {
    std::string real;                    // symbolic links resolved; the path as given when it cannot be
    std::optional<std::string> problem;  // why it is unsafe to trust, naming it as `what`; nullopt if safe
  };
  Verdict check(const std::string& path, const std::string& what);
  // The real path (symbolic links resolved) of `path`; `path` itself when it cannot be resolved.
  std::string real_path(const std::string& path);

 private:
  struct Resolved {
    std::string real;
    std::optional<struct stat> info;  // the real file's lstat, when resolving it took one
  };
  std::optional<Resolved> resolve(const std::string& path, std::error_code& ec);
  // Keyed by native strings: these paths are absolute and normal, and comparing std::filesystem::path
  // splits both into parts on every comparison.
  std::map<std::string, std::string, std::less<>> real_directories_;
  std::set<std::string, std::less<>> safe_directories_;  // each with every directory above it
};

}  // namespace mstr::internal
