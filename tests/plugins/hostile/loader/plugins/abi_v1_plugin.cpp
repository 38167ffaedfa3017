// A plugin as SDK 0.1 (plugin ABI 1) built it: a version-1 descriptor behind mstr_plugin_entry and
// no metadata record. The host must refuse it from the file alone, saying it must be rebuilt.

#include <boost/dll/alias.hpp>

#include <cstdint>

namespace {

// The version-1 descriptor's layout, as that SDK declared it.
struct DescriptorV1 {
  std::uint32_t abi_version;
  std::uint32_t kind;
  const char* name;
  const char* version;
  const char* description;
  void* (*create_credential_provider)();
  void* (*create_auth_mode)();
};

void* never_called() { return nullptr; }

const DescriptorV1* entry() {
  static const DescriptorV1 descriptor{1, 1, "old-vault", "1.0.0", "built against SDK 0.1", &never_called, nullptr};
  return &descriptor;
}

}  // namespace

BOOST_DLL_ALIAS(entry, mstr_plugin_entry)
