// The CLI's one login path (AuthenticatedSession): a session that ends in the middle of a command
// heals once and the command completes; a saved session is bound to its server; and the failures a
// person meets on the way each say what to do.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;
using namespace std::chrono_literals;

namespace {

ChildProcessOptions admin_env() {
  ChildProcessOptions options;
  options.env = {{"MSTR_TEST_USER", "administrator"}, {"MSTR_TEST_PASSWORD", "admin-pass"}};
  return options;
}

const std::vector<std::string> admin_flags = {"--username", "env:MSTR_TEST_USER", "--password", "env:MSTR_TEST_PASSWORD"};

std::vector<std::string> args(std::vector<std::string> first, const std::vector<std::string>& more) {
  first.insert(first.end(), more.begin(), more.end());
  return first;
}

// Expires every session on `server` once the command's `method path` request has arrived, while the
// mock's latency (1 s, far above this loop's 5 ms polling, so a loaded machine may stall the loop for
// most of it) holds that request before the session is checked: the session ends mid-command.
std::thread expire_when_requested(mstr::mock::MockServer& server, std::string method, std::string path) {
  return std::thread([&server, method = std::move(method), path = std::move(path)] {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (server.requests_to(method, path) == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    server.expire_all_sessions();
  });
}

}  // namespace

TEST_CASE("a session that expires in the middle of a command logs in again once and the command completes",
          "[cli][mock][healing]") {
  MockServerFixture mock;
  mock.server().set_latency(1000ms);
  std::thread expirer = expire_when_requested(mock.server(), "GET", "projects");
  const auto run = run_mstr(args({"--base-url", mock.base_url(), "projects"}, admin_flags), admin_env());
  expirer.join();
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("MicroStrategy Tutorial") != std::string::npos);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  CHECK(mock.server().requests_to("GET", "projects") == 2);  // refused, then replayed
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(free_of_default_secrets(run.out + run.err));
}

TEST_CASE("a saved session that ends in the middle of a command heals and the new one is saved", "[cli][mock][healing]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  const auto flags = args({"--base-url", mock.base_url(), "--session-file", session_file}, admin_flags);
  REQUIRE(run_mstr(args(flags, {"login"}), admin_env()).exit_code == 0);
  const std::string first = mstr::test::read_file(session_file);

  mock.server().set_latency(1000ms);
  std::thread expirer = expire_when_requested(mock.server(), "GET", "projects");
  const auto run = run_mstr(args(flags, {"projects"}), admin_env());
  expirer.join();
  REQUIRE(run.exit_code == 0);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 0);
  CHECK(mstr::test::read_file(session_file) != first);

  // The healed session is the one saved: the next command uses it without logging in.
  mock.server().set_latency(0ms);
  REQUIRE(run_mstr({"--session-file", session_file, "whoami"}).exit_code == 0);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
}

TEST_CASE("an expired saved session without credentials says so and how to log in again", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  REQUIRE(run_mstr(args({"--base-url", mock.base_url(), "--session-file", session_file, "login"}, admin_flags),
                   admin_env())
              .exit_code == 0);
  mock.server().expire_all_sessions();

  SECTION("with the server named but no credentials") {
    const auto run = run_mstr({"--base-url", mock.base_url(), "--session-file", session_file, "projects"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("has expired") != std::string::npos);
    CHECK(run.err.find("mstr login") != std::string::npos);
    CHECK(run.err.find("--password") != std::string::npos);
  }
  SECTION("with credentials but no server named: they are not sent to the server the file names") {
    const auto run = run_mstr(args({"--session-file", session_file, "projects"}, admin_flags), admin_env());
    CHECK(run.exit_code == 2);
    CHECK(run.err.find("has expired") != std::string::npos);
    CHECK(run.err.find("base URL") != std::string::npos);
  }
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);
}

