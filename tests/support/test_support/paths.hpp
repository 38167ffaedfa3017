#pragma once
// Where the tree, the build and ../shared are: MSTR_SOURCE_DIR, MSTR_BUILD_DIR and MSTR_SHARED_DIR
// when set (to point a test at another tree), else the paths the build was configured with.

#include <filesystem>

namespace mstr::test {

std::filesystem::path source_dir();
std::filesystem::path build_dir();
std::filesystem::path shared_dir();
std::filesystem::path plugin_dir();  // build_dir() / "plugins"

}  // namespace mstr::test
