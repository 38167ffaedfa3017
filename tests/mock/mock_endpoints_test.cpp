// Each Library endpoint of the mock, as a client sees it over a real loopback connection.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"

using mstr::test::MockServerFixture;
using mstr::test::RawClient;
using mstr::test::RawResponse;

namespace {

Poco::JSON::Object::Ptr json_object(const RawResponse& response) {
  return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

const char* const kTutorial = "B19DEDCC11D4E0EFC000EB9495D0F44F";

}  // namespace

TEST_CASE("standard login returns 204, a token, the session cookie and a load balancer cookie", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse response =
      client.send("POST", "auth/login", R"({"loginMode":1,"username":"administrator","password":"admin-pass","applicationType":8})");
  CHECK(response.status == 204);
  CHECK(response.header("X-MSTR-AuthToken").size() >= 20);
  REQUIRE(response.set_cookies.size() == 2);
  CHECK_THAT(response.set_cookies[0], Catch::StartsWith("JSESSIONID=") && Catch::Contains("Path=/MicroStrategyLibrary") &&
                                          Catch::Contains("HttpOnly") && !Catch::Contains("Secure"));
  CHECK_THAT(response.set_cookies[1], Catch::StartsWith("AWSALB=") && Catch::Contains("Path=/") &&
                                          Catch::Contains("Expires="));
  CHECK(mock.server().active_sessions() == 1);
}

TEST_CASE("each login mode accepts its own accounts and refuses others with ERR003", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  struct Case {
    std::string body;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {R"({"loginMode":1,"username":"analyst","password":"analyst-pass"})", 204, ""},
      {R"({"username":"analyst","password":"analyst-pass"})", 204, ""},  // no loginMode: Standard
      {R"({"loginMode":1,"username":"analyst","password":"wrong"})", 401, "ERR003"},
      {R"({"loginMode":1,"username":"ldap-user","password":"ldap-pass"})", 401, "ERR003"},
      {R"({"loginMode":16,"username":"ldap-user","password":"ldap-pass"})", 204, ""},
      {R"({"loginMode":16,"username":"administrator","password":"admin-pass"})", 401, "ERR003"},
      {R"({"loginMode":4096,"username":"api-token-analyst"})", 204, ""},
      {R"({"loginMode":4096,"username":"not-a-token"})", 401, "ERR003"},
      {R"({"loginMode":8})", 204, ""},
      {R"({"loginMode":64,"username":"administrator","password":"admin-pass"})", 401, "ERR003"},
      {R"({"loginMode":1,"password":"admin-pass"})", 400, "ERR005"},
      {R"({"loginMode":"one"})", 400, "ERR006"},
      {R"({"loginMode":1,"username":)", 400, "ERR006"},
      {R"([1,2,3])", 400, "ERR006"},
      {"", 400, "ERR005"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    RawResponse response = client.send("POST", "auth/login", c.body);
    CHECK(response.status == c.status);
    CHECK(response.error_code() == c.code);
    if (c.status == 204) CHECK_FALSE(response.header("X-MSTR-AuthToken").empty());
    if (c.status != 204) CHECK(response.header("X-MSTR-AuthToken").empty());
  }
}

TEST_CASE("a wrong password gives a MicroStrategy-shaped error without echoing the password", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse response = client.send("POST", "auth/login", R"({"loginMode":1,"username":"administrator","password":"s3cr3t-guess"})");
  REQUIRE(response.status == 401);
  auto error = json_object(response);
  CHECK(error->getValue<std::string>("code") == "ERR003");
  CHECK(error->getValue<long long>("iServerCode") == -2147216959LL);
  CHECK(error->getValue<std::string>("ticketId").size() == 32);
  CHECK_FALSE(error->getValue<std::string>("message").empty());
  CHECK_THAT(response.body, !Catch::Contains("s3cr3t-guess"));
  CHECK_THAT(response.header("Content-Type"), Catch::StartsWith("application/json"));
}

TEST_CASE("anonymous login can be disabled", "[mock]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.anonymous_enabled = false;
  MockServerFixture mock(options);
  RawClient client(mock.server());
  RawResponse response = client.send("POST", "auth/login", R"({"loginMode":8})");
  CHECK(response.status == 401);
  CHECK(response.error_code() == "ERR003");
  CHECK_THAT(response.body, Catch::Contains("disabled"));
}

TEST_CASE("session info, extension and user info describe the logged-in user", "[mock]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.session_timeout = std::chrono::seconds(123);
  MockServerFixture mock(options);
  RawClient client(mock.server());
  client.login_standard();

  RawResponse info = client.send("GET", "sessions");
  REQUIRE(info.status == 200);
  auto session = json_object(info);
  CHECK(session->getValue<int>("timeout") == 123);
  CHECK(session->getValue<std::string>("userId") == "54F3D26011D2896560009A8E67019608");
  CHECK(session->has("locale"));

  CHECK(client.send("PUT", "sessions").status == 204);

  RawResponse user = client.send("GET", "sessions/userInfo");
  REQUIRE(user.status == 200);
  auto user_info = json_object(user);
  CHECK(user_info->getValue<std::string>("id") == "54F3D26011D2896560009A8E67019608");
  CHECK(user_info->getValue<std::string>("fullName") == "Administrator");
  CHECK(user_info->getValue<std::string>("initials") == "A");
  CHECK(user_info->getValue<std::string>("username") == "administrator");
  CHECK(user_info->getValue<bool>("metadataUser"));

  client.login(R"({"loginMode":4096,"username":"api-token-analyst"})");
  CHECK(json_object(client.send("GET", "sessions/userInfo"))->getValue<std::string>("username") == "analyst");
  client.login(R"({"loginMode":16,"username":"ldap-user","password":"ldap-pass"})");
  CHECK(json_object(client.send("GET", "sessions/userInfo"))->getValue<std::string>("username") == "ldap-user");
}

TEST_CASE("projects are listed and looked up, X-MSTR-ProjectID is checked on project-scoped endpoints", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard();

  RawResponse list = client.send("GET", "projects");
  REQUIRE(list.status == 200);
  auto projects = Poco::JSON::Parser().parse(list.body).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(projects->size() == 2);
  CHECK(projects->getObject(0)->getValue<std::string>("id") == kTutorial);
  CHECK(projects->getObject(0)->getValue<std::string>("name") == "MicroStrategy Tutorial");
  CHECK(projects->getObject(0)->getValue<int>("status") == 0);
  CHECK(projects->getObject(1)->getValue<std::string>("name") == "Human Resources Analysis Module");

  CHECK(json_object(client.send("GET", std::string("projects/") + kTutorial))->getValue<std::string>("name") ==
        "MicroStrategy Tutorial");
  CHECK(client.send("GET", "projects/00000000000000000000000000000000").error_code() == "ERR004");

  CHECK(client.send("GET", "searches/results", {}, {{"X-MSTR-ProjectID", kTutorial}}).status == 200);
  RawResponse unknown = client.send("GET", "searches/results", {}, {{"X-MSTR-ProjectID", "FFFF"}});
  CHECK(unknown.status == 404);
  CHECK(unknown.error_code() == "ERR004");
  RawResponse missing = client.send("GET", "searches/results");
  CHECK(missing.status == 400);
  CHECK(missing.error_code() == "ERR005");
}

TEST_CASE("status needs no session and reports versions", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse status = client.send("GET", "status");
  REQUIRE(status.status == 200);
  CHECK(json_object(status)->getValue<std::string>("iServerVersion") == "11.3.1200.0000");
  CHECK(json_object(status)->getValue<std::string>("webVersion") == "11.3.1200.0000");
}

TEST_CASE("unknown paths are 404 ERR004 and wrong methods 405", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse unknown = client.send("GET", "no/such/thing");
  CHECK(unknown.status == 404);
  CHECK(unknown.error_code() == "ERR004");
  RawResponse outside = client.send("GET", "/elsewhere");
  CHECK(outside.status == 404);
  CHECK(outside.error_code() == "ERR004");
  RawResponse wrong_method = client.send("DELETE", "status");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.header("Allow") == "GET");
}

TEST_CASE("the echo endpoint reports what the client sent, with credentials redacted", "[mock]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse anonymous = client.send("POST", "mock/echo?a=1&b=two", R"({"x":1})", {{"X-Custom", "yes"}});
  REQUIRE(anonymous.status == 200);
  auto echo = json_object(anonymous);
  CHECK(echo->getValue<std::string>("method") == "POST");
  CHECK(echo->getValue<std::string>("path") == "/MicroStrategyLibrary/api/mock/echo");
  CHECK(echo->getValue<std::string>("query") == "a=1&b=two");
  CHECK(echo->getValue<std::string>("body") == R"({"x":1})");
  CHECK(echo->getObject("headers")->getValue<std::string>("x-custom") == "yes");
  CHECK_FALSE(echo->getValue<bool>("authenticated"));

  client.login_standard();
  RawResponse authenticated = client.send("GET", "mock/echo", {}, {{"X-MSTR-ProjectID", kTutorial}});
  auto echoed = json_object(authenticated);
  CHECK(echoed->getValue<bool>("authenticated"));
  CHECK(echoed->getValue<std::string>("projectId") == kTutorial);
  CHECK(echoed->getObject("headers")->getValue<std::string>("x-mstr-authtoken") == "<redacted>");
  CHECK_THAT(authenticated.body, !Catch::Contains(client.token));
  CHECK(echoed->getArray("cookies")->size() == 2);
  CHECK(client.send("GET", "mock/echo", {}, {{"X-MSTR-ProjectID", "BAD"}}).error_code() == "ERR004");
}
