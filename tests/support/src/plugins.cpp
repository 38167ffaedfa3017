#include "test_support/plugins.hpp"

#include "test_support/paths.hpp"

namespace mstr::test {

std::shared_ptr<PluginRegistry> build_tree_plugins() {
  PluginSearchOptions options;
  options.directories = {plugin_dir()};
  options.use_environment = false;
  options.use_default_directory = false;
  return PluginRegistry::discover(options);
}

}  // namespace mstr::test
