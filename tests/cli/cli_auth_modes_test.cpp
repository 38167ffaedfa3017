// Every auth mode through the CLI, with credentials from env: and file: references, and the exit
// code of a refused login.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <mstr/session.hpp>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

struct ModeCase {
  std::string mode;
  std::string expected_user;
  std::vector<std::pair<std::string, std::string>> credentials;  // option -> secret
  bool logs_out = true;
};

// The credentials as env: references (kind "env") or file: references to 0600 files (kind "file").
std::vector<std::string> credential_args(const ModeCase& mode, const std::string& kind, const mstr::test::TempDir& dir,
                                         ChildProcessOptions& options) {
  std::vector<std::string> args;
  int index = 0;
  for (const auto& [option, secret] : mode.credentials) {
    const std::string name = "MSTR_TEST_CREDENTIAL_" + std::to_string(index++);
    if (kind == "env") {
      options.env[name] = secret;
      args.insert(args.end(), {option, "env:" + name});
    } else {
      const auto file = dir.path() / name;
      mstr::test::write_file(file, secret + "\n");
      args.insert(args.end(), {option, "file:" + file.string()});
    }
  }
  return args;
}

std::string new_identity_token(const MockServerFixture& mock) {
  mstr::Session owner(mock.base_url());
  mstr::LoginParams params;
  params.username = mstr::SecretValue("administrator");
  params.password = mstr::SecretValue("admin-pass");
  owner.login(params);
  return std::string(owner.create_identity_token().reveal());
}

}  // namespace

TEST_CASE("every auth mode logs in and out through the CLI with env: and file: references", "[cli][mock]") {
  const std::string kind = GENERATE(std::string("env"), std::string("file"));
  MockServerFixture mock;
  mstr::test::TempDir dir;

  std::vector<ModeCase> modes = {
      {"standard", "administrator", {{"--username", "administrator"}, {"--password", "admin-pass"}}},
      {"ldap", "ldap-user", {{"--username", "ldap-user"}, {"--password", "ldap-pass"}}},
      {"api-key", "analyst", {{"--api-key", "api-token-analyst"}}},
      {"anonymous", "", {}},
      {"identity", "administrator", {{"--identity-token", new_identity_token(mock)}}, false},
  };
  for (const auto& mode : modes) {
    CAPTURE(kind, mode.mode);
    ChildProcessOptions options;
    std::vector<std::string> args = {"--base-url", mock.base_url(), "--auth", mode.mode};
    const auto credentials = credential_args(mode, kind, dir, options);
    args.insert(args.end(), credentials.begin(), credentials.end());
    args.push_back("whoami");

    const auto logins_before = mock.server().requests_to("POST", "auth/login") +
                               mock.server().requests_to("POST", "auth/delegate");
    const auto logouts_before = mock.server().requests_to("POST", "auth/logout");
    const auto run = run_mstr(args, options);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    if (!mode.expected_user.empty()) CHECK(run.out.find("\"" + mode.expected_user + "\"") != std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") + mock.server().requests_to("POST", "auth/delegate") ==
          logins_before + 1);
    CHECK(mock.server().requests_to("POST", "auth/logout") == logouts_before + (mode.logs_out ? 1 : 0));
    CHECK(free_of_default_secrets(run.out));
    CHECK(free_of_default_secrets(run.err));
  }
}

TEST_CASE("the auth mode is inferred from the credentials given", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_API_KEY", "api-token-analyst"}};
  const auto run = run_mstr({"--base-url", mock.base_url(), "--api-key", "env:MSTR_API_KEY", "whoami"}, options);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("\"analyst\"") != std::string::npos);
}

TEST_CASE("a wrong password exits 4 without echoing any credential", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "wrong-password-42"}};
  const auto run = run_mstr(
      {"--base-url", mock.base_url(), "--username", "env:MSTR_USERNAME", "--password", "env:MSTR_PASSWORD", "projects"},
      options);
  REQUIRE(run.exit_code == 4);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("mstr: error: login failed: ERR003", 0) == 0);
  CHECK(run.err.find("wrong-password-42") == std::string::npos);
  CHECK(run.err.find('\n') == run.err.size() - 1);
}

TEST_CASE("a disabled anonymous login exits 4", "[cli][mock]") {
  auto server_options = mstr::mock::MockServerOptions::defaults();
  server_options.anonymous_enabled = false;
  MockServerFixture mock(server_options);
  const auto run = run_mstr({"--base-url", mock.base_url(), "projects"});
  REQUIRE(run.exit_code == 4);
}

TEST_CASE("a mode's missing required credential is a usage error before any request", "[cli][mock]") {
  MockServerFixture mock;
  ChildProcessOptions options;
  options.env = {{"MSTR_USERNAME", "administrator"}};
  const auto run =
      run_mstr({"--base-url", mock.base_url(), "--auth", "ldap", "--username", "env:MSTR_USERNAME", "projects"}, options);
  REQUIRE(run.exit_code == 2);
  CHECK(run.err.find("--password") != std::string::npos);
  CHECK(mock.server().requests() == 0);
}
