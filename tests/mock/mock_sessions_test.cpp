// The token + cookie pairing, idle expiry, logout and identity tokens of the mock server.

#include <catch2/catch.hpp>

#include <thread>

#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"

using mstr::test::MockServerFixture;
using mstr::test::RawClient;
using mstr::test::RawResponse;

TEST_CASE("a token is only valid together with its own cookies", "[mock][session]") {
  MockServerFixture mock;
  RawClient first(mock.server());
  RawClient second(mock.server());
  first.login_standard();
  second.login_standard("analyst", "analyst-pass");
  REQUIRE(first.send("GET", "sessions").status == 200);

  SECTION("no token at all") {
    first.send_auth = false;
    RawResponse response = first.send("GET", "sessions");
    CHECK(response.status == 401);
    CHECK(response.error_code() == "ERR009");
  }
  SECTION("the token without any cookie") {
    first.cookies.clear();
    RawResponse response = first.send("GET", "sessions");
    CHECK(response.status == 401);
    CHECK(response.error_code() == "ERR009");
    CHECK_THAT(response.body, Catch::Contains("JSESSIONID"));
  }
  SECTION("the token with another session's JSESSIONID") {
    first.cookies["JSESSIONID"] = second.cookies["JSESSIONID"];
    CHECK(first.send("GET", "sessions").error_code() == "ERR009");
  }
  SECTION("the token without the load balancer cookie") {
    first.cookies.erase("AWSALB");
    RawResponse response = first.send("GET", "sessions");
    CHECK(response.error_code() == "ERR009");
    CHECK_THAT(response.body, Catch::Contains("AWSALB"));
  }
  SECTION("an unknown token") {
    first.token = "0123456789abcdef0123456789";
    CHECK(first.send("GET", "projects").error_code() == "ERR009");
  }
  // A refused request must not have spoiled the session itself for its rightful owner.
  CHECK(second.send("GET", "sessions").status == 200);
}

TEST_CASE("sessions expire after the idle timeout and using one resets its clock", "[mock][session]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  // Each pause leaves 1.5 s of the timeout for the request that follows it on a loaded machine.
  options.session_timeout = std::chrono::milliseconds(2000);
  MockServerFixture mock(options);
  RawClient client(mock.server());
  client.login_standard();

  for (int i = 0; i < 5; ++i) {  // 5 x 500 ms: longer than the timeout, but never idle that long
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(client.send("PUT", "sessions").status == 204);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  RawResponse expired = client.send("GET", "sessions");
  CHECK(expired.status == 401);
  CHECK(expired.error_code() == "ERR009");
  CHECK(mock.server().active_sessions() == 0);

  mock.server().set_session_timeout(std::chrono::seconds(60));
  client.login_standard();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(client.send("GET", "sessions").status == 200);
}

TEST_CASE("expire_all_sessions ends every session at once", "[mock][session]") {
  MockServerFixture mock;
  RawClient first(mock.server());
  RawClient second(mock.server());
  first.login_standard();
  second.login(R"({"loginMode":8})");
  REQUIRE(mock.server().active_sessions() == 2);
  mock.server().expire_all_sessions();
  CHECK(mock.server().active_sessions() == 0);
  CHECK(first.send("GET", "sessions").error_code() == "ERR009");
  CHECK(second.send("GET", "sessions").error_code() == "ERR009");
}

TEST_CASE("logout ends the session", "[mock][session]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard();
  CHECK(client.send("POST", "auth/logout").status == 204);
  CHECK(client.send("GET", "sessions").error_code() == "ERR009");
  CHECK(client.send("POST", "auth/logout").status == 401);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("a login form-encoded as mstrio-py sends it logs in with numbers sent as strings", "[mock][session]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  const std::map<std::string, std::string> form{{"Content-Type", "application/x-www-form-urlencoded"}};
  const auto wrong = client.send("POST", "auth/login",
                                 "loginMode=1&applicationType=35&username=analyst&password=wrong%2Bpass", form);
  CHECK(wrong.status == 401);
  CHECK(wrong.error_code() == "ERR003");
  const auto bad_escape = client.send("POST", "auth/login", "loginMode=1&username=analyst&password=%zz", form);
  CHECK(bad_escape.status == 400);
  CHECK(bad_escape.error_code() == "ERR006");
  const auto bad_mode = client.send("POST", "auth/login", "loginMode=one&username=analyst", form);
  CHECK(bad_mode.error_code() == "ERR006");
  const auto good = client.send("POST", "auth/login",
                                "loginMode=1&applicationType=35&username=analyst&password=analyst-pass", form);
  CHECK(good.status == 204);
  CHECK_FALSE(good.header("X-MSTR-AuthToken").empty());
  CHECK(mock.server().active_sessions() == 1);
  // The same fields as JSON, loginMode a string.
  RawClient json_client(mock.server());
  const auto as_json = json_client.send("POST", "auth/login",
                                        R"({"loginMode":"1","username":"analyst","password":"analyst-pass"})",
                                        {{"Content-Type", "application/json"}});
  CHECK(as_json.status == 204);
}

TEST_CASE("identity tokens validate, delegate once, and expire", "[mock][session]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  // The eight requests that use the first token must come within its lifetime on a loaded machine.
  options.identity_token_lifetime = std::chrono::milliseconds(3000);
  MockServerFixture mock(options);
  RawClient owner(mock.server());
  owner.login_standard("analyst", "analyst-pass");

  RawClient no_session(mock.server());
  CHECK(no_session.send("POST", "auth/identityToken").error_code() == "ERR009");

  RawResponse created = owner.send("POST", "auth/identityToken");
  REQUIRE(created.status == 201);
  std::string identity = created.header("X-MSTR-IdentityToken");
  REQUIRE_FALSE(identity.empty());

  RawClient other(mock.server());
  CHECK(other.send("GET", "auth/identityToken", {}, {{"X-MSTR-IdentityToken", identity}}).status == 204);
  CHECK(other.send("GET", "auth/identityToken", {}, {{"X-MSTR-IdentityToken", identity}}).status == 204);
  CHECK(other.send("GET", "auth/identityToken", {}, {{"X-MSTR-IdentityToken", "nope"}}).error_code() ==
        "ERR003");
  CHECK(other.send("GET", "auth/identityToken").error_code() == "ERR005");

  RawResponse delegated =
      other.send("POST", "auth/delegate", R"({"loginMode":-1,"identityToken":")" + identity + "\"}");
  REQUIRE(delegated.status == 204);
  other.token = delegated.header("X-MSTR-AuthToken");
  CHECK(other.token != owner.token);
  RawResponse user = other.send("GET", "sessions/userInfo");
  CHECK_THAT(user.body, Catch::Contains("\"username\":\"analyst\""));

  // Single use: the second redemption and a later validation fail.
  RawClient third(mock.server());
  CHECK(third.send("POST", "auth/delegate", R"({"loginMode":-1,"identityToken":")" + identity + "\"}")
            .error_code() == "ERR003");
  CHECK(third.send("GET", "auth/identityToken", {}, {{"X-MSTR-IdentityToken", identity}}).status == 401);
  CHECK(third.send("POST", "auth/delegate", R"({"loginMode":-1})").error_code() == "ERR005");
  CHECK(third.send("POST", "auth/delegate", "{").error_code() == "ERR006");

  std::string stale = owner.send("POST", "auth/identityToken").header("X-MSTR-IdentityToken");
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  CHECK(third.send("GET", "auth/identityToken", {}, {{"X-MSTR-IdentityToken", stale}}).status == 401);
  CHECK(third.send("POST", "auth/delegate", R"({"loginMode":-1,"identityToken":")" + stale + "\"}").status ==
        401);
}

