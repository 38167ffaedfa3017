#pragma once
// What a RIGHTS argument says, over the core's mstr::Rights and mstr::Permissions
// (<mstr/types.hpp>, mstrio-py's names and values): a Permissions preset, Rights names joined by
// commas, or a mask.

#include <mstr/types.hpp>

#include <cstdint>
#include <string_view>

namespace mstr::admin {

constexpr std::uint32_t mask_of(Rights rights) { return static_cast<std::uint32_t>(rights); }
constexpr Rights rights_from_mask(std::uint32_t mask) { return static_cast<Rights>(mask); }
inline constexpr Rights kAllRights = static_cast<Rights>(255);

// The preset's mask: View 197, Modify 221, Full Control and Denied All 255, Consume 69, Default All 0.
Rights rights_of(Permissions permissions);

struct RightsSpec {
  Rights rights{};
  bool preset = false;                          // a Permissions name was given
  Permissions permissions = Permissions::VIEW;  // when preset
};

// A Permissions name (any case, '-' or '_' for spaces: "Full Control", "full-control",
// "FULL_CONTROL"), Rights names joined by commas ("READ,EXECUTE,BROWSE"), or a number 0..255.
// Throws ConfigurationError naming what was not understood and listing what is.
RightsSpec parse_rights(std::string_view text);

}  // namespace mstr::admin
