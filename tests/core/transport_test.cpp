#include "local_http_server.hpp"

#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_server_fixture.hpp>

#include <Poco/Base64Encoder.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>

using namespace std::chrono_literals;
using mstr::test::LocalHttpServer;
using mstr::test::ReceivedRequest;
using mstr::test::Reply;

namespace {

mstr::LoginParams analyst() {
  mstr::LoginParams params;
  params.username = mstr::SecretValue("analyst");
  params.password = mstr::SecretValue("analyst-pass");
  return params;
}

// A loopback port nobody listens on: bound, then released.
std::uint16_t closed_port() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  const auto port = socket.address().port();
  socket.close();
  return port;
}

template <typename F>
std::chrono::milliseconds time_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("1,000 requests on one session use one TCP connection", "[transport][keep-alive]") {
  mstr::test::MockServerFixture mock;
  mock.server().reset_counters();
  mstr::Session session(mock.base_url());
  session.login(analyst());
  for (int i = 0; i < 1000; ++i) REQUIRE(session.get("sessions").status() == 200);
  session.logout();
  CHECK(mock.server().requests() == 1002);
  CHECK(mock.server().connections_accepted() == 1);
}

TEST_CASE("an unreachable port is a fast TransportError naming the URL without its query", "[transport]") {
  const std::string base = "http://127.0.0.1:" + std::to_string(closed_port()) + "/MicroStrategyLibrary/api/";
  mstr::Session session(base);
  mstr::RequestOptions options;
  options.params = {{"secret-ish", "value"}};
  const auto elapsed = time_of([&] {
    try {
      session.get("status", options);
      FAIL("no error");
    } catch (const mstr::TimeoutError&) {
      FAIL("a refused connection is not a timeout");
    } catch (const mstr::TransportError& error) {
      const std::string message = error.what();
      CHECK_THAT(message, Catch::Contains("connection refused"));
      CHECK_THAT(message, Catch::Contains("/MicroStrategyLibrary/api/status"));
      CHECK_THAT(message, !Catch::Contains("secret-ish"));
    }
  });
  CHECK(elapsed < 5s);  // well short of the 10 s connect timeout a dropped SYN would wait out
}

TEST_CASE("a slow server is a TimeoutError after the read timeout", "[transport][timeout]") {
  mstr::test::MockServerFixture mock;
  mstr::SessionOptions options;
  options.read_timeout = 200ms;
  mstr::Session session(mock.base_url(), options);
  mock.server().set_latency(1500ms);
  const auto elapsed = time_of([&] { CHECK_THROWS_AS(session.get("status"), mstr::TimeoutError); });
  // The TimeoutError is the verdict (without the read timeout the answer comes after 1500 ms);
  // how soon after 200 ms it comes is the machine's speed.
  CHECK(elapsed >= 150ms);

  // A per-request timeout overrides the session's, in both directions.
  mstr::RequestOptions patient;
  patient.timeout = 20000ms;
  mock.server().set_latency(300ms);
  CHECK(session.get("status", patient).status() == 200);
  mstr::RequestOptions impatient;
  impatient.timeout = 100ms;
  CHECK_THROWS_AS(session.get("status", impatient), mstr::TimeoutError);
  mock.server().set_latency(0ms);
}

TEST_CASE("a connection the server closed while idle is replaced without failing the request", "[transport][keep-alive]") {
  // One answer per connection, then the server closes it without saying so.
  LocalHttpServer server([](const ReceivedRequest&, int) { return Reply::answer_then_close; });
  auto http = mstr::make_http_client();
  for (int i = 0; i < 3; ++i) {
    mstr::HttpRequest request;
    request.url = server.base_url() + "status";
    CHECK(http->send(request).status == 200);
  }
  CHECK(server.connections() == 3);
  CHECK(server.requests().size() == 3);
}

TEST_CASE("a GET that got no answer on a reused connection is retried once, a POST never is", "[transport][keep-alive]") {
  // The server keeps the connection open after its first answer, then drops the second request
  // unanswered: the client cannot tell this from a server that closed an idle connection.
  LocalHttpServer server([](const ReceivedRequest&, int index) { return index == 0 ? Reply::answer : Reply::close_without_answer; });
  auto http = mstr::make_http_client();
  mstr::HttpRequest get;
  get.url = server.base_url() + "sessions";
  REQUIRE(http->send(get).status == 200);
  REQUIRE(http->send(get).status == 200);  // dropped on the reused connection, answered on a new one
  std::size_t gets = 0;
  for (const auto& request : server.requests()) gets += request.method == "GET";
  CHECK(gets == 3);

  // The pooled connection has answered once; the server drops the POST sent on it. The POST may
  // have taken effect, so it is not sent again.
  mstr::HttpRequest post;
  post.method = "POST";
  post.url = server.base_url() + "auth/logout";
  CHECK_THROWS_AS(http->send(post), mstr::TransportError);
  const auto count_posts = [&server] {
    std::size_t posts = 0;
    for (const auto& request : server.requests()) posts += request.method == "POST";
    return posts;
  };
  CHECK(count_posts() == 1);
  CHECK(http->send(post).status == 200);  // on a new connection
  CHECK(count_posts() == 2);
}

