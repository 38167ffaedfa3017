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
  const std::string library_package = "libmstr-rest0.2";  // after the SONAME, libmstr-core.so.0.2
  REQUIRE(packages.size() == 6);
  for (const auto& [name, file] : packages) {
    INFO(name);
    CHECK(control_field(file, "Version") == MSTR_PROJECT_VERSION);
    // Every package carries its copyright file.
    CHECK(contains(run_command("dpkg-deb", {"--contents", file.string()}).out, "./usr/share/doc/" + name + "/copyright"));
  }
  const std::string library_dependency = library_package + " (= " MSTR_PROJECT_VERSION ")";
  for (const char* name : {"mstr-rest-cli", "mstr-rest-dev", "mstr-rest-aws", "mstr-rest-azure", "mstr-rest-gcp"}) {
    INFO(name);
    REQUIRE(packages.count(name) == 1);
    CHECK(contains(control_field(packages[name], "Depends"), library_dependency));
  }
  REQUIRE(packages.count(library_package) == 1);
  // Computed from what the files link: the libraries need POCO's network and crypto parts, never
  // Util, and JWT or XML only where a cloud provider uses them.
  const std::string library_depends = control_field(packages[library_package], "Depends");
  INFO(library_depends);
  for (const char* needed : {"libpocofoundation80", "libpoconet80", "libpocojson80", "libboost-filesystem1.74.0"}) {
    CHECK(contains(library_depends, needed));
  }
  for (const char* unused : {"libpocoutil", "libpocojwt", "libpocoxml"}) CHECK_FALSE(contains(library_depends, unused));
  for (const char* name : {"mstr-rest-cli", "mstr-rest-aws", "mstr-rest-azure", "mstr-rest-gcp"}) {
    CHECK_FALSE(contains(control_field(packages[name], "Depends"), "libpocoutil"));
  }

  const auto library_listing = run_command("dpkg-deb", {"--contents", packages[library_package].string()});
  CHECK(contains(library_listing.out, "./usr/lib/libmstr-core.so.0.2"));
  CHECK(contains(library_listing.out, "./usr/lib/libmstr-data.so.0.2"));
  CHECK(contains(library_listing.out, "./usr/lib/mstr/plugins/mstr-auth-standard.so"));
  CHECK_FALSE(contains(library_listing.out, "./usr/bin/mstr"));
  const auto cli_listing = run_command("dpkg-deb", {"--contents", packages["mstr-rest-cli"].string()});
  CHECK(contains(cli_listing.out, "./usr/bin/mstr\n"));
  CHECK(contains(cli_listing.out, "./usr/share/man/man1/mstr.1.gz"));
  CHECK_FALSE(contains(cli_listing.out, "libmstr-core"));
  const auto listing = run_command("dpkg-deb", {"--contents", packages["mstr-rest-aws"].string()});
  CHECK(contains(listing.out, "./usr/lib/mstr/plugins/mstr-provider-aws.so"));
  CHECK_FALSE(contains(listing.out, "mstr-provider-gcp.so"));
  const auto dev_listing = run_command("dpkg-deb", {"--contents", packages["mstr-rest-dev"].string()});
  CHECK(contains(dev_listing.out, "./usr/include/mstr/sdk/plugin.hpp"));
  CHECK(contains(dev_listing.out, "./usr/lib/cmake/mstr-rest/mstr-rest-config.cmake"));

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
