// Fault injection and counters of the mock server, through the C++ API and the /__mock/ endpoints.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>

#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"

using mstr::test::MockServerFixture;
using mstr::test::RawClient;
using mstr::test::RawResponse;

namespace {
using Clock = std::chrono::steady_clock;

long long elapsed_ms(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}
}  // namespace

TEST_CASE("1000 requests on one keep-alive connection count as one connection", "[mock][counters]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard();
  auto start = Clock::now();
  for (int i = 0; i < 1000; ++i) REQUIRE(client.send("GET", "sessions").status == 200);
  // Nagle plus delayed ACKs would cost ~40 ms a request; 1000 of them would take 40 s.
  CHECK(elapsed_ms(start) < 30000);
  CHECK(mock.server().connections_accepted() == 1);
  CHECK(mock.server().requests() == 1001);
  CHECK(mock.server().requests_to("GET", "sessions") == 1000);
  CHECK(mock.server().requests_to("GET", "/MicroStrategyLibrary/api/sessions") == 1000);
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  CHECK(mock.server().requests_to("PUT", "sessions") == 0);

  mock.server().reset_counters();
  CHECK(mock.server().requests() == 0);
  CHECK(mock.server().connections_accepted() == 0);
  CHECK(mock.server().requests_to("GET", "sessions") == 0);
  RawClient another(mock.server());
  another.send("GET", "status");
  CHECK(mock.server().connections_accepted() == 1);
}

TEST_CASE("latency delays every API request", "[mock][faults]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  // A second of latency: an answer without it comes well within that on a loaded machine.
  mock.server().set_latency(std::chrono::milliseconds(1000));
  auto start = Clock::now();
  CHECK(client.send("GET", "status").status == 200);
  CHECK(elapsed_ms(start) >= 1000);
  mock.server().set_latency(std::chrono::milliseconds(0));
  start = Clock::now();
  CHECK(client.send("GET", "status").status == 200);
  CHECK(elapsed_ms(start) < 1000);
}

TEST_CASE("fail_next answers the next N requests with the given status without executing them", "[mock][faults]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  mock.server().fail_next(2, 503);
  RawResponse first = client.send("POST", "auth/login", R"({"loginMode":1,"username":"administrator","password":"admin-pass"})");
  CHECK(first.status == 503);
  CHECK(first.error_code() == "ERR001");
  CHECK(mock.server().active_sessions() == 0);  // the login was not performed
  CHECK(client.send("GET", "status").status == 503);
  CHECK(client.send("GET", "status").status == 200);

  mock.server().fail_next(1, 500, R"({"code":"ERR002","message":"iServer error","iServerCode":-2147205115})");
  RawResponse custom = client.send("GET", "status");
  CHECK(custom.status == 500);
  CHECK(custom.error_code() == "ERR002");
  CHECK(mock.server().requests_to("GET", "status") == 3);
}

TEST_CASE("throttle_next answers 429 with Retry-After", "[mock][faults]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  mock.server().throttle_next(1, 7);
  RawResponse throttled = client.send("GET", "status");
  CHECK(throttled.status == 429);
  CHECK(throttled.header("Retry-After") == "7");
  CHECK(client.send("GET", "status").status == 200);
}

TEST_CASE("drop_next executes the request, then breaks the connection mid-response", "[mock][faults]") {
  MockServerFixture mock;
  mock.server().drop_next(1);
  Poco::Net::HTTPClientSession session("127.0.0.1", mock.server().port());
  session.setTimeout(Poco::Timespan(5, 0));
  Poco::Net::HTTPRequest request("POST", "/MicroStrategyLibrary/api/auth/login", "HTTP/1.1");
  std::string body = R"({"loginMode":1,"username":"administrator","password":"admin-pass"})";
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  bool broken = false;
  try {
    session.receiveResponse(response);
  } catch (const Poco::Exception&) {
    broken = true;
  }
  CHECK(broken);
  CHECK(mock.server().active_sessions() == 1);  // the server did log the user in
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);

  RawClient client(mock.server());
  CHECK(client.send("GET", "status").status == 200);
  CHECK(mock.server().connections_accepted() == 2);
}

TEST_CASE("the /__mock/ admin endpoints set faults and report counters", "[mock][faults]") {
  MockServerFixture mock;
  RawClient admin(mock.server());
  admin.send_auth = false;
  RawClient client(mock.server());
  client.login_standard();

  CHECK(admin.send("POST", "/__mock/faults", R"({"throttle":{"count":1,"retryAfter":3},"fail":{"count":1,"status":502}})")
            .status == 204);
  CHECK(client.send("GET", "status").status == 429);
  CHECK(client.send("GET", "status").status == 502);
  CHECK(client.send("GET", "status").status == 200);

  CHECK(admin.send("POST", "/__mock/faults", R"({"expireSessions":true})").status == 204);
  CHECK(client.send("GET", "sessions").error_code() == "ERR009");

  CHECK(admin.send("POST", "/__mock/faults", R"({"latencyMs":1000,"sessionTimeoutMs":5000})").status == 204);
  auto start = Clock::now();
  client.send("GET", "status");
  CHECK(elapsed_ms(start) >= 1000);

  RawResponse stats = admin.send("GET", "/__mock/stats");
  REQUIRE(stats.status == 200);
  auto json = Poco::JSON::Parser().parse(stats.body).extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<int>("requests") == 6);  // admin requests are not counted
  CHECK(json->getValue<int>("connections") == 2);
  CHECK(json->getObject("byEndpoint")->getValue<int>("GET status") == 4);
  CHECK(json->getValue<int>("sessionTimeoutMs") == 5000);
  CHECK(json->getValue<int>("activeSessions") == 0);

  CHECK(admin.send("POST", "/__mock/reset").status == 204);
  start = Clock::now();
  client.send("GET", "status");
  CHECK(elapsed_ms(start) < 1000);  // the reset cleared the latency
  CHECK(mock.server().requests() == 1);

  CHECK(admin.send("POST", "/__mock/faults", "{").error_code() == "ERR006");
  CHECK(admin.send("POST", "/__mock/faults", R"({"drop":{"count":-1}})").error_code() == "ERR006");
  CHECK(admin.send("POST", "/__mock/faults", R"({"fail":{"count":1,"status":42}})").error_code() == "ERR006");
  CHECK(admin.send("GET", "/__mock/nothing").status == 404);
  CHECK(client.send("GET", "status").status == 200);  // the rejected documents changed nothing
}

TEST_CASE("an oversized or malformed request gets an error, not a crash", "[mock][faults]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  RawResponse big = client.send("POST", "auth/login", std::string(2 * 1024 * 1024, 'x'));
  CHECK(big.status == 413);

  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", mock.server().port()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  std::string garbage = "THIS IS NOT HTTP\r\n\r\n";
  socket.sendBytes(garbage.data(), static_cast<int>(garbage.size()));
  char buffer[512];
  int received = 0;
  try {
    received = socket.receiveBytes(buffer, sizeof buffer);
  } catch (const Poco::Exception&) {
    received = -1;
  }
  CHECK(received >= 0);  // an answer or an orderly close, within the timeout
  RawClient after(mock.server());
  CHECK(after.send("GET", "status").status == 200);
}