TEST_CASE("a response cut short is a TransportError, not a short body", "[transport]") {
  LocalHttpServer server([](const ReceivedRequest&, int) { return Reply::answer_truncated; });
  mstr::Session session(server.base_url());
  CHECK_THROWS_AS(session.get("status"), mstr::TransportError);
  CHECK(server.requests().size() == 1);
}

TEST_CASE("the mock dropping a connection mid-response is a TransportError", "[transport]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  session.login(analyst());
  mock.server().drop_next(1);
  CHECK_THROWS_AS(session.post("auth/identityToken"), mstr::TransportError);
  CHECK(mock.server().requests_to("POST", "auth/identityToken") == 1);
  CHECK(session.get("sessions").status() == 200);
}

TEST_CASE("an HTML error page becomes MSTRUnknownException with the status and an excerpt", "[transport][errors]") {
  LocalHttpServer server([](const ReceivedRequest&, int) { return Reply::answer_html_error; });
  mstr::Session session(server.base_url());
  try {
    session.get("projects");
    FAIL("no error");
  } catch (const mstr::MSTRUnknownException& error) {
    CHECK(error.http_status() == 502);
    CHECK_THAT(std::string(error.what()), Catch::Contains("Bad Gateway"));
  }
}

TEST_CASE("requests go through an HTTP proxy with its credentials", "[transport][proxy]") {
  LocalHttpServer proxy([](const ReceivedRequest&, int) { return Reply::answer; });
  mstr::SessionOptions options;
  options.proxy = mstr::ProxyOptions{"127.0.0.1", proxy.port(), "proxy-user", "proxy-pass", {}};
  mstr::Session session("http://127.0.0.1:9/MicroStrategyLibrary/api/", options);
  CHECK(session.get("status").status() == 200);
  const auto requests = proxy.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].target == "http://127.0.0.1:9/MicroStrategyLibrary/api/status");
  std::ostringstream expected;
  Poco::Base64Encoder encoder(expected);
  encoder << "proxy-user:proxy-pass";
  encoder.close();
  CHECK(requests[0].header("Proxy-Authorization") == "Basic " + expected.str());
}

TEST_CASE("cookies set by a server come back on later requests", "[transport][cookies]") {
  LocalHttpServer server([](const ReceivedRequest&, int) { return Reply::answer; });
  mstr::Session session(server.base_url());
  session.get("status");
  session.get("status");
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].header("Cookie").empty());
  CHECK(requests[1].header("Cookie") == "visit=0");
}

TEST_CASE("credentials are never sent in clear text to a remote host", "[transport][security]") {
  // 192.0.2.1 (TEST-NET-1) is never contacted: the check comes first.
  mstr::SessionOptions options;
  options.connect_timeout = 300ms;
  mstr::Session session("http://192.0.2.1/MicroStrategyLibrary/api/", options);
  CHECK_THROWS_AS(session.login(analyst()), mstr::ConfigurationError);
  CHECK_THROWS_AS(session.delegate(mstr::SecretValue("identity")), mstr::ConfigurationError);
  mstr::RequestOptions with_token;
  with_token.headers = {{"X-MSTR-AuthToken", "t"}};
  CHECK_THROWS_AS(session.get("projects", with_token), mstr::ConfigurationError);
  CHECK_THROWS_AS(session.post_json("auth/login", "{}", false), mstr::ConfigurationError);
  try {
    session.login(analyst());
  } catch (const mstr::ConfigurationError& error) {
    CHECK_THAT(std::string(error.what()), !Catch::Contains("analyst-pass"));
    CHECK_THAT(std::string(error.what()), Catch::Contains("https://"));
  }
}

TEST_CASE("make_http_client serves plain requests outside a session", "[transport]") {
  mstr::test::MockServerFixture mock;
  auto http = mstr::make_http_client();
  mstr::HttpRequest request;
  request.url = mock.base_url() + "status";
  const auto response = http->send(request);
  CHECK(response.status == 200);
  CHECK(response.header("content-type").value_or("").find("application/json") != std::string::npos);
  mstr::HttpRequest bad;
  bad.url = "ftp://127.0.0.1/x";
  CHECK_THROWS_AS(http->send(bad), mstr::ConfigurationError);
  bad.url = "not a url at all";
  CHECK_THROWS_AS(http->send(bad), mstr::ConfigurationError);
}
