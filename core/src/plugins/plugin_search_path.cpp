#include "plugins/plugin_search_path.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <string_view>
#include <system_error>

namespace mstr::internal {
namespace {

std::filesystem::path normalised(const std::filesystem::path& path) {
  std::error_code ec;
  auto result = std::filesystem::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : result;
}

bool is_within(const std::filesystem::path& path, const std::filesystem::path& directory) {
  const auto relative = path.lexically_relative(directory);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

std::filesystem::path default_plugin_directory() {
  boost::dll::fs::error_code ec;
  const std::filesystem::path library = normalised(boost::dll::this_line_location(ec).string());
  const std::filesystem::path build_plugins = normalised(MSTR_BUILD_PLUGIN_DIR);
  std::error_code exists_ec;
  if (!ec && is_within(library, build_plugins.parent_path()) && std::filesystem::is_directory(build_plugins, exists_ec)) {
    return build_plugins;
  }
  const std::filesystem::path install_dir = MSTR_PLUGIN_INSTALL_DIR;
  if (install_dir.is_absolute() || ec) return install_dir;
  // The library sits in <prefix>/<libdir>; the install dir is <libdir>/mstr/plugins, so the prefix
  // is as many levels above the library's folder as the install dir has folders above "mstr".
  std::filesystem::path prefix = library.parent_path();
  const auto depth = std::distance(install_dir.begin(), install_dir.end());
  for (auto level = depth; level > 2; --level) prefix = prefix.parent_path();
  return prefix / install_dir;
}

std::vector<std::filesystem::path> plugin_search_path(const PluginSearchOptions& options, const IEnvironment& env) {
  std::vector<std::filesystem::path> candidates = options.directories;
  if (options.use_environment) {
    if (const auto value = env.get("MSTR_PLUGIN_PATH")) {
      std::string_view rest = *value;
      while (!rest.empty()) {
        const auto colon = rest.find(':');
        const auto entry = rest.substr(0, colon);
        if (!entry.empty()) candidates.emplace_back(std::string(entry));
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
      }
    }
  }
  if (options.use_default_directory) candidates.push_back(default_plugin_directory());

  std::vector<std::filesystem::path> result;
  std::vector<std::filesystem::path> seen;
  for (const auto& candidate : candidates) {
    auto key = normalised(candidate);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    result.push_back(candidate);
  }
  return result;
}

}  // namespace mstr::internal
