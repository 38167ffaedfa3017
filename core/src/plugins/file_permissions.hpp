#pragma once
// Ownership and mode checks of plugin files and directories: a shared object someone else can
// rewrite is code someone else runs inside the host.

#include <filesystem>
#include <optional>
#include <string>

namespace mstr::internal {

// Why `path` is unsafe to trust, or nullopt when it is safe: writable by group or others, or owned
// by a user other than root and the current user (OpenSSH's StrictModes rule). `what` names the
// path in the reason ("plugin file", "plugin directory").
std::optional<std::string> unsafe_permissions(const std::filesystem::path& path, const std::string& what);

}  // namespace mstr::internal
