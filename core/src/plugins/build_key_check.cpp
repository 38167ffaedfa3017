#include "plugins/build_key_check.hpp"

namespace mstr::internal {
namespace {

std::string compiler_name(std::uint32_t family) {
  switch (static_cast<CompilerFamily>(family)) {
    case CompilerFamily::gcc:
      return "gcc";
    case CompilerFamily::clang:
      return "clang";
    case CompilerFamily::other:
      break;
  }
  return family == 0 ? "an unknown compiler" : "compiler family " + std::to_string(family);
}

std::string library_name(std::uint32_t library) {
  switch (static_cast<StandardLibrary>(library)) {
    case StandardLibrary::libstdcxx:
      return "libstdc++";
    case StandardLibrary::libcxx:
      return "libc++";
    case StandardLibrary::other:
      break;
  }
  return library == 0 ? "an unknown standard library" : "standard library " + std::to_string(library);
}

std::string sdk_version(const PluginBuildKey& key) {
  return std::to_string(key.sdk_major) + "." + std::to_string(key.sdk_minor) + "." +
         std::to_string(key.sdk_patch);
}

std::string differs(const std::string& item, const std::string& plugin, const std::string& host) {
  return "built with " + item + plugin + ", this host uses " + item + host +
         " (rebuild the plugin with the host's toolchain settings)";
}

}  // namespace

std::optional<std::string> build_key_mismatch(const PluginBuildKey& plugin, const PluginBuildKey& host) {
  if (plugin.standard_library != host.standard_library) {
    return differs("", library_name(plugin.standard_library), library_name(host.standard_library));
  }
  if (plugin.cxx11_abi != host.cxx11_abi) {
    return differs("_GLIBCXX_USE_CXX11_ABI=", std::to_string(plugin.cxx11_abi),
                   std::to_string(host.cxx11_abi));
  }
  if (plugin.glibcxx_debug != host.glibcxx_debug) {
    return differs("_GLIBCXX_DEBUG=", std::to_string(plugin.glibcxx_debug),
                   std::to_string(host.glibcxx_debug));
  }
  if (plugin.glibcxx_assertions != host.glibcxx_assertions) {
    return differs("_GLIBCXX_ASSERTIONS=", std::to_string(plugin.glibcxx_assertions),
                   std::to_string(host.glibcxx_assertions));
  }
  if (plugin.compiler_family != host.compiler_family || plugin.compiler_major != host.compiler_major) {
    return differs("", compiler_name(plugin.compiler_family) + " " + std::to_string(plugin.compiler_major),
                   compiler_name(host.compiler_family) + " " + std::to_string(host.compiler_major));
  }
  if (plugin.sdk_major != host.sdk_major || plugin.sdk_minor > host.sdk_minor) {
    return "built against SDK " + sdk_version(plugin) + ", this host is SDK " + sdk_version(host) +
           " (a plugin needs the host's major version and a minor version no newer than the host's)";
  }
  return std::nullopt;
}

std::string describe_build_key(const PluginBuildKey& key) {
  std::string text = compiler_name(key.compiler_family) + " " + std::to_string(key.compiler_major) + "." +
                     std::to_string(key.compiler_minor) + ", " + library_name(key.standard_library);
  if (static_cast<StandardLibrary>(key.standard_library) == StandardLibrary::libstdcxx) {
    text += " (_GLIBCXX_USE_CXX11_ABI=" + std::to_string(key.cxx11_abi) + ")";
  }
  if (key.glibcxx_debug != 0) text += ", _GLIBCXX_DEBUG";
  if (key.glibcxx_assertions != 0) text += ", _GLIBCXX_ASSERTIONS";
  return text + ", SDK " + sdk_version(key);
}

const PluginBuildKey& host_build_key() {
  static constexpr PluginBuildKey key = current_plugin_build_key();
  return key;
}

}  // namespace mstr::internal
