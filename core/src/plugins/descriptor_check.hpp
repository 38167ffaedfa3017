#pragma once
// The checks a plugin's descriptor and its claims must pass before the host trusts them. They are
// pure functions of the values, apart from loading, so they can be tested and fuzzed on their own.

#include <mstr/sdk/plugin.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mstr::internal {

// Why the host must refuse `descriptor` (a wrong ABI version, an unknown kind, not exactly one
// factory, a factory that does not match the kind, no metadata record), or nullopt when it may be
// used. Reads only the descriptor's fields: it never calls a factory.
std::optional<std::string> descriptor_problem(const PluginDescriptor* descriptor);

// A scheme a provider may claim: what CredentialReference accepts before its ':'.
bool valid_scheme(std::string_view scheme);

// Mode names travel on command lines and in JSON profiles: [a-z][a-z0-9-]*.
bool valid_mode_name(std::string_view name);

}  // namespace mstr::internal
