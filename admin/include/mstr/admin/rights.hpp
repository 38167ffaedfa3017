#pragma once
// Access rights on an object (mstrio-py's Rights flags) and the presets an administrator names
// (Permissions: View, Modify, Full Control, Consume, Denied All, Default All).

#include <cstdint>
#include <string>
#include <string_view>

namespace mstr {

enum class Rights : std::uint32_t {
  none = 0,
  browse = 1,
  use_execute = 2,  // deprecated by the server, still a bit of the mask
  read = 4,
  write = 8,
  del = 16,  // DELETE
  control = 32,
  use = 64,
  execute = 128,
  all = 255,
  inheritable = 0x20000000,
};

constexpr Rights operator|(Rights a, Rights b) {
  return static_cast<Rights>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
constexpr Rights operator&(Rights a, Rights b) {
  return static_cast<Rights>(static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(b));
}
constexpr std::uint32_t to_mask(Rights rights) { return static_cast<std::uint32_t>(rights); }

// "BROWSE,READ,EXECUTE" (the names mstrio-py uses; "none" for 0).
std::string to_string(Rights rights);

enum class Permissions { view, modify, full_control, consume, denied_all, default_all };

// "View", "Modify", "Full Control", "Consume", "Denied All", "Default All".
std::string_view to_string(Permissions permissions);
// The preset's mask (Default All: 0).
Rights rights_of(Permissions permissions);

// What a RIGHTS argument says: a Permissions name (any case, '-' or '_' for spaces), Rights names
// joined by commas ("READ,EXECUTE,BROWSE", "DELETE" or "DEL"), or a number 0..255.
struct RightsSpec {
  Rights rights = Rights::none;
  bool preset = false;       // a Permissions name was given
  Permissions permissions = Permissions::view;  // when preset
};
// Throws ConfigurationError naming what was not understood and listing what is.
RightsSpec parse_rights(std::string_view text);

}  // namespace mstr
