// Mock server options: the users file, defaults and the loopback-only rule.

#include <catch2/catch.hpp>

#include "mstr/mock/mock_server.hpp"
#include "mstr/sdk/errors.hpp"
#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/temp_dir.hpp"

using mstr::mock::MockServerOptions;
using mstr::test::TempDir;
using mstr::test::write_file;

TEST_CASE("defaults hold the documented accounts and projects", "[mock][options]") {
  MockServerOptions options = MockServerOptions::defaults();
  REQUIRE(options.users.size() == 2);
  CHECK(options.users[0].username == "administrator");
  CHECK(options.users[0].password == "admin-pass");
  CHECK(options.users[0].full_name == "Administrator");
  CHECK(options.users[1].username == "analyst");
  CHECK(options.ldap_users.at(0).username == "ldap-user");
  CHECK(options.api_tokens.at("api-token-analyst") == "analyst");
  CHECK(options.projects.at(0).id == "B19DEDCC11D4E0EFC000EB9495D0F44F");
  CHECK(options.projects.at(1).name == "Human Resources Analysis Module");
  CHECK(options.host == "127.0.0.1");
  CHECK(options.session_timeout == std::chrono::seconds(600));
}

TEST_CASE("a users file replaces the sections it names", "[mock][options]") {
  TempDir dir;
  write_file(dir.path() / "users.json", R"({
    "users": [{"username": "alice", "password": "alice-pw", "fullName": "Alice Example"}],
    "apiTokens": {"tok-1": "alice"},
    "anonymous": false,
    "sessionTimeoutSeconds": 30
  })");
  MockServerOptions options = MockServerOptions::from_json_file(dir.path() / "users.json");
  REQUIRE(options.users.size() == 1);
  CHECK(options.users[0].full_name == "Alice Example");
  CHECK(options.users[0].id.size() == 32);
  CHECK(options.ldap_users.size() == 1);  // kept from the defaults
  CHECK(options.projects.size() == 2);
  CHECK_FALSE(options.anonymous_enabled);
  CHECK(options.session_timeout == std::chrono::seconds(30));

  mstr::test::MockServerFixture mock(options);
  mstr::test::RawClient client(mock.server());
  client.login(R"({"loginMode":4096,"username":"tok-1"})");
  CHECK_THAT(client.send("GET", "sessions/userInfo").body, Catch::Contains("Alice Example"));
}

TEST_CASE("a bad users file names the file and the problem", "[mock][options]") {
  TempDir dir;
  auto check = [&](const std::string& content, const std::string& expected) {
    write_file(dir.path() / "bad.json", content);
    INFO(content);
    CHECK_THROWS_AS(MockServerOptions::from_json_file(dir.path() / "bad.json"), mstr::ConfigurationError);
    CHECK_THROWS_WITH(MockServerOptions::from_json_file(dir.path() / "bad.json"),
                      Catch::Contains("bad.json") && Catch::Contains(expected));
  };
  check("{", "not valid JSON");
  check("[]", "JSON object");
  check(R"({"users": {}})", "array");
  check(R"({"users": [{"username": "x"}]})", "password");
  check(R"({"users": [{"username": 5, "password": "p"}]})", "string");
  check(R"({"apiTokens": {"t": "nobody"}})", "nobody");
  check(R"({"sessionTimeoutSeconds": -1})", "positive");
  check(R"({"anonymous": "yes"})", "true or false");
  CHECK_THROWS_AS(MockServerOptions::from_json_file(dir.path() / "missing.json"), mstr::ConfigurationError);
}

TEST_CASE("the server refuses a non-loopback host unless allowed", "[mock][options]") {
  MockServerOptions options = MockServerOptions::defaults();
  options.host = "0.0.0.0";
  mstr::mock::MockServer server(options);
  CHECK_THROWS_WITH(server.start(), Catch::Contains("not a loopback"));

  options.host = "localhost";
  mstr::mock::MockServer local(options);
  local.start();
  CHECK(local.port() != 0);
  CHECK_THAT(local.base_url(), Catch::StartsWith("http://localhost:") && Catch::EndsWith("/MicroStrategyLibrary/api/"));
  local.stop();
  local.stop();  // twice is harmless
}

TEST_CASE("a port already in use is a transport error", "[mock][options]") {
  mstr::test::MockServerFixture first;
  MockServerOptions options = MockServerOptions::defaults();
  options.port = first.server().port();
  mstr::mock::MockServer second(options);
  CHECK_THROWS_AS(second.start(), mstr::TransportError);
}
