#include <mstr/admin/rights.hpp>

#include <mstr/sdk/errors.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace mstr {
namespace {

constexpr std::array<std::pair<std::string_view, Rights>, 8> kRightNames{{{"BROWSE", Rights::browse},
                                                                          {"USE_EXECUTE", Rights::use_execute},
                                                                          {"READ", Rights::read},
                                                                          {"WRITE", Rights::write},
                                                                          {"DELETE", Rights::del},
                                                                          {"CONTROL", Rights::control},
                                                                          {"USE", Rights::use},
                                                                          {"EXECUTE", Rights::execute}}};

constexpr std::array<std::pair<Permissions, std::string_view>, 6> kPresets{
    {{Permissions::view, "View"},
     {Permissions::modify, "Modify"},
     {Permissions::full_control, "Full Control"},
     {Permissions::consume, "Consume"},
     {Permissions::denied_all, "Denied All"},
     {Permissions::default_all, "Default All"}}};

// Upper case, with '-', '_' and spaces alike, so "full-control", "Full_Control" and "FULL CONTROL" meet.
std::string normalised(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '-' || c == '_') ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

std::string to_string(Rights rights) {
  std::string out;
  for (const auto& [name, bit] : kRightNames) {
    if ((rights & bit) != Rights::none) out += (out.empty() ? "" : ",") + std::string(name);
  }
  return out.empty() ? "none" : out;
}

std::string_view to_string(Permissions permissions) {
  for (const auto& [preset, name] : kPresets) {
    if (preset == permissions) return name;
  }
  return "View";
}

Rights rights_of(Permissions permissions) {
  switch (permissions) {
    case Permissions::view: return static_cast<Rights>(197);
    case Permissions::modify: return static_cast<Rights>(221);
    case Permissions::full_control:
    case Permissions::denied_all: return Rights::all;
    case Permissions::consume: return static_cast<Rights>(69);
    case Permissions::default_all: return Rights::none;
  }
  return Rights::none;
}

RightsSpec parse_rights(std::string_view text) {
  const std::string given = trimmed(text);
  if (given.empty()) throw ConfigurationError("rights are empty; give a preset (View, Modify, \"Full Control\", "
                                              "Consume, \"Denied All\", \"Default All\"), rights names or a number");
  if (std::all_of(given.begin(), given.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (given.size() > 3 || std::stoi(given) > 255) throw ConfigurationError("rights as a number go from 0 to 255");
    return {static_cast<Rights>(std::stoi(given)), false, Permissions::view};
  }
  const std::string key = normalised(given);
  for (const auto& [preset, name] : kPresets) {
    if (key == normalised(name)) return {rights_of(preset), true, preset};
  }
  Rights rights = Rights::none;
  std::size_t start = 0;
  while (start <= given.size()) {
    const std::size_t comma = std::min(given.find(',', start), given.size());
    std::string word = normalised(trimmed(std::string_view(given).substr(start, comma - start)));
    std::replace(word.begin(), word.end(), ' ', '_');
    if (word == "DEL") word = "DELETE";
    const auto it = std::find_if(kRightNames.begin(), kRightNames.end(), [&](const auto& named) { return named.first == word; });
    if (it == kRightNames.end()) {
      throw ConfigurationError("'" + trimmed(std::string_view(given).substr(start, comma - start)) +
                               "' is not a right; rights are BROWSE, USE_EXECUTE, READ, WRITE, DELETE, CONTROL, USE, "
                               "EXECUTE (joined by commas), a preset (View, Modify, \"Full Control\", Consume, "
                               "\"Denied All\", \"Default All\") or a number 0..255");
    }
    rights = rights | it->second;
    start = comma + 1;
  }
  return {rights, false, Permissions::view};
}

}  // namespace mstr
