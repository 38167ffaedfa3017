#include "test_support/paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace mstr::test {
namespace {

std::filesystem::path from_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set; run the test through ctest, or export it to run the executable by hand");
  }
  return value;
}

}  // namespace

std::filesystem::path source_dir() { return from_env("MSTR_SOURCE_DIR"); }
std::filesystem::path build_dir() { return from_env("MSTR_BUILD_DIR"); }
std::filesystem::path shared_dir() { return from_env("MSTR_SHARED_DIR"); }
std::filesystem::path plugin_dir() { return build_dir() / "plugins"; }

}  // namespace mstr::test
