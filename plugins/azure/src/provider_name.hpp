#pragma once
// The plugin's name: its descriptor's name and the provider() of every CredentialError it throws.

namespace mstr::internal::azure {

inline constexpr const char* kProviderName = "azure";

}  // namespace mstr::internal::azure
