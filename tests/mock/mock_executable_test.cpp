// The mstr-mock-server executable: first output line, admin endpoints, shutdown, bad arguments.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <signal.h>

#include <catch2/catch.hpp>

#include "raw_client.hpp"
#include "test_support/child_process.hpp"
#include "test_support/paths.hpp"
#include "test_support/temp_dir.hpp"
#include "test_support/test_certificates.hpp"

using mstr::test::ChildProcess;
using mstr::test::RawClient;
using mstr::test::RawResponse;

namespace {

std::string server_program() { return (mstr::test::build_dir() / "bin" / "mstr-mock-server").string(); }

RawClient client_for(const std::string& base_url) {
  Poco::URI uri(base_url);
  return RawClient(std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort()));
}

}  // namespace

TEST_CASE("the executable prints its base URL first, serves, and stops cleanly on SIGTERM", "[mock][exe]") {
  ChildProcess server(server_program(), {"--port", "0", "--session-timeout", "30"});
  std::string url = server.wait_for_first_line(std::chrono::seconds(10));
  CHECK_THAT(url, Catch::Matches(R"(http://127\.0\.0\.1:[0-9]+/MicroStrategyLibrary/api/)"));

  RawClient client = client_for(url);
  client.login_standard();
  RawResponse info = client.send("GET", "sessions");
  CHECK(info.status == 200);
  CHECK_THAT(info.body, Catch::Contains("\"timeout\":30"));

  RawClient admin = client_for(url);
  admin.send_auth = false;
  CHECK(admin.send("POST", "/__mock/faults", R"({"fail":{"count":1,"status":503}})").status == 204);
  CHECK(client.send("GET", "projects").status == 503);
  CHECK(client.send("GET", "projects").status == 200);
  RawResponse stats = admin.send("GET", "/__mock/stats");
  CHECK_THAT(stats.body, Catch::Contains("\"GET projects\":2"));

  server.signal(SIGTERM);
  CHECK(server.wait(std::chrono::seconds(10)) == 0);
  CHECK_THAT(server.stderr_text(), Catch::Contains("POST /MicroStrategyLibrary/api/auth/login -> 204"));
  // Requests are logged, their credentials never.
  CHECK_THAT(server.stderr_text(), !Catch::Contains("admin-pass") && !Catch::Contains(client.token));
}

TEST_CASE("the executable stops on SIGINT and honours --no-anonymous and --users", "[mock][exe]") {
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "users.json", R"({"users":[{"username":"bob","password":"bob-pw"}]})");
  ChildProcess server(server_program(), {"--no-anonymous", "--users", (dir.path() / "users.json").string()});
  RawClient client = client_for(server.wait_for_first_line(std::chrono::seconds(10)));
  CHECK(client.send("POST", "auth/login", R"({"loginMode":8})").status == 401);
  CHECK(client.send("POST", "auth/login", R"({"username":"bob","password":"bob-pw"})").status == 204);
  CHECK(client.send("POST", "auth/login", R"({"username":"administrator","password":"admin-pass"})").status == 401);
  server.signal(SIGINT);
  CHECK(server.wait(std::chrono::seconds(10)) == 0);
}

TEST_CASE("the executable serves HTTPS with given certificate files", "[mock][exe]") {
  const auto& certificates = mstr::test::TestCertificates::get();
  ChildProcess server(server_program(), {"--https", "--cert", certificates.server_cert.string(), "--key",
                                         certificates.server_key.string()});
  CHECK_THAT(server.wait_for_first_line(std::chrono::seconds(10)), Catch::StartsWith("https://127.0.0.1:"));
}

TEST_CASE("the executable rejects bad arguments with a message and a non-zero exit", "[mock][exe]") {
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--host", "0.0.0.0"}, 1, "not a loopback"},
      {{"--port", "70000"}, 2, "--port"},
      {{"--port"}, 2, "needs a value"},
      {{"--bogus"}, 2, "unknown argument"},
      {{"--session-timeout", "soon"}, 2, "--session-timeout"},
      {{"--users", "/nonexistent/users.json"}, 1, "/nonexistent/users.json"},
      {{"--https"}, 1, "certificate"},
      {{"--cert", "x.pem"}, 2, "--https"},
  };
  for (const auto& c : cases) {
    INFO(c.args.front());
    ChildProcess server(server_program(), c.args);
    CHECK(server.wait(std::chrono::seconds(10)) == c.code);
    CHECK_THAT(server.stderr_text(), Catch::Contains(c.message));
    CHECK(server.stdout_text().empty());
  }
  ChildProcess help(server_program(), {"--help"});
  CHECK(help.wait(std::chrono::seconds(10)) == 0);
  CHECK_THAT(help.stdout_text(), Catch::Contains("usage: mstr-mock-server"));
}
