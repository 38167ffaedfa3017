// --session-file: created 0600, reused without a second login while valid, renewed after expiry,
// ended by logout, and never overwriting a file mstr did not write.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using mstr::test::ChildProcessOptions;
using mstr::test::credentials_env;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace fs = std::filesystem;

namespace {

std::vector<std::string> with_credentials(const MockServerFixture& mock, const std::string& session_file,
                                          const std::string& command) {
  return {"--base-url",        mock.base_url(), "--username",
          "env:MSTR_USERNAME", "--password",    "env:MSTR_PASSWORD",
          "--session-file",    session_file,    command};
}

}  // namespace

TEST_CASE("login saves a 0600 session file that later commands reuse without logging in", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();

  const auto login = run_mstr(with_credentials(mock, session_file, "login"), credentials_env());
  REQUIRE(login.exit_code == 0);
  CHECK(login.out.find("logged in as administrator (standard) on " + mock.base_url() + "; session saved in ") == 0);
  REQUIRE(fs::exists(session_file));
  CHECK((fs::status(session_file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(free_of_default_secrets(mstr::test::read_file(session_file)));
  // No temporary file is left beside it.
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);

  // No credentials and no base URL: both come from the session file.
  const auto projects = run_mstr({"--session-file", session_file, "projects"});
  REQUIRE(projects.exit_code == 0);
  CHECK(projects.out.find("MicroStrategy Tutorial") != std::string::npos);
  const auto whoami = run_mstr(with_credentials(mock, session_file, "whoami"), credentials_env());
  REQUIRE(whoami.exit_code == 0);

  CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 0);
  CHECK(mock.server().active_sessions() == 1);

  const auto logout = run_mstr({"--session-file", session_file, "logout"});
  REQUIRE(logout.exit_code == 0);
  CHECK(!fs::exists(session_file));
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("an expired saved session is replaced by a fresh login", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();

  REQUIRE(run_mstr(with_credentials(mock, session_file, "login"), credentials_env()).exit_code == 0);
  const std::string first = mstr::test::read_file(session_file);
  mock.server().expire_all_sessions();

  const auto run = run_mstr(with_credentials(mock, session_file, "projects"), credentials_env());
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("MicroStrategy Tutorial") != std::string::npos);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  CHECK(mstr::test::read_file(session_file) != first);
  CHECK((fs::status(session_file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));

  SECTION("after expiry without credentials, the saved mode asks for them instead of going anonymous") {
    mock.server().expire_all_sessions();
    const auto again = run_mstr({"--session-file", session_file, "projects"});
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("--username") != std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  }
}

TEST_CASE("a file that is not an mstr session file is refused and left alone", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto precious = dir.path() / "notes.json";
  mstr::test::write_file(precious, R"({"shopping": ["milk"]})");
  const auto run = run_mstr(with_credentials(mock, precious.string(), "projects"), credentials_env());
  REQUIRE(run.exit_code == 2);
  CHECK(run.err.find(precious.string()) != std::string::npos);
  CHECK(mstr::test::read_file(precious) == R"({"shopping": ["milk"]})");
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("logout without a saved session succeeds and sends nothing", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto run = run_mstr({"--session-file", (dir.path() / "none.json").string(), "logout"});
  REQUIRE(run.exit_code == 0);
  CHECK(mock.server().requests() == 0);
}
