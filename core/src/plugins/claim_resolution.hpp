#pragma once
// The trust rules between plugins that claim the same scheme or auth-mode name: a claim of a built-in
// plugin (one of the SDK's own, in the default directory) cannot be taken by another plugin, and two
// other claimants are both refused unless the host chose one. Nothing is shadowed quietly.

#include "plugins/plugin_metadata_record.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::internal {

// A plugin whose own metadata passed every check.
struct PluginCandidate {
  std::filesystem::path file;
  std::string real_file;  // symbolic links followed
  PluginRecord record;
  bool built_in = false;  // one of the SDK's own plugins, in the default directory
};

// Whether a file of the default directory is one of the SDK's own plugins: its name is one of the files
// the SDK builds. A third-party plugin installed beside them is not built in.
bool is_built_in_plugin_file(std::string_view file);

// For each candidate, why it is refused because of another's claim, or nullopt. `chosen` maps a
// scheme or mode name to the file the host picked among several claimants.
std::vector<std::optional<std::string>> resolve_claims(
    const std::vector<PluginCandidate>& candidates,
    const std::map<std::string, std::filesystem::path>& chosen);

}  // namespace mstr::internal
