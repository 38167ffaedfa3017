#include "test_support/paths.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace mstr::test {
namespace {

// The environment wins so a test can be pointed at another tree; otherwise the paths this build
// was configured with apply, so a test executable also runs by hand.
std::filesystem::path from_env(const char* name, const char* configured) {
  const char* value = std::getenv(name);
  if (value != nullptr && *value != '\0') return value;
  if (*configured != '\0') return configured;
  throw std::runtime_error(std::string(name) + " is not set and no default was configured");
}

}  // namespace

std::filesystem::path source_dir() { return from_env("MSTR_SOURCE_DIR", MSTR_TEST_SOURCE_DIR); }
std::filesystem::path build_dir() { return from_env("MSTR_BUILD_DIR", MSTR_TEST_BUILD_DIR); }
std::filesystem::path shared_dir() { return from_env("MSTR_SHARED_DIR", MSTR_TEST_SHARED_DIR); }
std::filesystem::path plugin_dir() { return build_dir() / "plugins"; }

}  // namespace mstr::test
