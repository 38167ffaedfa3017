// The Debian packages CPack builds: their names, versions and dependencies, and a root made of them
// alone (`dpkg -x`, no dpkg database) in which `mstr` finds every plugin and logs in to the mock.
#include "command.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace fs = std::filesystem;
using mstr::test::run_command;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string control_field(const fs::path& package, const std::string& field) {
  const auto run = run_command("dpkg-deb", {"--field", package.string(), field});
  REQUIRE(run.exit_code == 0);
  return run.out.substr(0, run.out.find_last_not_of('\n') + 1);
}

}  // namespace

TEST_CASE("the Debian packages unpack into a working root", "[install][package]") {
  mstr::test::TempDir scratch;
  mstr::test::ChildProcessOptions in_scratch;
  in_scratch.work_dir = scratch.path();
  const auto cpack = run_command(MSTR_CPACK_COMMAND, {"-G", "DEB", "--config",
                                                      (mstr::test::build_dir() / "CPackConfig.cmake").string(), "-B",
                                                      (scratch.path() / "packages").string()},
                                 in_scratch);
  {
    INFO(cpack.out << cpack.err);
    REQUIRE(cpack.exit_code == 0);
  }

  std::map<std::string, fs::path> packages;
  for (const auto& entry : fs::directory_iterator(scratch.path() / "packages")) {
    if (entry.path().extension() == ".deb") packages[control_field(entry.path(), "Package")] = entry.path();
  }
  // A package per library, named after its SONAME, with its -dev package; then the plugins, the CLI,
  // the umbrella -dev and the cloud providers.
  const std::map<std::string, std::string> library_packages = {
      {"sdk", "libmstr-sdk2"}, {"core", "libmstr-core0.2"}, {"data", "libmstr-data0.2"}, {"admin", "libmstr-admin0.2"}};
  REQUIRE(packages.size() == 14);
  for (const auto& [name, file] : packages) {
    INFO(name);
    CHECK(control_field(file, "Version") == MSTR_PROJECT_VERSION);
    // Every package carries its copyright file.
    CHECK(contains(run_command("dpkg-deb", {"--contents", file.string()}).out, "./usr/share/doc/" + name + "/copyright"));
  }
  const auto listing_of = [&](const std::string& name) {
    REQUIRE(packages.count(name) == 1);
    return run_command("dpkg-deb", {"--contents", packages[name].string()}).out;
  };
  for (const auto& [library, package] : library_packages) {
    INFO(package);
    REQUIRE(packages.count(package) == 1);
    REQUIRE(packages.count("libmstr-" + library + "-dev") == 1);
    // A shlibs file names the package for the SONAME.
    const auto shlibs = run_command("dpkg-deb", {"--info", packages[package].string(), "shlibs"});
    CHECK(contains(shlibs.out, "libmstr-" + library + " "));
    CHECK(contains(shlibs.out, " " + package + " (= " MSTR_PROJECT_VERSION ")"));
    CHECK(contains(control_field(packages["libmstr-" + library + "-dev"], "Depends"),
                   package + " (= " MSTR_PROJECT_VERSION ")"));
    CHECK(contains(listing_of("libmstr-" + library + "-dev"), "./usr/lib/libmstr-" + library + ".so"));
  }
  CHECK(contains(listing_of("libmstr-sdk2"), "./usr/lib/libmstr-sdk.so.2"));
  CHECK(contains(listing_of("libmstr-core0.2"), "./usr/lib/libmstr-core.so.0.2"));
  CHECK(contains(listing_of("libmstr-data0.2"), "./usr/lib/libmstr-data.so.0.2"));
  // The SDK's packages bring nothing but the standard library: all a plugin author installs.
  const std::string sdk_depends = control_field(packages["libmstr-sdk2"], "Depends");
  CHECK_FALSE(contains(sdk_depends, "poco"));
  CHECK_FALSE(contains(sdk_depends, "boost"));
  const std::string sdk_dev_depends = control_field(packages["libmstr-sdk-dev"], "Depends");
  CHECK_FALSE(contains(sdk_dev_depends, "poco"));
  CHECK_FALSE(contains(sdk_dev_depends, "boost"));
  CHECK_FALSE(contains(sdk_dev_depends, "libmstr-core"));
  const auto sdk_dev_listing = listing_of("libmstr-sdk-dev");
  CHECK(contains(sdk_dev_listing, "./usr/include/mstr/sdk/plugin.hpp"));
  CHECK(contains(sdk_dev_listing, "./usr/lib/cmake/mstr-rest/mstr-rest-config.cmake"));
  CHECK(contains(sdk_dev_listing, "./usr/lib/cmake/mstr-rest/MstrAddPlugin.cmake"));
  CHECK(contains(sdk_dev_listing, "./usr/lib/pkgconfig/mstr-rest-sdk.pc"));
  CHECK_FALSE(contains(sdk_dev_listing, "session.hpp"));
  CHECK(contains(listing_of("libmstr-core-dev"), "./usr/include/mstr/session.hpp"));

  const std::string sdk_dependency = "libmstr-sdk2 (= " MSTR_PROJECT_VERSION ")";
  for (const char* name : {"mstr-rest-plugins", "mstr-rest-aws", "mstr-rest-azure", "mstr-rest-gcp"}) {
    INFO(name);
    REQUIRE(packages.count(name) == 1);
    CHECK(contains(control_field(packages[name], "Depends"), sdk_dependency));
  }
  CHECK(contains(control_field(packages["mstr-rest-cli"], "Depends"), "libmstr-data0.2 (= " MSTR_PROJECT_VERSION ")"));
  // A library package names the library packages below it, which dpkg-shlibdeps cannot.
  CHECK(contains(control_field(packages["libmstr-core0.2"], "Depends"), sdk_dependency));
  CHECK(contains(control_field(packages["libmstr-data0.2"], "Depends"), "libmstr-core0.2 (= " MSTR_PROJECT_VERSION ")"));
  // Computed from what the files link: the core needs POCO's network and crypto parts, never Util,
  // and JWT or XML only where a cloud provider uses them.
  const std::string core_depends = control_field(packages["libmstr-core0.2"], "Depends");
  INFO(core_depends);
  for (const char* needed : {"libpocofoundation80", "libpoconet80", "libpocojson80", "libboost-filesystem1.74.0"}) {
    CHECK(contains(core_depends, needed));
  }
  for (const char* unused : {"libpocoutil", "libpocojwt", "libpocoxml"}) CHECK_FALSE(contains(core_depends, unused));
  for (const char* name : {"mstr-rest-cli", "mstr-rest-aws", "mstr-rest-azure", "mstr-rest-gcp"}) {
    CHECK_FALSE(contains(control_field(packages[name], "Depends"), "libpocoutil"));
  }

  const auto plugins_listing = listing_of("mstr-rest-plugins");
  CHECK(contains(plugins_listing, "./usr/lib/mstr/plugins/mstr-auth-standard.so"));
  CHECK_FALSE(contains(plugins_listing, "./usr/bin/mstr"));
  const auto cli_listing = listing_of("mstr-rest-cli");
  CHECK(contains(cli_listing, "./usr/bin/mstr\n"));
  CHECK(contains(cli_listing, "./usr/share/man/man1/mstr.1.gz"));
  CHECK_FALSE(contains(cli_listing, "libmstr-core"));
  const auto listing = listing_of("mstr-rest-aws");
  CHECK(contains(listing, "./usr/lib/mstr/plugins/mstr-provider-aws.so"));
  CHECK_FALSE(contains(listing, "mstr-provider-gcp.so"));

  // Debian's own checker, when it is installed (scripts/setup.sh installs it): no errors on any
  // package; every warning left is overridden, with its reason, in cmake/lintian-overrides/.
  if (fs::exists("/usr/bin/lintian")) {
    for (const auto& [name, file] : packages) {
      INFO(name);
      const auto checked = run_command("lintian", {"--no-tag-display-limit", file.string()});
      INFO(checked.out << checked.err);
      CHECK_FALSE(contains(checked.out, "\nE: "));
      CHECK_FALSE(checked.out.rfind("E: ", 0) == 0);
      CHECK_FALSE(contains(checked.out, "W: "));
    }
  } else {
    WARN("lintian is not installed: the packages were not checked by it (scripts/setup.sh installs it)");
  }

  const fs::path root = scratch.path() / "root";
  for (const auto& [name, file] : packages) {
    const auto unpacked = run_command("dpkg", {"-x", file.string(), root.string()});
    INFO(name << ": " << unpacked.err);
    REQUIRE(unpacked.exit_code == 0);
  }

  mstr::test::ChildProcessOptions options;
  options.unset_env = {"MSTR_PLUGIN_PATH", "LD_LIBRARY_PATH"};
  const std::string mstr = (root / "usr/bin/mstr").string();
  const auto plugins = run_command(mstr, {"plugins", "--format", "table"}, options);
  INFO(plugins.out << plugins.err);
  REQUIRE(plugins.exit_code == 0);
  CHECK(contains(plugins.out, (root / "usr/lib/mstr/plugins").string()));
  for (const char* plugin : {"mstr-auth-standard.so", "mstr-auth-api-key.so", "mstr-provider-env.so",
                             "mstr-provider-aws.so", "mstr-provider-azure.so", "mstr-provider-gcp.so"}) {
    CHECK(contains(plugins.out, plugin));
  }
  CHECK_FALSE(contains(plugins.out, "\nrefused "));

  mstr::test::MockServerFixture mock;
  options.env = {{"MSTR_TEST_USER", "analyst"}, {"MSTR_TEST_PASSWORD", "analyst-pass"}};
  const auto whoami = run_command(mstr, {"--base-url", mock.base_url(), "--username", "env:MSTR_TEST_USER",
                                         "--password", "env:MSTR_TEST_PASSWORD", "whoami"},
                                  options);
  INFO(whoami.out << whoami.err);
  CHECK(whoami.exit_code == 0);
  CHECK(contains(whoami.out, "analyst"));

  const auto version = run_command(mstr, {"--version"}, options);
  CHECK(version.out == "mstr " MSTR_PROJECT_VERSION "\n");
}
