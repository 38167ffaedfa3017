#include <mstr/admin/rights.hpp>

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace mstr::admin {
namespace {

constexpr std::array<std::pair<std::string_view, Rights>, 8> kRightNames{{{"BROWSE", Rights::BROWSE},
                                                                          {"USE_EXECUTE", Rights::USE_EXECUTE},
                                                                          {"READ", Rights::READ},
                                                                          {"WRITE", Rights::WRITE},
                                                                          {"DELETE", Rights::DELETE},
                                                                          {"CONTROL", Rights::CONTROL},
                                                                          {"USE", Rights::USE},
                                                                          {"EXECUTE", Rights::EXECUTE}}};

constexpr std::array<Permissions, 6> kPresets{Permissions::VIEW,         Permissions::MODIFY,
                                              Permissions::FULL_CONTROL, Permissions::CONSUME,
                                              Permissions::DENIED_ALL,   Permissions::DEFAULT_ALL};

// Upper case, with '-', '_' and spaces alike, so "full-control", "Full_Control" and "FULL CONTROL" meet.
std::string normalised(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += (c == '-' || c == '_') ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

constexpr const char* kWhatRightsAre =
    "rights are a preset (View, Modify, \"Full Control\", Consume, \"Denied All\", \"Default All\"), rights joined "
    "by commas (BROWSE, USE_EXECUTE, READ, WRITE, DELETE, CONTROL, USE, EXECUTE) or a number 0..255";

}  // namespace

Rights rights_of(Permissions permissions) {
  switch (permissions) {
    case Permissions::VIEW: return to_rights(AggregatedRights::VIEW);
    case Permissions::MODIFY: return to_rights(AggregatedRights::MODIFY);
    case Permissions::FULL_CONTROL:
    case Permissions::DENIED_ALL: return kAllRights;
    case Permissions::CONSUME: return to_rights(AggregatedRights::CONSUME);
    case Permissions::DEFAULT_ALL: return Rights{};
  }
  return Rights{};
}

RightsSpec parse_rights(std::string_view text) {
  const std::string given = trimmed(text);
  if (given.empty()) throw ConfigurationError(std::string("the rights are empty; ") + kWhatRightsAre);
  if (std::all_of(given.begin(), given.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (given.size() > 3 || std::stoi(given) > 255) throw ConfigurationError("rights as a number go from 0 to 255");
    return {rights_from_mask(static_cast<std::uint32_t>(std::stoi(given))), false, Permissions::VIEW};
  }
  const std::string key = normalised(given);
  for (const Permissions preset : kPresets) {
    if (key == normalised(to_string(preset))) return {rights_of(preset), true, preset};
  }
  Rights rights{};
  std::size_t start = 0;
  while (start <= given.size()) {
    const std::size_t comma = std::min(given.find(',', start), given.size());
    const std::string word_given = trimmed(std::string_view(given).substr(start, comma - start));
    std::string word = normalised(word_given);
    std::replace(word.begin(), word.end(), ' ', '_');
    const auto it =
        std::find_if(kRightNames.begin(), kRightNames.end(), [&](const auto& named) { return named.first == word; });
    if (it == kRightNames.end()) throw ConfigurationError("'" + word_given + "' is not a right; " + kWhatRightsAre);
    rights |= it->second;
    start = comma + 1;
  }
  return {rights, false, Permissions::VIEW};
}

}  // namespace mstr::admin
