// The registry against real shared objects: what it discovers from metadata, what it loads on first
// use, what it refuses and why, and that the objects it hands out outlive it safely.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/plugin.hpp>

#include <test_support/no_http.hpp>
#include "captured_log.hpp"
#include "test_support/paths.hpp"
#include "test_support/scoped_env.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;
using mstr::PluginRegistry;
using mstr::PluginSearchOptions;

namespace {

const fs::path kRoot = MSTR_TEST_PLUGIN_ROOT;

PluginSearchOptions only(std::vector<fs::path> directories) {
  PluginSearchOptions options;
  options.directories = std::move(directories);
  options.use_environment = false;
  options.use_default_directory = false;
  return options;
}

// The one refusal a single-plugin directory must produce at discovery.
std::string single_refusal(const fs::path& directory) {
  const auto registry = PluginRegistry::discover(only({directory}));
  REQUIRE(registry->available().empty());
  REQUIRE(registry->refused().size() == 1);
  const auto file = registry->refused().front().file;
  CHECK((file.parent_path() == directory || file == directory));
  return registry->refused().front().reason;
}

// The refusal of a single-plugin directory whose metadata passes discovery but whose code fails at
// the first use of `scheme`; the plugin stays refused afterwards.
std::string first_use_refusal(const fs::path& directory, const std::string& scheme) {
  const auto registry = PluginRegistry::discover(only({directory}));
  REQUIRE(registry->refused().empty());
  REQUIRE(registry->available().size() == 1);
  CHECK(registry->schemes() == std::vector<std::string>{scheme});
  std::string message;
  try {
    registry->provider_for(scheme);
    FAIL("expected a CredentialError");
  } catch (const mstr::CredentialError& e) {
    message = e.what();
  }
  REQUIRE(registry->refused().size() == 1);
  const auto refusal = registry->refused().front();
  CHECK(refusal.file.parent_path() == directory);
  CHECK_THAT(message, Catch::Contains(refusal.file.string()));
  CHECK_THAT(message, Catch::Contains(refusal.reason));
  CHECK(registry->available().empty());
  CHECK(registry->schemes().empty());
  CHECK_THROWS_WITH(registry->provider_for(scheme), message);
  CHECK(registry->refused().size() == 1);
  return refusal.reason;
}

using mstr::test::NoHttp;

std::string fetch_field(const std::shared_ptr<mstr::ICredentialProvider>& provider,
                        const std::string& locator) {
  NoHttp http;
  mstr::MapEnvironment env;
  mstr::test::RecordingLogger logger;
  const mstr::ProviderContext context{http, logger, env};
  return std::string(provider->fetch(mstr::CredentialReference("count", locator), context).reveal());
}

bool library_is_loaded(const fs::path& file) {
  void* handle = ::dlopen(file.c_str(), RTLD_LAZY | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  ::dlclose(handle);
  return true;
}

// A private copy of a built plugin, so a test can change its permissions.
fs::path copy_plugin(const fs::path& from, const fs::path& directory) {
  const fs::path to = directory / from.filename();
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec);
  return to;
}

}  // namespace

TEST_CASE("a good provider and a good auth mode are discovered from metadata and load on first use",
          "[registry]") {
  const auto registry = PluginRegistry::discover(only({kRoot / "good-provider", kRoot / "good-mode"}));
  REQUIRE(registry->refused().empty());
  REQUIRE(registry->available().size() == 2);
  CHECK(registry->loaded().empty());
  CHECK_FALSE(library_is_loaded(kRoot / "good-provider" / "counting-provider.so"));
  CHECK_FALSE(library_is_loaded(kRoot / "good-mode" / "test-auth-mode.so"));

  const auto available = registry->available();
  const auto& provider = available[0];
  CHECK(provider.name == "counting");
  CHECK(provider.version == "0.1.0");
  CHECK(provider.kind == "credential-provider");
  CHECK(provider.abi_version == MSTR_PLUGIN_ABI_VERSION);
  CHECK(provider.schemes == std::vector<std::string>{"count"});
  CHECK(provider.file == kRoot / "good-provider" / "counting-provider.so");
  CHECK_THAT(provider.build, Catch::Contains("SDK "));
  CHECK_FALSE(provider.loaded);
  CHECK_FALSE(provider.built_in);

  const auto& mode = available[1];
  CHECK(mode.kind == "auth-mode");
  CHECK(mode.mode == "test-mode");
  CHECK(mode.login_mode == 1);

  // Listing what the plugins claim loads nothing.
  CHECK(registry->schemes() == std::vector<std::string>{"count"});
  CHECK(registry->auth_modes() == std::vector<std::string>{"test-mode"});
  CHECK(registry->loaded().empty());

  REQUIRE(registry->provider_for("count") != nullptr);
  CHECK(library_is_loaded(kRoot / "good-provider" / "counting-provider.so"));
  CHECK_FALSE(library_is_loaded(kRoot / "good-mode" / "test-auth-mode.so"));
  REQUIRE(registry->loaded().size() == 1);
  CHECK(registry->loaded()[0].name == "counting");
  CHECK(registry->loaded()[0].loaded);
  CHECK(registry->provider_for("nope") == nullptr);
  REQUIRE(registry->auth_mode("test-mode") != nullptr);
  CHECK(registry->auth_mode("test-mode")->fields().size() == 2);
  CHECK(registry->auth_mode("standard") == nullptr);
}

