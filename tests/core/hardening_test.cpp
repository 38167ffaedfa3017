// A server that lies: oversized and endless bodies, dripped headers, redirects, invalid UTF-8.
// Each case asserts by the hostile server's own log what reached it.
#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/session.hpp>

#include <test_support/hostile_server.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

using mstr::test::HostileServer;
using mstr::test::Hostility;
using namespace std::chrono_literals;

namespace {

// A session that already holds a token and a cookie, as one resumed from a saved document.
mstr::Session logged_in(const std::string& base_url, mstr::SessionOptions options = {}) {
  const std::string document = R"({"format":"mstr-session","version":1,"base_url":")" + base_url +
                               R"(","headers":{"X-MSTR-AuthToken":"secret-token-1"},"cookies":[]})";
  return mstr::Session::from_json(document, options);
}

mstr::RequestOptions without_auth(std::optional<std::chrono::milliseconds> timeout = std::nullopt) {
  mstr::RequestOptions options;
  options.include_auth = false;
  options.timeout = timeout;
  return options;
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("a body larger than max_response_size ends with a TransportError naming the limit", "[hardening][transport]") {
  const Hostility hostility = GENERATE(Hostility::oversized_length, Hostility::endless_chunked,
                                       Hostility::endless_close_delimited);
  HostileServer server(hostility);
  mstr::SessionOptions options;
  options.max_response_size = 256 * 1024;
  options.read_timeout = 30000ms;
  mstr::Session session(server.base_url(), options);
  try {
    session.get("status", without_auth());
    FAIL("the oversized body was accepted");
  } catch (const mstr::TimeoutError&) {
    FAIL("the size limit, not a timeout, must end the request");
  } catch (const mstr::TransportError& error) {
    CHECK_THAT(error.what(), Catch::Contains("262144 bytes") && Catch::Contains("max_response_size"));
  }
  CHECK(server.requests() == 1);
}

TEST_CASE("the core's HTTP client lent to plugins keeps the same size limit", "[hardening][transport]") {
  HostileServer server(Hostility::endless_chunked);
  mstr::SessionOptions options;
  options.max_response_size = 100 * 1024;
  const auto client = mstr::make_http_client(options);
  mstr::HttpRequest request;
  request.url = server.base_url() + "status";
  CHECK_THROWS_WITH(client->send(request), Catch::Contains("102400 bytes"));
}

TEST_CASE("request_timeout bounds the whole exchange: dripped headers and endless bodies end in time",
          "[hardening][transport]") {
  const Hostility hostility = GENERATE(Hostility::slow_headers, Hostility::endless_chunked,
                                       Hostility::endless_close_delimited);
  HostileServer server(hostility);
  mstr::SessionOptions options;
  options.read_timeout = 5000ms;  // each byte arrives well within it
  options.request_timeout = 600ms;
  options.max_response_size = std::size_t{1} << 40;  // the deadline, not the size, must end it
  mstr::Session session(server.base_url(), options);
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(session.get("status", without_auth()), mstr::TimeoutError);
  // The TimeoutError is the verdict: the hostile server gives up after 8 s and closes, which is not
  // a timeout, and no byte is late for the read timeout. How soon after 600 ms it comes is the
  // machine's speed.
  CHECK(since(start) >= 500ms);
}

TEST_CASE("a per-request timeout is a whole-exchange deadline too", "[hardening][transport]") {
  HostileServer server(Hostility::slow_headers);
  mstr::Session session(server.base_url());
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(session.get("status", without_auth(400ms)), mstr::TimeoutError);
  CHECK(since(start) >= 300ms);
}

TEST_CASE("timeouts under 1 ms are configuration errors, never 'wait forever'", "[hardening][transport]") {
  HostileServer server(Hostility::login_accepted);
  mstr::SessionOptions zero_read;
  zero_read.read_timeout = 0ms;
  CHECK_THROWS_AS(mstr::Session(server.base_url(), zero_read), mstr::ConfigurationError);
  mstr::SessionOptions zero_connect;
  zero_connect.connect_timeout = 0ms;
  CHECK_THROWS_AS(mstr::make_http_client(zero_connect), mstr::ConfigurationError);
  mstr::SessionOptions zero_total;
  zero_total.request_timeout = 0ms;
  CHECK_THROWS_AS(mstr::Session(server.base_url(), zero_total), mstr::ConfigurationError);
  mstr::Session session(server.base_url());
  CHECK_THROWS_AS(session.get("status", without_auth(0ms)), mstr::ConfigurationError);
  CHECK(server.requests() == 0);
}

TEST_CASE("a redirect is an error naming the status and host, and is never followed", "[hardening][redirect]") {
  HostileServer elsewhere(Hostility::login_accepted, "127.0.0.2");
  HostileServer server(Hostility::redirect, "127.0.0.1", elsewhere.base_url() + "sessions");
  auto session = logged_in(server.base_url());
  try {
    session.get("sessions");
    FAIL("a redirect counted as success");
  } catch (const mstr::RedirectException& error) {
    CHECK(error.http_status() == 302);
    CHECK(error.location_host() == "127.0.0.2");
    CHECK_THAT(error.what(), Catch::Contains("302") && Catch::Contains("127.0.0.2"));
  }
  // Caught as the server errors it derives from, by callers that know nothing of redirects.
  CHECK_THROWS_AS(session.get("sessions"), mstr::MSTRException);
  CHECK(server.received().find("secret-token-1") != std::string::npos);
  CHECK(elsewhere.requests() == 0);
  CHECK(elsewhere.received().empty());
}

TEST_CASE("a path that climbs out of the API is refused before anything is sent", "[hardening][paths]") {
  HostileServer server(Hostility::login_accepted);
  auto session = logged_in(server.base_url());
  for (const char* path : {"../../manager/html", "%2e%2e/%2E%2E/x", "a/..%2f..%2f../x", "..\\..\\x"}) {
    INFO(path);
    CHECK_THROWS_AS(session.get(path), mstr::ConfigurationError);
  }
  CHECK(server.requests() == 0);
  CHECK(server.received().empty());
}

TEST_CASE("server text in error messages is printable: invalid UTF-8 and escapes are escaped", "[hardening][errors]") {
  HostileServer server(Hostility::invalid_utf8_error);
  mstr::Session session(server.base_url());
  try {
    session.get("status", without_auth());
    FAIL("a 400 was accepted");
  } catch (const mstr::MSTRException& error) {
    // POCO's JSON parser refuses the invalid UTF-8, so the body is shown as an excerpt.
    CHECK(error.http_status() == 400);
    const std::string message = error.what();
    CHECK(message.find('\x1b') == std::string::npos);
    CHECK(message.find('\x07') == std::string::npos);
    CHECK(message.find('\xff') == std::string::npos);
    CHECK_THAT(message, Catch::Contains("bad \\xff\\xfe input \\x1b[2J\\x1b]0;owned\\x07 done"));
  }
}
