#pragma once
// Where the tree, the build and ../shared are, from the variables mstr_add_test() gives each test.

#include <filesystem>

namespace mstr::test {

// Each throws std::runtime_error naming the variable when ctest did not set it (running a test
// executable by hand needs MSTR_SOURCE_DIR, MSTR_BUILD_DIR and MSTR_SHARED_DIR exported).
std::filesystem::path source_dir();
std::filesystem::path build_dir();
std::filesystem::path shared_dir();
std::filesystem::path plugin_dir();  // build_dir() / "plugins"

}  // namespace mstr::test