TEST_CASE("each kind of bad plugin is refused with its reason", "[registry]") {
  SECTION("a file that is not a shared object") {
    CHECK_THAT(single_refusal(kRoot / "not-elf"), Catch::Contains("not a loadable plugin: not an ELF file"));
  }
  SECTION("a shared object without metadata or entry point") {
    CHECK_THAT(single_refusal(kRoot / "no-entry-point"), Catch::Contains("has no plugin metadata"));
  }
  SECTION("a wrong ABI version") {
    const auto reason = single_refusal(kRoot / "wrong-abi");
    CHECK_THAT(reason, Catch::Contains("ABI version " + std::to_string(MSTR_PLUGIN_ABI_VERSION + 98)));
    CHECK_THAT(reason, Catch::Contains("needs " + std::to_string(MSTR_PLUGIN_ABI_VERSION)));
  }
  SECTION("a descriptor that lies about its kind, refused at first use") {
    CHECK_THAT(first_use_refusal(kRoot / "lying-kind", "liar"), Catch::Contains("lies about its kind"));
  }
  SECTION("a factory that throws, refused at first use") {
    const auto reason = first_use_refusal(kRoot / "throwing-factory", "unbuildable");
    CHECK_THAT(reason, Catch::Contains("'unbuildable' threw while being created"));
    CHECK_THAT(reason, Catch::Contains("cannot reach the configuration service"));
  }
  SECTION("an explicit directory that does not exist") {
    CHECK_THAT(single_refusal(kRoot / "no-such-directory"), Catch::Contains("does not exist"));
  }
}

TEST_CASE("two third-party claims on a scheme are both refused, naming both files", "[registry][trust]") {
  const mstr::test::CapturedLog log("mstr.plugins");
  const fs::path counting = kRoot / "good-provider" / "counting-provider.so";
  const fs::path impostor = kRoot / "duplicate-scheme" / "duplicate-scheme.so";
  // Either order gives the same answer: the search order picks no winner.
  for (const auto& dirs : {std::vector<fs::path>{counting.parent_path(), impostor.parent_path()},
                           std::vector<fs::path>{impostor.parent_path(), counting.parent_path()}}) {
    const auto registry = PluginRegistry::discover(only(dirs));
    CHECK(registry->available().empty());
    CHECK(registry->provider_for("count") == nullptr);
    const auto refused = registry->refused();
    REQUIRE(refused.size() == 2);
    for (const auto& refusal : refused) {
      CHECK_THAT(refusal.reason, Catch::Contains("scheme 'count'"));
      CHECK_THAT(refusal.reason, Catch::Contains(counting.string()));
      CHECK_THAT(refusal.reason, Catch::Contains(impostor.string()));
      CHECK_THAT(refusal.reason, Catch::Contains("chosen_plugins"));
    }
  }
  const auto messages = log.messages();
  CHECK(std::any_of(messages.begin(), messages.end(), [&](const auto& message) {
    return message.first == Poco::Message::PRIO_WARNING &&
           message.second.find("scheme 'count'") != std::string::npos;
  }));
}

