#pragma once
// The trust rules between plugins that claim the same scheme or auth-mode name: a claim of the
// default directory (built in) cannot be taken by a plugin elsewhere, and two other claimants are
// both refused unless the host chose one. Nothing is shadowed quietly.

#include "plugins/plugin_metadata_record.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mstr::internal {

// A plugin whose own metadata passed every check.
struct PluginCandidate {
  std::filesystem::path file;
  std::string real_file;  // symbolic links followed
  PluginRecord record;
  bool built_in = false;  // found in the default directory
};

// For each candidate, why it is refused because of another's claim, or nullopt. `chosen` maps a
// scheme or mode name to the file the host picked among several claimants.
std::vector<std::optional<std::string>> resolve_claims(
    const std::vector<PluginCandidate>& candidates,
    const std::map<std::string, std::filesystem::path>& chosen);

}  // namespace mstr::internal
