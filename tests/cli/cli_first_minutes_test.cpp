// What a person new to mstr meets first: a user name typed as itself, and a base URL that stops at
// the host.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

ChildProcessOptions password_env(const std::string& password) {
  ChildProcessOptions options;
  options.env = {{"P", password}, {"WHO", "analyst"}};
  return options;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "http://127.0.0.1:PORT/" from the mock's full base URL.
std::string host_only(const MockServerFixture& mock) {
  const std::string base = mock.base_url();
  return base.substr(0, base.find("/MicroStrategyLibrary/"));
}

}  // namespace

TEST_CASE("a user name is taken as itself and a reference to a known scheme is resolved", "[cli][first-minutes]") {
  MockServerFixture mock;
  const auto plain = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:P", "whoami",
                               "--format", "csv"},
                              password_env("analyst-pass"));
  REQUIRE(plain.exit_code == 0);
  CHECK(contains(plain.out, "username,analyst"));
  const auto referenced = run_mstr({"--base-url", mock.base_url(), "--username", "env:WHO", "--password", "env:P",
                                    "whoami", "--format", "csv"},
                                   password_env("analyst-pass"));
  REQUIRE(referenced.exit_code == 0);
  CHECK(contains(referenced.out, "username,analyst"));
  SECTION("a password is still a reference only") {
    mock.server().reset_counters();
    const auto refused = run_mstr({"--base-url", mock.base_url(), "--username", "analyst", "--password",
                                   "analyst-pass", "whoami"});
    CHECK(refused.exit_code == 2);
    CHECK_FALSE(contains(refused.err, "analyst-pass"));
    CHECK(mock.server().requests() == 0);
  }
}

TEST_CASE("a base URL that stops at the host logs in at the Library path and a wrong one says where it lives",
          "[cli][first-minutes]") {
  MockServerFixture mock;
  const auto found = run_mstr({"--base-url", host_only(mock) + "/", "--username", "analyst", "--password", "env:P",
                               "projects", "--format", "csv", "--verbose"},
                              password_env("analyst-pass"));
  REQUIRE(found.exit_code == 0);
  CHECK(contains(found.out, "MicroStrategy Tutorial"));
  CHECK(contains(found.err, "answered 404; trying " + host_only(mock) + "/MicroStrategyLibrary/api/"));
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);

  const auto lost = run_mstr({"--base-url", host_only(mock) + "/somewhere", "--username", "analyst", "--password",
                              "env:P", "projects"},
                             password_env("analyst-pass"));
  CHECK(lost.exit_code == 4);
  CHECK(contains(lost.err, "Library URLs end in /MicroStrategyLibrary/api/"));
  CHECK_FALSE(contains(lost.err, "analyst-pass"));
  SECTION("a refused password at the Library path is that refusal, exit 4 with its own words") {
    const auto refused = run_mstr({"--base-url", host_only(mock), "--username", "analyst", "--password", "env:P",
                                   "projects"},
                                  password_env("wrong"));
    CHECK(refused.exit_code == 4);
    CHECK(contains(refused.err, "ERR003"));
    CHECK_FALSE(contains(refused.err, "Library URLs end in"));
  }
}
