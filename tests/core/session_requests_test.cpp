// Generic requests through Session: verbs, options, JSON bodies, error statuses, retries.

#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_server_fixture.hpp>

#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>

using namespace std::chrono_literals;

namespace {

void login(mstr::Session& session) {
  mstr::LoginParams params;
  params.username = mstr::SecretValue("analyst");
  params.password = mstr::SecretValue("analyst-pass");
  session.login(params);
}

}  // namespace

TEST_CASE("every verb reaches the server, unsupported ones are typed errors", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  login(session);
  CHECK(session.get("sessions").status() == 200);
  CHECK(session.put("sessions").status() == 204);
  CHECK(session.request("get", "status").status() == 200);
  mstr::RequestOptions tolerant;
  tolerant.allow_error_status = true;
  for (const auto& response : {session.patch("sessions", tolerant), session.del("sessions", tolerant),
                               session.options("sessions", tolerant), session.post("status", tolerant)}) {
    CHECK(response.status() == 405);
    CHECK(response.is_json());
  }
  const auto head = session.head("status", tolerant);
  CHECK(head.text().empty());
  CHECK(mock.server().requests_to("HEAD", "status") == 1);
  CHECK(mock.server().requests_to("DELETE", "sessions") == 1);
  CHECK(mock.server().requests_to("PATCH", "sessions") == 1);
  CHECK(mock.server().requests_to("OPTIONS", "sessions") == 1);
  CHECK_THROWS_AS(session.del("sessions"), mstr::MSTRException);
  CHECK_THROWS_AS(session.request("GE T", "status"), mstr::ConfigurationError);
  CHECK_THROWS_AS(session.request("", "status"), mstr::ConfigurationError);
}

TEST_CASE("error statuses throw typed exceptions unless allowed", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  login(session);
  CHECK_THROWS_AS(session.get("no/such/endpoint"), mstr::ResourceNotFoundException);
  mstr::RequestOptions tolerant;
  tolerant.allow_error_status = true;
  const auto response = session.get("no/such/endpoint", tolerant);
  CHECK(response.status() == 404);
  CHECK_FALSE(response.ok());
  CHECK(response.json().extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("code") == "ERR004");
  CHECK(response.url() == mock.base_url() + "no/such/endpoint");
}

TEST_CASE("include_auth=false sends neither the token nor the cookies", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  login(session);
  mstr::RequestOptions anonymous;
  anonymous.include_auth = false;
  CHECK_THROWS_AS(session.get("sessions", anonymous), mstr::SessionException);
  CHECK(session.get("sessions").ok());
}

TEST_CASE("a JSON body is serialised with its content type", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("loginMode", 1);
  body->set("username", "analyst");
  body->set("password", "analyst-pass");
  mstr::RequestOptions options;
  options.json = Poco::Dynamic::Var(body);
  CHECK(session.post("auth/login", options).status() == 204);
  CHECK(session.has_session());

  mstr::Session raw(mock.base_url());
  mstr::RequestOptions raw_options;
  raw_options.body = R"({"loginMode":1,"username":"analyst","password":"analyst-pass"})";
  raw_options.content_type = "application/json";
  CHECK(raw.post("auth/login", raw_options).status() == 204);
  mstr::RequestOptions not_json;
  not_json.body = "loginMode=1";
  not_json.content_type = "application/x-www-form-urlencoded";
  CHECK_THROWS_AS(raw.post("auth/login", not_json), mstr::InvalidRequestException);
}

TEST_CASE("malformed JSON in a successful response is a clear error", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  mock.server().fail_next(1, 200, "{\"webVersion\": ");
  const auto response = session.get("status");
  CHECK_THROWS_WITH(response.json(), Catch::Contains("not valid JSON") && Catch::Contains("status"));
  mock.server().fail_next(1, 200, "[1, 2]");
  CHECK_THROWS_AS(session.get_status(), mstr::Error);
  mock.server().fail_next(1, 500, "<html>Internal Server Error</html>");
  CHECK_THROWS_AS(session.get("status"), mstr::MSTRUnknownException);
  mock.server().fail_next(1, 500, R"({"message":"no code"})");
  CHECK_THROWS_AS(session.get("status"), mstr::MSTRUnknownException);
  mock.server().fail_next(1, 403, R"({"code":"ERR0014","message":"denied"})");
  CHECK_THROWS_AS(session.get("status"), mstr::InsufficientPrivilegesException);
}

TEST_CASE("headers: caller's win over the session's and bad ones are refused", "[requests]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  login(session);
  mstr::RequestOptions forged;
  forged.headers = {{"X-MSTR-AuthToken", "forged"}};
  CHECK_THROWS_AS(session.get("sessions", forged), mstr::SessionException);
  mstr::RequestOptions injected;
  injected.headers = {{"X-Custom", "a\r\nX-Evil: 1"}};
  CHECK_THROWS_AS(session.get("sessions", injected), mstr::ConfigurationError);
  mstr::RequestOptions params;
  params.params = {{"limit", "1"}, {"name", "a b&c"}};
  CHECK(session.get("status", params).url() == mock.base_url() + "status?limit=1&name=a%20b%26c");
}

TEST_CASE("retries on 429 honour Retry-After for idempotent requests only", "[requests][retry]") {
  mstr::test::MockServerFixture mock;
  mstr::SessionOptions options;
  options.retry.max_attempts = 3;
  options.retry.initial_backoff = 10ms;
  mstr::Session session(mock.base_url(), options);
  login(session);
  mock.server().reset_counters();
  mock.server().throttle_next(2, 0);
  CHECK(session.get("sessions").ok());
  CHECK(mock.server().requests_to("GET", "sessions") == 3);

  mock.server().throttle_next(1, 0);
  CHECK_THROWS_AS(session.post("auth/identityToken"), mstr::MSTRException);
  CHECK(mock.server().requests_to("POST", "auth/identityToken") == 1);

  mock.server().throttle_next(5, 0);
  try {
    session.get("sessions");
    FAIL("no error after the last attempt");
  } catch (const mstr::MSTRException& error) {
    CHECK(error.http_status() == 429);
  }
  CHECK(mock.server().requests_to("GET", "sessions") == 6);
  mstr::Session single(mock.base_url());
  mock.server().reset_counters();
  mock.server().throttle_next(1, 0);
  CHECK_THROWS_AS(single.get("status"), mstr::MSTRException);
  CHECK(mock.server().requests_to("GET", "status") == 1);
}
