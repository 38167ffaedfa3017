#include "plugins/plugin_search_path.hpp"

#include <mstr/sdk/errors.hpp>

#include <boost/dll/runtime_symbol_info.hpp>

#include <link.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <system_error>

namespace mstr::internal {
namespace {

std::filesystem::path normalised(const std::filesystem::path& path) {
  // realpath() in one call where the path exists: weakly_canonical() splits the path into parts and
  // looks at each prefix in turn, tens of microseconds of a cold command.
  if (char* real = ::realpath(path.c_str(), nullptr)) {
    std::filesystem::path result(real);
    std::free(real);
    return result;
  }
  std::error_code ec;
  auto result = std::filesystem::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : result;
}

// Whether `path` lies under `directory`; both absolute and normal, compared as text.
bool is_within(const std::string& path, const std::string& directory) {
  const std::string_view under = std::string_view(directory).ends_with('/')
                                     ? std::string_view(directory).substr(0, directory.size() - 1)
                                     : std::string_view(directory);
  return path.size() > under.size() + 1 && path.starts_with(under) && path[under.size()] == '/';
}

// The file of the loaded shared object whose segments hold `address`, as the loader opened it; empty
// for the main program. dl_iterate_phdr looks only at each object's program headers, where dladdr
// also scans the object's whole symbol table for the nearest symbol (more than a one-shot command
// spends reading all its plugins' metadata).
std::string shared_object_holding(const void* address) {
  struct Search {
    std::uintptr_t address;
    std::string file;
  } search{reinterpret_cast<std::uintptr_t>(address), {}};
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) -> int {
        auto& wanted = *static_cast<Search*>(data);
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const auto& segment = info->dlpi_phdr[i];
          const std::uintptr_t start = info->dlpi_addr + segment.p_vaddr;
          if (segment.p_type == PT_LOAD && wanted.address >= start &&
              wanted.address - start < segment.p_memsz) {
            wanted.file = info->dlpi_name != nullptr ? info->dlpi_name : "";
            return 1;
          }
        }
        return 0;
      },
      &search);
  return search.file;
}

// The build tree's plugin directory, resolved once.
const std::filesystem::path& build_plugin_directory() {
  static const std::filesystem::path directory = normalised(MSTR_BUILD_PLUGIN_DIR);
  return directory;
}

// Where this library was loaded from (empty when that cannot be told), and whether that is the build
// tree. Worked out once: it cannot change while the library is loaded.
struct LibraryLocation {
  std::filesystem::path file;
  bool in_build_tree = false;
};

const LibraryLocation& library_location() {
  static const LibraryLocation location = [] {
    std::filesystem::path library = shared_object_holding(reinterpret_cast<const void*>(&library_location));
    if (library.empty()) {
      // Linked into the program itself: Boost.DLL knows the program's own file.
      boost::dll::fs::error_code ec;
      library = boost::dll::this_line_location(ec).string();
      if (ec) return LibraryLocation{};
    }
    LibraryLocation found{normalised(library), false};
    // The build tree is the folder above its plugin directory.
    const std::string& plugins = build_plugin_directory().native();
    found.in_build_tree = is_within(found.file.native(), plugins.substr(0, plugins.rfind('/')));
    return found;
  }();
  return location;
}

// The file the build tree holds at `build_path` when the library runs from the build tree and it
// exists, else the installed one at `install_path` (relative to the prefix unless absolute).
std::filesystem::path installed_or_build_path(const std::filesystem::path& build_path,
                                              const std::filesystem::path& install_path) {
  const LibraryLocation& location = library_location();
  const std::filesystem::path& library = location.file;
  std::error_code exists_ec;
  if (location.in_build_tree && std::filesystem::exists(build_path, exists_ec)) return build_path;
  if (install_path.is_absolute() || library.empty()) return install_path;
  // The library sits in <prefix>/<libdir>; the plugin install dir is <libdir>/mstr/plugins, so the
  // prefix is as many levels above the library's folder as that dir has folders above "mstr".
  const std::filesystem::path install_dir = MSTR_PLUGIN_INSTALL_DIR;
  std::filesystem::path prefix = library.parent_path();
  const auto depth = std::distance(install_dir.begin(), install_dir.end());
  for (auto level = depth; level > 2; --level) prefix = prefix.parent_path();
  return prefix / install_path;
}

}  // namespace

const std::filesystem::path& default_plugin_directory() {
  // Worked out and resolved once, like the library's location it follows from.
  static const std::filesystem::path directory = [] {
    const auto& build_directory = build_plugin_directory();
    auto found = installed_or_build_path(build_directory, MSTR_PLUGIN_INSTALL_DIR);
    return found == build_directory ? found : normalised(found);
  }();
  return directory;
}

namespace {

std::vector<std::filesystem::path> colon_separated(std::string_view rest) {
  std::vector<std::filesystem::path> entries;
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const auto entry = rest.substr(0, colon);
    if (!entry.empty()) entries.emplace_back(std::string(entry));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
  }
  return entries;
}

}  // namespace

std::vector<std::filesystem::path> chosen_plugin_files(const PluginSearchOptions& options, const IEnvironment& env) {
  if (!options.use_environment) return {};
  const auto value = env.get("MSTR_PLUGIN_CHOOSE");
  return value ? colon_separated(*value) : std::vector<std::filesystem::path>{};
}

PluginIsolation plugin_isolation(const PluginSearchOptions& options, const IEnvironment& env) {
  if (options.isolation == PluginIsolation::process || !options.use_environment) return options.isolation;
  const auto value = env.get("MSTR_PLUGIN_ISOLATION");
  if (!value || value->empty() || *value == "in-process") return PluginIsolation::in_process;
  if (*value == "process") return PluginIsolation::process;
  throw ConfigurationError("MSTR_PLUGIN_ISOLATION must be \"process\" or \"in-process\", not \"" + *value +
                           "\"");
}

std::filesystem::path plugin_host_program(const PluginSearchOptions& options, const IEnvironment& env) {
  if (!options.plugin_host.empty()) return options.plugin_host;
  if (options.use_environment) {
    if (const auto value = env.get("MSTR_PLUGIN_HOST"); value && !value->empty()) return *value;
  }
  return installed_or_build_path(normalised(MSTR_BUILD_PLUGIN_HOST), MSTR_PLUGIN_HOST_INSTALL_PATH);
}

std::vector<std::filesystem::path> plugin_search_path(const PluginSearchOptions& options,
                                                      const IEnvironment& env) {
  std::vector<std::filesystem::path> candidates = options.directories;
  if (options.use_environment) {
    if (const auto value = env.get("MSTR_PLUGIN_PATH")) {
      for (auto& entry : colon_separated(*value)) candidates.push_back(std::move(entry));
    }
  }
  if (options.use_default_directory) candidates.push_back(default_plugin_directory());

  std::vector<std::filesystem::path> result;
  std::vector<std::filesystem::path> seen;
  const std::filesystem::path& default_directory = default_plugin_directory();
  for (const auto& candidate : candidates) {
    // The default directory is resolved already.
    auto key = candidate == default_directory ? candidate : normalised(candidate);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    result.push_back(candidate);
  }
  return result;
}

}  // namespace mstr::internal
