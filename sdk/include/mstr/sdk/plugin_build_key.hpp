#pragma once
// The build key: the toolchain settings that decide whether a plugin and a host can exchange
// std::string, std::vector and virtual tables at all. A plugin records the key of its own build in
// its metadata; the host compares it with its own before it loads the plugin, as Qt refuses a plugin
// built in the other of debug and release.
//
// current_plugin_build_key() is evaluated in the translation unit that calls it, so the entry-point
// macros capture the plugin's settings and the host captures its own.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/sdk_version.hpp>

#include <cstdint>
#include <version>

namespace mstr {

enum class CompilerFamily : std::uint32_t { other = 0, gcc = 1, clang = 2 };
enum class StandardLibrary : std::uint32_t { other = 0, libstdcxx = 1, libcxx = 2 };

struct PluginBuildKey {
  std::uint32_t compiler_family;  // CompilerFamily
  std::uint32_t compiler_major;
  std::uint32_t compiler_minor;
  std::uint32_t standard_library;    // StandardLibrary
  std::uint32_t cxx11_abi;           // _GLIBCXX_USE_CXX11_ABI (libstdc++'s dual ABI); 0 elsewhere
  std::uint32_t glibcxx_debug;       // 1 when _GLIBCXX_DEBUG is defined
  std::uint32_t glibcxx_assertions;  // 1 when _GLIBCXX_ASSERTIONS is defined
  std::uint32_t sdk_major;           // the SDK the plugin was built against
  std::uint32_t sdk_minor;
  std::uint32_t sdk_patch;
};

constexpr PluginBuildKey current_plugin_build_key() {
  PluginBuildKey key{};
#if defined(__clang__)
  key.compiler_family = static_cast<std::uint32_t>(CompilerFamily::clang);
  key.compiler_major = __clang_major__;
  key.compiler_minor = __clang_minor__;
#elif defined(__GNUC__)
  key.compiler_family = static_cast<std::uint32_t>(CompilerFamily::gcc);
  key.compiler_major = __GNUC__;
  key.compiler_minor = __GNUC_MINOR__;
#endif
#if defined(_LIBCPP_VERSION)
  key.standard_library = static_cast<std::uint32_t>(StandardLibrary::libcxx);
#elif defined(__GLIBCXX__)
  key.standard_library = static_cast<std::uint32_t>(StandardLibrary::libstdcxx);
  key.cxx11_abi = _GLIBCXX_USE_CXX11_ABI ? 1 : 0;
#endif
#if defined(_GLIBCXX_DEBUG)
  key.glibcxx_debug = 1;
#endif
#if defined(_GLIBCXX_ASSERTIONS)
  key.glibcxx_assertions = 1;
#endif
  key.sdk_major = MSTR_SDK_VERSION_MAJOR;
  key.sdk_minor = MSTR_SDK_VERSION_MINOR;
  key.sdk_patch = MSTR_SDK_VERSION_PATCH;
  return key;
}

}  // namespace mstr
