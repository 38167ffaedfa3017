// mstr configure: from nothing to a working profile, with flags and on a terminal.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ChildProcessOptions config_home(const mstr::test::TempDir& dir, const std::string& password) {
  ChildProcessOptions options;
  options.env = {{"XDG_CONFIG_HOME", dir.path().string()}, {"P", password}};
  options.unset_env = {"MSTR_PROFILE", "MSTR_PLUGIN_PATH"};
  return options;
}

}  // namespace

TEST_CASE("mstr configure with flags writes a private profile, tests it with a login, and lists it", "[cli][configure]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto options = config_home(dir, "analyst-pass");
  const auto run = run_mstr({"configure", "--profile", "dev", "--base-url", mock.base_url(), "--username", "analyst",
                             "--password", "env:P"},
                            options);
  REQUIRE(run.exit_code == 0);
  const auto file = dir.path() / "mstr" / "config.json";
  CHECK(contains(run.out, "profile dev saved in " + file.string()));
  CHECK(contains(run.out, "logged in as analyst (standard)"));
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  const std::string saved = read_file(file);
  CHECK((contains(saved, "\"password\" : \"env:P\"") || contains(saved, "\"password\": \"env:P\"")));
  CHECK_FALSE(contains(saved, "analyst-pass"));
  // The test login logged out again.
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);

  // The profile is the default now.
  const auto whoami = run_mstr({"whoami", "--format", "csv"}, options);
  REQUIRE(whoami.exit_code == 0);
  CHECK(contains(whoami.out, "username,analyst"));

  const auto listed = run_mstr({"configure", "list", "--format", "csv"}, options);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out == "name,default,base_url,auth,username,secrets from\r\ndev,yes," + mock.base_url() +
                          ",,analyst,password env:...\r\n");

  SECTION("a password given as a value is refused and nothing is written") {
    mstr::test::TempDir other;
    const auto refused = run_mstr({"configure", "--base-url", mock.base_url(), "--username", "analyst", "--password",
                                   "analyst-pass"},
                                  config_home(other, "x"));
    CHECK(refused.exit_code == 2);
    CHECK_FALSE(contains(refused.err, "analyst-pass"));
    CHECK_FALSE(std::filesystem::exists(other.path() / "mstr" / "config.json"));
  }
  SECTION("without a terminal, the base URL is required") {
    mstr::test::TempDir other;
    const auto refused = run_mstr({"configure"}, config_home(other, "x"));
    CHECK(refused.exit_code == 2);
    CHECK(contains(refused.err, "configure needs --base-url URL"));
  }
}

TEST_CASE("mstr configure on a terminal asks, suggests the Library path and never stores a password",
          "[cli][configure]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  ChildProcessOptions options = config_home(dir, "analyst-pass");
  const std::string base = mock.base_url();
  const std::string host = base.substr(0, base.find("/MicroStrategyLibrary/"));
  // The URL without the Library path (accept the suggestion), the default mode, the user, a password
  // typed where a reference belongs (refused), then a reference.
  options.stdin_text = host + "/\n\n\nanalyst\nanalyst-pass\nenv:P\n";
  const auto run = mstr::test::run_mstr_on_terminal({"configure"}, options);
  const int status = run.exit_code;
  const std::string& shown = run.out;
  INFO(shown);
  CHECK(status == 0);
  CHECK(contains(shown, "use " + base + "?"));
  CHECK(contains(shown, "the server answers"));
  CHECK(contains(shown, "that is not a reference to a known scheme"));
  CHECK(contains(shown, "logged in as analyst (standard)"));
  const std::string saved = read_file(dir.path() / "mstr" / "config.json");
  CHECK(contains(saved, base));
  CHECK_FALSE(contains(saved, "analyst-pass"));
  CHECK(contains(saved, "env:P"));
}
