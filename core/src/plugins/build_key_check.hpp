#pragma once
// The toolchain fence: whether a plugin's build key lets the host exchange standard-library types
// and virtual tables with it. Checked from the plugin's metadata, before the plugin is loaded.
//
// Must match exactly: the standard library, libstdc++'s dual ABI (_GLIBCXX_USE_CXX11_ABI), the
// debug modes (_GLIBCXX_DEBUG, _GLIBCXX_ASSERTIONS), the compiler family and major version, and the
// SDK's major version. The SDK minor version may be older than the host's, never newer (a plugin
// may use what a newer SDK added). Compiler minor and patch versions and the SDK patch may differ.

#include <mstr/sdk/plugin_build_key.hpp>

#include <optional>
#include <string>

namespace mstr::internal {

// Why a plugin built with `plugin` cannot run in a host built with `host`, naming the first item
// that differs and both values; nullopt when it can.
std::optional<std::string> build_key_mismatch(const PluginBuildKey& plugin, const PluginBuildKey& host);

// "gcc 12.2, libstdc++ (_GLIBCXX_USE_CXX11_ABI=1), SDK 0.1.0" for `mstr plugins`.
std::string describe_build_key(const PluginBuildKey& key);

// This host's own key, as the core was compiled.
const PluginBuildKey& host_build_key();

}  // namespace mstr::internal