TEST_CASE("eight clients in parallel each keep their own session", "[mock][session]") {
  MockServerFixture mock;
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      try {
        RawClient client(mock.server());
        bool admin = t % 2 == 0;
        RawResponse login =
            client.send("POST", "auth/login",
                        admin ? R"({"loginMode":1,"username":"administrator","password":"admin-pass"})"
                              : R"({"loginMode":1,"username":"analyst","password":"analyst-pass"})");
        client.token = login.header("X-MSTR-AuthToken");
        int ok = 0;
        for (int i = 0; i < 50; ++i) {
          RawResponse user = client.send("GET", "sessions/userInfo");
          bool right = user.status == 200 &&
                       user.body.find(admin ? "\"administrator\"" : "\"analyst\"") != std::string::npos;
          ok += right ? 1 : 0;
        }
        if (ok == 50) ++good;
      } catch (const std::exception&) {
        // Counted as a failure through `good`; Catch2 assertions are not thread-safe.
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(good == 8);
  CHECK(mock.server().connections_accepted() == 8);
  CHECK(mock.server().requests_to("GET", "sessions/userInfo") == 400);
}

TEST_CASE("a user's password changes at run time through /__mock/users/password", "[mock][session]") {
  MockServerFixture mock;
  RawClient admin(mock.server());
  admin.send_auth = false;
  RawClient before(mock.server());
  before.login_standard("analyst", "analyst-pass");

  REQUIRE(admin.send("POST", "/__mock/users/password", R"({"username":"analyst","password":"rotated-pass"})")
              .status == 204);
  CHECK(before.send("GET", "sessions").status == 200);  // an open session stays

  RawClient login(mock.server());
  login.send_auth = false;
  CHECK(login.send("POST", "auth/login", R"({"username":"analyst","password":"analyst-pass","loginMode":1})")
            .error_code() == "ERR003");
  CHECK(login.send("POST", "auth/login", R"({"username":"analyst","password":"rotated-pass","loginMode":1})")
            .status == 204);
  // Others keep theirs; the C++ call changes it the same way.
  CHECK(
      login
          .send("POST", "auth/login", R"({"username":"administrator","password":"admin-pass","loginMode":1})")
          .status == 204);
  CHECK(mock.server().set_password("analyst", "third-pass"));
  CHECK(login.send("POST", "auth/login", R"({"username":"analyst","password":"rotated-pass","loginMode":1})")
            .error_code() == "ERR003");

  CHECK(
      admin.send("POST", "/__mock/users/password", R"({"username":"nobody","password":"x"})").error_code() ==
      "ERR004");
  CHECK(admin.send("POST", "/__mock/users/password", R"({"username":"analyst"})").error_code() == "ERR006");
  CHECK(admin.send("POST", "/__mock/users/password", "not json").error_code() == "ERR006");
  CHECK_FALSE(mock.server().set_password("nobody", "x"));
}
