// The secret cache through the mstr CLI: a password rotated at the vault is picked up within one
// command, and MSTR_SECRET_TTL / MSTR_SECRET_STALE_GRACE are checked before anything is sent.

#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The scripted test provider of tests/core: `scripted:FILE` answers as FILE's first line says.
struct ScriptedLogin {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  std::filesystem::path secret = dir.path() / "password";

  std::vector<std::string> whoami() const {
    return {"--plugin-dir", (mstr::test::build_dir() / "tests/core/scripted-provider").string(),
            "--base-url",   mock.base_url(),
            "--username",   "env:MSTR_TEST_USER",
            "--password",   "scripted:" + secret.string() + "#value",
            "whoami"};
  }
  ChildProcessOptions env(std::map<std::string, std::string> extra = {}) const {
    ChildProcessOptions options;
    options.env = {{"MSTR_TEST_USER", "analyst"}};
    options.env.merge(extra);
    return options;
  }
};

}  // namespace

TEST_CASE("mstr picks up a password rotated at the vault within one command", "[cli][mock][secrets]") {
  ScriptedLogin login;
  // The first fetch answers the password from before the rotation; the server refuses it, mstr
  // fetches again, gets the new one and logs in with it.
  mstr::test::write_file(login.secret, "values:analyst-pass-before-rotation,analyst-pass\n");
  const auto run = run_mstr(login.whoami(), login.env());
  CHECK(run.exit_code == 0);
  CHECK(contains(run.out, "analyst"));
  CHECK(login.mock.server().requests_to("POST", "auth/login") == 2);
  CHECK_FALSE(contains(run.out + run.err, "analyst-pass"));

  // Without a change at the vault the refused password is not sent again: exit 4, one login.
  login.mock.server().reset_counters();
  mstr::test::write_file(login.secret, "value:still-wrong\n");
  const auto refused = run_mstr(login.whoami(), login.env());
  CHECK(refused.exit_code == 4);
  CHECK(login.mock.server().requests_to("POST", "auth/login") == 1);
  CHECK_FALSE(contains(refused.out + refused.err, "still-wrong"));
}

TEST_CASE("MSTR_SECRET_TTL and MSTR_SECRET_STALE_GRACE take seconds, and a bad value is a usage error",
          "[cli][mock][secrets]") {
  ScriptedLogin login;
  mstr::test::write_file(login.secret, "value:analyst-pass\n");
  CHECK(run_mstr(login.whoami(), login.env({{"MSTR_SECRET_TTL", "0"}, {"MSTR_SECRET_STALE_GRACE", "2.5"}}))
            .exit_code == 0);

  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"MSTR_SECRET_TTL", "ten"},
                                                        {"MSTR_SECRET_TTL", "-1"},
                                                        {"MSTR_SECRET_STALE_GRACE", "0.0001"},
                                                        {"MSTR_SECRET_STALE_GRACE", "86401"}}) {
    login.mock.server().reset_counters();
    const auto run = run_mstr(login.whoami(), login.env({{name, value}}));
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, name + " takes a number of seconds 0 (off) or from 0.001 to 86400"));
    CHECK(login.mock.server().requests_to("POST", "auth/login") == 0);
  }
}