TEST_CASE("a saved session of another server is not used, and the credentials go only to the configured one",
          "[cli][mock][security]") {
  MockServerFixture saved_server;
  MockServerFixture configured;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  REQUIRE(run_mstr(args({"--base-url", saved_server.base_url(), "--session-file", session_file, "login"}, admin_flags),
                   admin_env())
              .exit_code == 0);
  saved_server.server().reset_counters();

  const auto run = run_mstr(
      args({"--base-url", configured.base_url(), "--session-file", session_file, "projects"}, admin_flags), admin_env());
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("not used") != std::string::npos);
  CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  CHECK(saved_server.server().requests() == 0);
  CHECK(configured.server().requests_to("POST", "auth/login") == 1);
}

TEST_CASE("an --auth naming the saved session's mode uses the saved server", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  REQUIRE(run_mstr(args({"--base-url", mock.base_url(), "--session-file", session_file, "login"}, admin_flags),
                   admin_env())
              .exit_code == 0);
  const auto run = run_mstr({"--auth", "standard", "--session-file", session_file, "projects"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("MicroStrategy Tutorial") != std::string::npos);
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);

  SECTION("another mode logs in afresh on the saved session's server") {
    const auto other = run_mstr({"--auth", "anonymous", "--session-file", session_file, "projects"});
    CHECK(other.exit_code == 0);
    CHECK(other.out.find("MicroStrategy Tutorial") != std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  }
}

TEST_CASE("an --auth MODE after a login with --session-file logs in on the saved server", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "s.json").string();
  REQUIRE(run_mstr(args({"--base-url", mock.base_url(), "--session-file", session_file, "login"}, admin_flags),
                   admin_env())
              .exit_code == 0);
  const auto run = run_mstr({"--session-file", session_file, "--auth", "anonymous", "whoami", "--format", "json"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.find("base URL") == std::string::npos);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
  // The new session is the one saved: the next command resumes it without logging in.
  const auto again = run_mstr({"--session-file", session_file, "whoami", "--format", "json"});
  CHECK(again.exit_code == 0);
  CHECK(mock.server().requests_to("POST", "auth/login") == 2);
}

TEST_CASE("a refused standard login suggests --auth ldap", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions env;
  env.env = {{"MSTR_TEST_USER", "ldap-user"}, {"MSTR_TEST_PASSWORD", "ldap-pass"}};
  const auto refused = run_mstr(args({"--base-url", mock.base_url(), "whoami"}, admin_flags), env);
  CHECK(refused.exit_code == 4);
  CHECK(refused.err.find("--auth ldap") != std::string::npos);
  CHECK(free_of_default_secrets(refused.err));

  const auto ldap = run_mstr(args({"--base-url", mock.base_url(), "--auth", "ldap", "whoami"}, admin_flags), env);
  CHECK(ldap.exit_code == 0);
  CHECK(ldap.out.find("ldap-user") != std::string::npos);
}

TEST_CASE("every refused standard login suggests --auth ldap, and sends the password once", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions env;
  env.env = {{"MSTR_TEST_USER", "administrator"}, {"MSTR_TEST_PASSWORD", "not-the-password"}};
  for (const auto& mode : std::vector<std::vector<std::string>>{{}, {"--auth", "standard"}}) {
    CAPTURE(mode);
    mock.server().reset_counters();
    const auto refused = run_mstr(args(args({"--base-url", mock.base_url()}, mode), args(admin_flags, {"whoami"})), env);
    CHECK(refused.exit_code == 4);
    CHECK(refused.err.rfind("mstr: error: login failed: ERR003", 0) == 0);
    CHECK(refused.err.find("--auth ldap") != std::string::npos);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(refused.err.find("not-the-password") == std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  }
  // An LDAP login refused is not told to try LDAP.
  const auto ldap = run_mstr(args({"--base-url", mock.base_url(), "--auth", "ldap"}, args(admin_flags, {"whoami"})), env);
  CHECK(ldap.exit_code == 4);
  CHECK(ldap.err.find("--auth ldap") == std::string::npos);
}

TEST_CASE("a base URL without http:// or https:// says so", "[cli][mock]") {
  MockServerFixture mock;
  const std::string without_scheme = mock.base_url().substr(std::string("http://").size());
  const auto run = run_mstr(args({"--base-url", without_scheme, "projects"}, admin_flags), admin_env());
  CHECK(run.exit_code == 2);
  CHECK(run.err.find("https://") != std::string::npos);
  CHECK(mock.server().requests() == 0);
}
