#pragma once
// The plugins this build made, and nothing else: build/plugins only, without MSTR_PLUGIN_PATH or
// the installed default, so a test sees the tree's plugins whatever the machine has.

#include <mstr/plugin_registry.hpp>

#include <memory>

namespace mstr::test {

std::shared_ptr<PluginRegistry> build_tree_plugins();

}  // namespace mstr::test