TEST_CASE("the host names the winner of a contested scheme", "[registry][trust]") {
  const fs::path counting = kRoot / "good-provider" / "counting-provider.so";
  const fs::path impostor = kRoot / "duplicate-scheme" / "duplicate-scheme.so";
  auto options = only({impostor.parent_path(), counting.parent_path()});
  options.chosen_plugins["count"] = counting;
  const auto registry = PluginRegistry::discover(options);
  REQUIRE(registry->available().size() == 1);
  CHECK(registry->available()[0].file == counting);
  REQUIRE(registry->refused().size() == 1);
  CHECK(registry->refused()[0].file == impostor);
  CHECK_THAT(registry->refused()[0].reason, Catch::Contains("is also claimed by " + counting.string()));
  try {
    fetch_field(registry->provider_for("count"), "refused");
    FAIL("expected a CredentialError");
  } catch (const mstr::CredentialError& e) {
    CHECK(e.provider() == "counting");
  }
  CHECK_FALSE(library_is_loaded(impostor));
}

TEST_CASE("two plugins with the same auth mode name are both refused, naming both files",
          "[registry][trust]") {
  mstr::test::TempDir copy_dir;
  const fs::path copy = copy_plugin(kRoot / "good-mode" / "test-auth-mode.so", copy_dir.path());
  const auto registry = PluginRegistry::discover(only({kRoot / "good-mode", copy_dir.path()}));
  CHECK(registry->available().empty());
  const auto refused = registry->refused();
  REQUIRE(refused.size() == 2);
  for (const auto& refusal : refused) {
    CHECK_THAT(refusal.reason, Catch::Contains("auth mode 'test-mode'"));
    CHECK_THAT(refusal.reason, Catch::Contains((kRoot / "good-mode" / "test-auth-mode.so").string()));
    CHECK_THAT(refusal.reason, Catch::Contains(copy.string()));
  }
}

TEST_CASE("unsafe permissions are refused unless the host allows them", "[registry][permissions]") {
  mstr::test::TempDir dir;
  const fs::path plugin = copy_plugin(kRoot / "good-provider" / "counting-provider.so", dir.path());

  SECTION("a group-writable file") {
    fs::permissions(plugin, fs::perms::group_write, fs::perm_options::add);
    CHECK_THAT(single_refusal(dir.path()), Catch::Contains("plugin file " + plugin.string() + ": " +
                                                           plugin.string() + " is writable by its group"));
  }
  SECTION("a world-writable file") {
    fs::permissions(plugin, fs::perms::others_write, fs::perm_options::add);
    CHECK_THAT(single_refusal(dir.path()), Catch::Contains("is writable by others"));
  }
  SECTION("a group-writable directory") {
    fs::permissions(dir.path(), fs::perms::group_write | fs::perms::group_exec, fs::perm_options::add);
    CHECK_THAT(single_refusal(dir.path()),
               Catch::Contains("plugin directory " + dir.path().string() + ": " + dir.path().string() +
                               " is writable by its group"));
  }
  SECTION("a file owned by another user") {
    if (::geteuid() != 0) {
      WARN("not root: cannot give a file to another user, ownership check not exercised");
      return;
    }
    REQUIRE(::chown(plugin.c_str(), 65534, 65534) == 0);
    CHECK_THAT(single_refusal(dir.path()), Catch::Contains("owned by uid 65534"));
  }
  SECTION("strict_permissions=false loads a group-writable file") {
    fs::permissions(plugin, fs::perms::group_write, fs::perm_options::add);
    auto options = only({dir.path()});
    options.strict_permissions = false;
    const auto registry = PluginRegistry::discover(options);
    CHECK(registry->refused().empty());
    CHECK(registry->provider_for("count") != nullptr);
  }
}

// Discovery checks the directories above many files once; each file is still judged on its own.
TEST_CASE("files sharing a directory are each checked for their own permissions and links",
          "[registry][permissions]") {
  mstr::test::TempDir root;
  const fs::path plugins = root.path() / "plugins";
  const fs::path open = root.path() / "open";
  fs::create_directory(plugins);
  fs::create_directory(open);
  fs::permissions(open, fs::perms::all);  // 0777, no sticky bit
  const fs::path good = copy_plugin(kRoot / "good-provider" / "counting-provider.so", plugins);
  const fs::path writable = copy_plugin(kRoot / "good-mode" / "test-auth-mode.so", plugins);
  fs::permissions(writable, fs::perms::group_write, fs::perm_options::add);
  const fs::path planted = copy_plugin(kRoot / "duplicate-scheme" / "duplicate-scheme.so", open);
  fs::create_symlink(planted, plugins / "zz-linked.so");

  const auto registry = PluginRegistry::discover(only({plugins}));
  REQUIRE(registry->available().size() == 1);
  CHECK(registry->available()[0].file == good);
  const auto refused = registry->refused();
  REQUIRE(refused.size() == 2);
  std::map<fs::path, std::string> reasons;
  for (const auto& refusal : refused) reasons[refusal.file] = refusal.reason;
  CHECK_THAT(reasons[writable], Catch::Contains(writable.string() + " is writable by its group"));
  CHECK_THAT(reasons[plugins / "zz-linked.so"], Catch::Contains("real path " + planted.string()));
  CHECK_THAT(
      reasons[plugins / "zz-linked.so"],
      Catch::Contains("its directory " + open.string() + " is writable by others without the sticky bit"));
}

