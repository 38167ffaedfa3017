// Each mstr command against the in-process mock Library server, and the exit codes of server and
// network failures.
#include "cli_runner.hpp"

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <chrono>

using mstr::test::ChildProcessOptions;
using mstr::test::free_of_default_secrets;
using mstr::test::MockServerFixture;
using mstr::test::ProgramRun;
using mstr::test::run_mstr;

namespace {

ChildProcessOptions administrator_env(const MockServerFixture& mock) {
  return mstr::test::account_env(mock.base_url(), "administrator", "admin-pass");
}

ProgramRun run_as_administrator(const MockServerFixture& mock, std::vector<std::string> args) {
  const auto run = run_mstr(mstr::test::with_account_flags(std::move(args)), administrator_env(mock));
  CHECK(free_of_default_secrets(run.out));
  CHECK(free_of_default_secrets(run.err));
  return run;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("mstr projects lists both projects and logs out afterwards", "[cli][mock]") {
  MockServerFixture mock;
  const auto run = run_as_administrator(mock, {"projects", "--format", "table"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());
  CHECK(contains(run.out, "B19DEDCC11D4E0EFC000EB9495D0F44F  MicroStrategy Tutorial\n"));
  CHECK(contains(run.out, "4BAE16A340B995CAD24193AA3AC15D29  Human Resources Analysis Module\n"));
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  CHECK(mock.server().requests_to("POST", "auth/logout") == 1);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("mstr whoami prints the user as JSON", "[cli][mock]") {
  MockServerFixture mock;
  const auto run = run_as_administrator(mock, {"whoami"});
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "\"username\": \"administrator\""));
  CHECK(contains(run.out, "\"fullName\": \"Administrator\""));
}

TEST_CASE("mstr session info and session extend", "[cli][mock]") {
  MockServerFixture mock;
  const auto info = run_as_administrator(mock, {"session", "info"});
  REQUIRE(info.exit_code == 0);
  CHECK(contains(info.out, "{"));
  CHECK(mock.server().requests_to("GET", "sessions") == 1);

  const auto extend = run_as_administrator(mock, {"session", "extend"});
  REQUIRE(extend.exit_code == 0);
  CHECK(extend.out == "session extended\n");
  CHECK(mock.server().requests_to("PUT", "sessions") == 1);
}

TEST_CASE("mstr identity-token prints a token another invocation can delegate with", "[cli][mock]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const std::string session_file = (dir.path() / "session.json").string();
  // The session file keeps the token's owner logged in while the delegate uses it.
  const auto created = run_as_administrator(mock, {"--session-file", session_file, "identity-token"});
  REQUIRE(created.exit_code == 0);
  REQUIRE(created.out.size() > 1);
  const std::string token = created.out.substr(0, created.out.size() - 1);
  CHECK(token.find('\n') == std::string::npos);

  ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_IDENTITY_TOKEN", token}};
  const auto logouts_before = mock.server().requests_to("POST", "auth/logout");
  const auto delegated =
      run_mstr({"--base-url", "env:MSTR_BASE_URL", "--identity-token", "env:MSTR_IDENTITY_TOKEN", "whoami"}, options);
  REQUIRE(delegated.exit_code == 0);
  CHECK(contains(delegated.out, "\"username\": \"administrator\""));
  CHECK(mock.server().requests_to("POST", "auth/delegate") == 1);
  // A delegated session belongs to the token's owner: the CLI does not log it out.
  CHECK(mock.server().requests_to("POST", "auth/logout") == logouts_before);
  CHECK(!contains(delegated.err, token));
}

TEST_CASE("mstr request prints JSON bodies indented and sends headers, data and project", "[cli][mock]") {
  MockServerFixture mock;

  SECTION("GET status, a path with a leading slash") {
    const auto run = run_as_administrator(mock, {"request", "get", "/status"});
    REQUIRE(run.exit_code == 0);
    CHECK(contains(run.out, "{\n  \"webVersion\": \"11.3.1200.0000\""));
  }

  SECTION("--header, --data and --project-id reach the server") {
    mstr::test::TempDir dir;
    mstr::test::write_file(dir.path() / "body.json", R"({"query": "revenue"})");
    const auto run = run_as_administrator(
        mock, {"request", "POST", "mock/echo", "--header", "X-Trace-Id: abc123", "--data",
               "@" + (dir.path() / "body.json").string(), "--project-id", "B19DEDCC11D4E0EFC000EB9495D0F44F"});
    REQUIRE(run.exit_code == 0);
    CHECK(contains(run.out, "\"x-trace-id\": \"abc123\""));
    CHECK(contains(run.out, "revenue"));
    CHECK(contains(run.out, "\"projectId\": \"B19DEDCC11D4E0EFC000EB9495D0F44F\""));
    CHECK(contains(run.out, "\"authenticated\": true"));
  }

  SECTION("--project looks the project up by name") {
    const auto run = run_as_administrator(
        mock, {"request", "GET", "searches/results", "--project", "Human Resources Analysis Module"});
    REQUIRE(run.exit_code == 0);
    CHECK(contains(run.out, "\"totalItems\": 0"));
  }

  SECTION("an unknown project name exits 5 and lists the projects") {
    const auto run = run_as_administrator(mock, {"request", "GET", "searches/results", "--project", "Nope"});
    REQUIRE(run.exit_code == 5);
    CHECK(contains(run.err, "MicroStrategy Tutorial"));
  }

  SECTION("--data that is not JSON is a usage error before any request") {
    const auto run = run_as_administrator(mock, {"request", "POST", "mock/echo", "--data", "{not json"});
    REQUIRE(run.exit_code == 2);
    CHECK(mock.server().requests() == 0);
  }
}

TEST_CASE("a server error response exits 5 with the code, ticket and status", "[cli][mock]") {
  MockServerFixture mock;
  const auto run = run_as_administrator(mock, {"request", "GET", "no/such/endpoint"});
  REQUIRE(run.exit_code == 5);
  CHECK(run.out.empty());
  CHECK(contains(run.err, "ERR004"));
  CHECK(contains(run.err, "HTTP 404"));
  CHECK(contains(run.err, "ticketId "));
  CHECK(run.err.find('\n') == run.err.size() - 1);
  // The command failed, but the session it opened was still closed.
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("a refused connection exits 6", "[cli]") {
  const int port = mstr::test::unused_loopback_port();
  const auto run = run_mstr({"--base-url", "http://127.0.0.1:" + std::to_string(port) + "/MicroStrategyLibrary/api/",
                             "request", "GET", "status"});
  REQUIRE(run.exit_code == 6);
  CHECK(run.out.empty());
  CHECK(run.err.rfind("mstr: error: ", 0) == 0);
}

TEST_CASE("a server slower than --timeout exits 6", "[cli][mock]") {
  MockServerFixture mock;
  mock.server().set_latency(std::chrono::milliseconds(3000));
  // Without the timeout the answer comes after 3 s and mstr exits 0: the exit code is the verdict.
  const auto run = run_mstr({"--base-url", mock.base_url(), "--timeout", "0.5", "request", "GET", "status"});
  REQUIRE(run.exit_code == 6);
}

TEST_CASE("mstr --verbose logs to stderr without secrets", "[cli][mock]") {
  MockServerFixture mock;
  const auto run = run_as_administrator(mock, {"--verbose", "projects"});
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.err, "mstr: "));
  CHECK(contains(run.out, "MicroStrategy Tutorial"));
}
