#pragma once
// Where the registry looks for plugins, in order.

#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/environment.hpp>

#include <filesystem>
#include <vector>

namespace mstr::internal {

// The directory next to the running libmstr-core: build/plugins/ when the library runs from the
// build tree and that directory exists, else <prefix>/MSTR_PLUGIN_INSTALL_DIR. Worked out once per
// process and resolved; the reference stays valid for the process's life.
const std::filesystem::path& default_plugin_directory();

// The explicit directories, then MSTR_PLUGIN_PATH's entries, then the default directory, as the
// options allow; duplicates (the same directory reached twice) appear once, at their first place.
std::vector<std::filesystem::path> plugin_search_path(const PluginSearchOptions& options, const IEnvironment& env);

// The plugin files MSTR_PLUGIN_CHOOSE names (colon-separated) when use_environment is set: each one is
// the host's choice for every scheme or mode it claims, where another plugin claims it too.
std::vector<std::filesystem::path> chosen_plugin_files(const PluginSearchOptions& options, const IEnvironment& env);

// The options' isolation, or process when use_environment is set and MSTR_PLUGIN_ISOLATION says so.
// Throws ConfigurationError on a value other than "process" or "in-process".
PluginIsolation plugin_isolation(const PluginSearchOptions& options, const IEnvironment& env);

// The mstr-plugin-host program: the options' choice, else MSTR_PLUGIN_HOST (when use_environment is
// set), else build/libexec/mstr-plugin-host when the library runs from the build tree, else
// <prefix>/MSTR_PLUGIN_HOST_INSTALL_PATH.
std::filesystem::path plugin_host_program(const PluginSearchOptions& options, const IEnvironment& env);

}  // namespace mstr::internal