TEST_CASE("only .so files are considered", "[registry]") {
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "README.txt", "not a plugin");
  mstr::test::write_file(dir.path() / "plugin.so.bak", "not a plugin either");
  copy_plugin(kRoot / "good-provider" / "counting-provider.so", dir.path());
  const auto registry = PluginRegistry::discover(only({dir.path()}));
  CHECK(registry->refused().empty());
  CHECK(registry->available().size() == 1);
}

TEST_CASE("exceptions from plugin calls become SDK errors carrying the plugin's name", "[registry]") {
  const auto registry = PluginRegistry::discover(only({kRoot / "good-provider"}));
  const auto provider = registry->provider_for("count");
  REQUIRE(provider != nullptr);

  SECTION("a std::exception") {
    try {
      fetch_field(provider, "explode");
      FAIL("expected a CredentialError");
    } catch (const mstr::CredentialError& e) {
      CHECK(e.provider() == "counting");
      CHECK_THAT(e.what(), Catch::Contains("'counting'"));
      CHECK_THAT(e.what(), Catch::Contains("the vault is on fire"));
    }
  }
  SECTION("something that is not an exception class") {
    CHECK_THROWS_AS(fetch_field(provider, "int"), mstr::CredentialError);
  }
  SECTION("an mstr::Error passes through unchanged") {
    CHECK_THROWS_WITH(fetch_field(provider, "refused"), "test vault refused 'refused'");
  }
}

TEST_CASE("handed-out objects keep their shared object loaded after the registry is gone",
          "[registry][lifetime]") {
  const fs::path file = kRoot / "good-provider" / "counting-provider.so";
  auto registry = PluginRegistry::discover(only({file.parent_path()}));
  auto provider = registry->provider_for("count");
  REQUIRE(provider != nullptr);
  registry.reset();
  CHECK(library_is_loaded(file));
  CHECK_THAT(fetch_field(provider, "a"), Catch::Contains(R"("fetches":1)"));
  provider.reset();
  CHECK_FALSE(library_is_loaded(file));
}

TEST_CASE("the search path: explicit directories, then MSTR_PLUGIN_PATH, then the default",
          "[registry][search]") {
  mstr::test::ScopedEnv env;
  env.set("MSTR_PLUGIN_PATH", (kRoot / "good-mode").string() + "::" + (kRoot / "good-provider").string());
  PluginSearchOptions options;
  options.directories = {kRoot / "once-provider"};
  const auto registry = PluginRegistry::discover(options);

  const auto& searched = registry->searched_directories();
  REQUIRE(searched.size() == 4);
  CHECK(searched[0] == kRoot / "once-provider");
  CHECK(searched[1] == kRoot / "good-mode");
  CHECK(searched[2] == kRoot / "good-provider");
  CHECK(fs::equivalent(searched[3], mstr::test::plugin_dir()));

  CHECK(registry->provider_for("count-once") != nullptr);
  CHECK(registry->provider_for("count") != nullptr);
  CHECK(registry->auth_mode("test-mode") != nullptr);
  // In the build tree the default directory is build/plugins/, with the built-in plugins.
  for (const char* mode : {"standard", "ldap", "identity", "api-key", "anonymous"}) {
    CHECK(registry->auth_mode(mode) != nullptr);
  }
  for (const char* scheme : {"env", "file", "stdin", "prompt"}) {
    CHECK(registry->provider_for(scheme) != nullptr);
  }
}

TEST_CASE("a directory reached twice is searched once", "[registry][search]") {
  const auto registry =
      PluginRegistry::discover(only({kRoot / "good-provider", kRoot / "good-provider" / "."}));
  CHECK(registry->searched_directories().size() == 1);
  CHECK(registry->refused().empty());
  CHECK(registry->available().size() == 1);
}
