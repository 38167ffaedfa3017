#pragma once
// Ownership and mode checks of plugin files and directories: a shared object someone else can
// rewrite or replace is code someone else runs inside the host.

#include <filesystem>
#include <optional>
#include <string>

namespace mstr::internal {

// Why `path` is unsafe to trust, or nullopt when it is safe, by OpenSSH's StrictModes rule. Symbolic
// links are followed to the real file or directory, which must be owned by root or the current user
// and writable by neither its group nor others; so must every directory above it up to "/", except
// that a directory with the sticky bit (as /tmp) may be writable by others, since they cannot
// replace what they do not own there. `what` names the path in the reason ("plugin file", ...).
std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what);

}  // namespace mstr::internal
