// The CLI's share of the everyday-use options: MSTR_LOG_LEVEL, --proxy/--no-proxy and
// --connection-data, against the in-process mock server.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>

#include <catch2/catch.hpp>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::run_mstr;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

ChildProcessOptions administrator_env(const MockServerFixture& mock) {
  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "administrator"}, {"MSTR_PASSWORD", "admin-pass"}};
  return options;
}

const std::vector<std::string> kLogin = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME",
                                         "--password", "env:MSTR_PASSWORD"};

std::vector<std::string> with_login(std::vector<std::string> args) {
  std::vector<std::string> full = kLogin;
  full.insert(full.end(), args.begin(), args.end());
  return full;
}

}  // namespace

TEST_CASE("MSTR_LOG_LEVEL sets how much the CLI logs; a bad value is a usage error", "[cli][mock][logging]") {
  MockServerFixture mock;
  ChildProcessOptions quiet = administrator_env(mock);
  const auto plain = run_mstr(with_login({"projects"}), quiet);
  REQUIRE(plain.exit_code == 0);
  CHECK_FALSE(contains(plain.err, "mstr.http"));

  ChildProcessOptions debug = administrator_env(mock);
  debug.env["MSTR_LOG_LEVEL"] = "debug";
  const auto detailed = run_mstr(with_login({"projects"}), debug);
  REQUIRE(detailed.exit_code == 0);
  CHECK(contains(detailed.err, "[mstr.http]"));
  CHECK(free_of_default_secrets(detailed.err));

  ChildProcessOptions trace = administrator_env(mock);
  trace.env["MSTR_LOG_LEVEL"] = "TRACE";
  const auto traced = run_mstr(with_login({"whoami"}), trace);
  REQUIRE(traced.exit_code == 0);
  CHECK(free_of_default_secrets(traced.err));

  ChildProcessOptions bad = administrator_env(mock);
  bad.env["MSTR_LOG_LEVEL"] = "loud";
  const auto refused = run_mstr(with_login({"projects"}), bad);
  CHECK(refused.exit_code == 2);
  CHECK(contains(refused.err, "MSTR_LOG_LEVEL"));
}
