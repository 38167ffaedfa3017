#include "plugins/claim_resolution.hpp"

#include "plugins/built_in_plugins.hpp"

#include <algorithm>
#include <system_error>

namespace mstr::internal {
namespace {

struct Claim {
  std::string label;  // "scheme 'env'", "auth mode 'standard'"
  std::vector<std::size_t> claimants;
};

std::string files_of(const std::vector<PluginCandidate>& candidates,
                     const std::vector<std::size_t>& indexes) {
  std::string text;
  for (std::size_t n = 0; n < indexes.size(); ++n) {
    text += (n == 0 ? "" : n + 1 == indexes.size() ? " and " : ", ") + candidates[indexes[n]].file.string();
  }
  return text;
}

void refuse(std::vector<std::optional<std::string>>& refusals, std::size_t index, std::string reason) {
  if (!refusals[index]) refusals[index] = std::move(reason);
}

}  // namespace

bool is_built_in_plugin_file(std::string_view file) {
  const std::string_view name = file.substr(file.rfind('/') + 1);
  return std::find(kBuiltInPluginFiles.begin(), kBuiltInPluginFiles.end(), name) != kBuiltInPluginFiles.end();
}

std::vector<std::optional<std::string>> resolve_claims(
    const std::vector<PluginCandidate>& candidates,
    const std::map<std::string, std::filesystem::path>& chosen) {
  std::map<std::string, Claim> claims;  // by scheme or mode name
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const PluginRecord& record = candidates[i].record;
    for (const auto& scheme : record.schemes) {
      auto& claim = claims[scheme];
      claim.label = "scheme '" + scheme + "'";
      claim.claimants.push_back(i);
    }
    if (record.kind == PluginKind::auth_mode) {
      auto& claim = claims[record.mode];
      claim.label = "auth mode '" + record.mode + "'";
      claim.claimants.push_back(i);
    }
  }

  std::vector<std::optional<std::string>> refusals(candidates.size());
  for (const auto& [name, claim] : claims) {
    if (claim.claimants.size() < 2) continue;
    std::vector<std::size_t> built_in;
    for (const auto i : claim.claimants) {
      if (candidates[i].built_in) built_in.push_back(i);
    }
    std::vector<std::size_t> contenders = claim.claimants;
    if (!built_in.empty()) {
      for (const auto i : claim.claimants) {
        if (candidates[i].built_in) continue;
        refuse(refusals, i,
               claim.label + " is built in (" + candidates[built_in.front()].file.string() + "); " +
                   candidates[i].file.string() + " may not claim it: give that plugin a scheme or mode name " +
                   "of its own");
      }
      contenders = built_in;
    }
    if (contenders.size() < 2) continue;

    std::optional<std::size_t> winner;
    if (const auto pick = chosen.find(name); pick != chosen.end()) {
      std::error_code ec;
      auto picked = std::filesystem::canonical(pick->second, ec);
      if (ec) picked = pick->second;
      for (const auto i : contenders) {
        if (candidates[i].real_file == picked.native() || candidates[i].file == pick->second) winner = i;
      }
    }
    for (const auto i : contenders) {
      if (winner == i) continue;
      if (winner) {
        refuse(refusals, i,
               claim.label + " is also claimed by " + candidates[*winner].file.string() +
                   ", which the host chose");
      } else {
        refuse(refusals, i,
               claim.label + " is claimed by " + files_of(candidates, contenders) +
                   "; choose one with MSTR_PLUGIN_CHOOSE=FILE (a host program: "
                   "PluginSearchOptions::chosen_plugins), or remove the others from the search path");
      }
    }
  }
  return refusals;
}

}  // namespace mstr::internal
