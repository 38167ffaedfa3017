#pragma once
// The plugin's name: the provider() of every CredentialError it throws, and its descriptor name.

namespace mstr::internal::gcp {

inline constexpr const char* kProviderName = "gcp";

}  // namespace mstr::internal::gcp
