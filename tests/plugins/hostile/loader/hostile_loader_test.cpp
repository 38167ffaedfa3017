// The loader-side hostile plugins: each is refused with its reason or never loaded, and the host's
// other plugins keep working.

#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include "test_support/paths.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <filesystem>

namespace fs = std::filesystem;
using mstr::PluginRegistry;
using mstr::PluginSearchOptions;

namespace {

const fs::path kHostile = fs::path(MSTR_TEST_PLUGIN_ROOT) / "hostile-loader";

PluginSearchOptions hostile_then_built_in(const fs::path& directory) {
  PluginSearchOptions options;
  options.directories = {directory};
  options.use_environment = false;
  options.use_default_directory = true;
  return options;
}

bool is_loaded(const fs::path& file) {
  void* handle = ::dlopen(file.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

// The refusal of `file` in the registry, or "" when it was not refused.
std::string refusal_of(const PluginRegistry& registry, const fs::path& file) {
  for (const auto& refused : registry.refused()) {
    if (refused.file == file) return refused.reason;
  }
  return {};
}

// The built-in plugins are unaffected: the standard mode and the env provider still work.
void check_built_ins_work(const PluginRegistry& registry) {
  CHECK(registry.auth_mode("standard") != nullptr);
  const auto env = registry.provider_for("env");
  REQUIRE(env != nullptr);
  const auto built_in = registry.available();
  CHECK(std::any_of(built_in.begin(), built_in.end(), [](const auto& info) {
    return info.name == "env" && info.built_in && info.loaded &&
           info.file.parent_path() == fs::canonical(mstr::test::plugin_dir());
  }));
}

void make_mode(const fs::path& path, fs::perms perms) {
  fs::create_directory(path);
  fs::permissions(path, perms);
}

constexpr fs::perms kPrivateDir = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec;

}  // namespace

TEST_CASE("hostile: a plugin built with the old dual ABI is refused before loading", "[registry][hostile]") {
  const fs::path file = kHostile / "old-dual-abi" / "hostile-old-dual-abi.so";
  const auto registry = PluginRegistry::discover(hostile_then_built_in(file.parent_path()));
  CHECK(refusal_of(*registry, file) ==
        "built with _GLIBCXX_USE_CXX11_ABI=0, this host uses _GLIBCXX_USE_CXX11_ABI=1 (rebuild the plugin "
        "with the "
        "host's toolchain settings)");
  CHECK(registry->provider_for("old-abi") == nullptr);
  CHECK_FALSE(is_loaded(file));
  check_built_ins_work(*registry);
}

TEST_CASE("hostile: a plugin with an undefined symbol is refused at first use, not at the call",
          "[registry][hostile]") {
  const fs::path file = kHostile / "undefined-symbol" / "hostile-undefined-symbol.so";
  const auto registry = PluginRegistry::discover(hostile_then_built_in(file.parent_path()));
  CHECK(refusal_of(*registry, file).empty());
  check_built_ins_work(*registry);
  CHECK_FALSE(is_loaded(file));

  CHECK_THROWS_WITH(registry->provider_for("unbound"),
                    Catch::Contains(file.string()) && Catch::Contains("mstr_test_symbol_nobody_defines"));
  CHECK_THAT(refusal_of(*registry, file), Catch::Contains("not a loadable shared object"));
  CHECK_FALSE(is_loaded(file));
  check_built_ins_work(*registry);
}

TEST_CASE("hostile: an impostor of a built-in scheme is refused whatever the search order",
          "[registry][hostile][trust]") {
  const fs::path file = kHostile / "env-impostor" / "hostile-env-impostor.so";
  const fs::path real_env = fs::canonical(mstr::test::plugin_dir()) / "mstr-provider-env.so";
  const auto registry = PluginRegistry::discover(hostile_then_built_in(file.parent_path()));
  const auto reason = refusal_of(*registry, file);
  CHECK_THAT(reason, Catch::Contains("scheme 'env' is built in"));
  CHECK_THAT(reason, Catch::Contains(real_env.string()));
  CHECK_THAT(reason, Catch::Contains(file.string() + " may not claim it"));
  check_built_ins_work(*registry);
  CHECK_FALSE(is_loaded(file));

  // Naming the impostor as the chosen plugin does not help: built-in names are not contested.
  auto options = hostile_then_built_in(file.parent_path());
  options.chosen_plugins["env"] = file;
  const auto chosen = PluginRegistry::discover(options);
  CHECK_THAT(refusal_of(*chosen, file), Catch::Contains("scheme 'env' is built in"));
}

TEST_CASE("hostile: a version-1 plugin is refused from its file, asking for a rebuild",
          "[registry][hostile]") {
  const fs::path file = kHostile / "abi-v1" / "hostile-abi-v1.so";
  const auto registry = PluginRegistry::discover(hostile_then_built_in(file.parent_path()));
  const auto reason = refusal_of(*registry, file);
  CHECK_THAT(reason, Catch::Contains("no plugin metadata"));
  CHECK_THAT(reason, Catch::Contains("built for plugin ABI 1"));
  CHECK_THAT(reason, Catch::Contains("must be rebuilt"));
  CHECK_FALSE(is_loaded(file));
  check_built_ins_work(*registry);
}

TEST_CASE("hostile: a plugin whose code claims other schemes than its metadata is refused at first use",
          "[registry][hostile]") {
  const fs::path file = kHostile / "lying-schemes" / "hostile-lying-schemes.so";
  const auto registry = PluginRegistry::discover(hostile_then_built_in(file.parent_path()));
  CHECK(refusal_of(*registry, file).empty());
  CHECK_THROWS_AS(registry->provider_for("harmless"), mstr::CredentialError);
  CHECK_THAT(refusal_of(*registry, file),
             Catch::Contains("claims the schemes 'env' once loaded, its metadata says 'harmless'"));
  const auto schemes = registry->schemes();
  CHECK(std::find(schemes.begin(), schemes.end(), "harmless") == schemes.end());
  // "env" still belongs to the built-in provider.
  check_built_ins_work(*registry);
}

TEST_CASE("hostile: a plugin behind a symlink into a world-writable directory is refused",
          "[registry][hostile][permissions]") {
  mstr::test::TempDir root;  // private (0700), so the unsafe directory below is reachable by no one else
  const fs::path unsafe = root.path() / "unsafe";
  const fs::path plugins = root.path() / "plugins";
  make_mode(unsafe, fs::perms::all);  // 0777, no sticky bit
  make_mode(plugins, kPrivateDir);
  fs::copy_file(kHostile / "planted" / "hostile-planted.so", unsafe / "planted.so");
  fs::permissions(unsafe / "planted.so", kPrivateDir);
  fs::create_symlink(unsafe / "planted.so", plugins / "planted.so");

  const auto registry = PluginRegistry::discover(hostile_then_built_in(plugins));
  const auto reason = refusal_of(*registry, plugins / "planted.so");
  CHECK_THAT(reason, Catch::Contains("real path " + (unsafe / "planted.so").string()));
  CHECK_THAT(reason, Catch::Contains("its directory " + unsafe.string() +
                                     " is writable by others without the sticky bit"));
  CHECK(registry->provider_for("planted") == nullptr);
  check_built_ins_work(*registry);

  SECTION("the sticky bit makes the same directory safe, as for /tmp") {
    fs::permissions(unsafe, fs::perms::sticky_bit, fs::perm_options::add);
    const auto sticky = PluginRegistry::discover(hostile_then_built_in(plugins));
    CHECK(refusal_of(*sticky, plugins / "planted.so").empty());
    CHECK(sticky->provider_for("planted") != nullptr);
  }
  SECTION("strict_permissions=false is the opt-out") {
    auto options = hostile_then_built_in(plugins);
    options.strict_permissions = false;
    CHECK(PluginRegistry::discover(options)->provider_for("planted") != nullptr);
  }
}

TEST_CASE("hostile: a plugin directory under a group- or world-writable parent is refused",
          "[registry][hostile][permissions]") {
  mstr::test::TempDir root;
  const fs::path open_parent = root.path() / "open";
  const fs::path plugins = open_parent / "plugins";
  make_mode(open_parent, kPrivateDir);
  make_mode(plugins, kPrivateDir);
  fs::copy_file(kHostile / "planted" / "hostile-planted.so", plugins / "planted.so");
  fs::permissions(plugins / "planted.so", kPrivateDir);

  SECTION("writable by others") {
    fs::permissions(open_parent, fs::perms::others_write, fs::perm_options::add);
    const auto registry = PluginRegistry::discover(hostile_then_built_in(plugins));
    CHECK_THAT(refusal_of(*registry, plugins),
               Catch::Contains("plugin directory " + plugins.string() + ": its directory " +
                               open_parent.string() + " is writable by others without the sticky bit"));
    CHECK(registry->provider_for("planted") == nullptr);
    check_built_ins_work(*registry);
  }
  SECTION("writable by its group") {
    fs::permissions(open_parent, fs::perms::group_write, fs::perm_options::add);
    const auto registry = PluginRegistry::discover(hostile_then_built_in(plugins));
    CHECK_THAT(refusal_of(*registry, plugins),
               Catch::Contains("is writable by its group without the sticky bit"));
    CHECK(registry->provider_for("planted") == nullptr);
  }
  SECTION("a safe parent loads it") {
    const auto registry = PluginRegistry::discover(hostile_then_built_in(plugins));
    CHECK(registry->provider_for("planted") != nullptr);
  }
}
