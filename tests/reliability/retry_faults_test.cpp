// Retries against the mock server's fault knobs. Each test counts, at the server, what arrived:
// nothing lost, and no POST sent twice unless the caller allowed it.

#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/session.hpp>

#include "captured_log.hpp"
#include "reliability_fixtures.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

mstr::Session logged_in_session(const mstr::test::MockServerFixture& mock, mstr::SessionOptions options) {
  mstr::Session session(mock.base_url(), std::move(options));
  mstr::test::login_analyst(session);
  return session;
}

mstr::SessionOptions with_retries(int attempts) {
  mstr::SessionOptions options;
  options.retry = mstr::test::quick_retries(attempts);
  return options;
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

}  // namespace

TEST_CASE("latency beyond the read timeout: GETs are retried, a POST is sent once", "[faults][timeout]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  // A read timeout the login must beat on a loaded machine, and a latency well past it.
  mstr::SessionOptions options = with_retries(3);
  options.read_timeout = 1000ms;
  mstr::Session session = logged_in_session(mock, options);
  server.reset_counters();
  server.set_latency(2500ms);

  CHECK_THROWS_AS(session.get("sessions"), mstr::TimeoutError);
  CHECK(server.requests_to("GET", "sessions") == 3);
  CHECK_THROWS_AS(session.post("auth/identityToken"), mstr::TimeoutError);
  CHECK(server.requests_to("POST", "auth/identityToken") == 1);

  // A per-request timeout longer than the latency gets its answer at the first attempt.
  server.set_latency(1500ms);
  server.reset_counters();
  mstr::RequestOptions patient;
  patient.timeout = 20000ms;
  CHECK(session.get("sessions", patient).ok());
  CHECK(server.requests_to("GET", "sessions") == 1);
}

TEST_CASE("a connection dropped mid-response", "[faults][drop]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();

  SECTION("a GET is sent again and answered") {
    mstr::Session session = logged_in_session(mock, with_retries(3));
    server.reset_counters();
    server.drop_next(2);
    CHECK(session.get("sessions").ok());
    CHECK(server.requests_to("GET", "sessions") == 3);
  }
  SECTION("a POST is not sent again: the server did act on it") {
    mstr::Session session = logged_in_session(mock, with_retries(3));
    server.reset_counters();
    server.drop_next(1);
    CHECK_THROWS_AS(session.create_identity_token(), mstr::TransportError);
    CHECK(server.requests_to("POST", "auth/identityToken") == 1);
  }
  SECTION("a POST is sent again when the caller allowed it") {
    mstr::SessionOptions options = with_retries(3);
    options.retry.retry_non_idempotent = true;
    mstr::Session session = logged_in_session(mock, options);
    server.reset_counters();
    server.drop_next(1);
    CHECK_FALSE(session.create_identity_token().empty());
    CHECK(server.requests_to("POST", "auth/identityToken") == 2);
  }
  SECTION("without retries the caller sees a TransportError at once") {
    mstr::Session session = logged_in_session(mock, {});
    server.reset_counters();
    server.drop_next(1);
    CHECK_THROWS_AS(session.get("sessions"), mstr::TransportError);
    CHECK(server.requests_to("GET", "sessions") == 1);
    CHECK(session.get("sessions").ok());  // the broken connection was not put back in the pool
  }
}

TEST_CASE("bursts of 500 and 503 are retried within max_attempts", "[faults][status]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::Session session = logged_in_session(mock, with_retries(4));
  server.reset_counters();

  server.fail_next(3, 503);
  CHECK(session.get("sessions").ok());
  CHECK(server.requests_to("GET", "sessions") == 4);

  server.fail_next(4, 500);
  try {
    session.get("projects");
    FAIL("the fifth answer was not awaited");
  } catch (const mstr::MSTRException& error) {
    CHECK(error.http_status() == 500);
  }
  CHECK(server.requests_to("GET", "projects") == 4);

  server.fail_next(1, 503);
  CHECK_THROWS_AS(session.create_identity_token(), mstr::MSTRException);
  CHECK(server.requests_to("POST", "auth/identityToken") == 1);

  server.fail_next(1, 502);  // not in the list of retried statuses
  CHECK_THROWS_AS(session.get("status"), mstr::MSTRException);
  CHECK(server.requests_to("GET", "status") == 1);
}

TEST_CASE("429 with Retry-After: the wait is the server's, bounded by max_total", "[faults][throttle]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::SessionOptions options = with_retries(3);
  options.retry.max_total = 3000ms;
  mstr::Session session = logged_in_session(mock, options);
  server.reset_counters();

  server.throttle_next(1, 1);
  const auto start = std::chrono::steady_clock::now();
  CHECK(session.get("sessions").ok());
  // max_backoff is 10 ms: only Retry-After explains the wait.
  CHECK(since(start) >= 950ms);
  CHECK(server.requests_to("GET", "sessions") == 2);

  // A Retry-After beyond the total budget is not waited out: the 429 comes back at once.
  server.throttle_next(1, 60);
  const auto second = std::chrono::steady_clock::now();
  try {
    session.get("projects");
    FAIL("a 429 was waited out past max_total");
  } catch (const mstr::MSTRException& error) {
    CHECK(error.http_status() == 429);
  }
  CHECK(since(second) < 1000ms);
  CHECK(server.requests_to("GET", "projects") == 1);
}

TEST_CASE("a failed connect is retried for any method: nothing was sent", "[faults][connect]") {
  std::string base_url;
  {
    mstr::test::MockServerFixture gone;
    base_url = gone.base_url();
  }
  mstr::SessionOptions options = with_retries(3);
  mstr::Session session(base_url, options);
  mstr::test::CapturedLog log("mstr.session");
  CHECK_THROWS_AS(session.post("auth/identityToken"), mstr::TransportError);
  int retries = 0;
  for (const auto& [priority, text] : log.messages()) {
    if (text.find("POST") != std::string::npos && text.find("attempt") != std::string::npos) ++retries;
  }
  CHECK(retries == 2);
}

TEST_CASE("8 threads through bursts of faults lose nothing and duplicate nothing", "[faults][threads]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::Session session = logged_in_session(mock, with_retries(40));
  constexpr int threads = 8;
  constexpr int calls = 60;

  SECTION("503 bursts and dropped connections under GETs") {
    server.reset_counters();
    server.fail_next(25, 503);
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        for (int call = 0; call < calls; ++call) {
          if (t == 0 && call == calls / 2) server.drop_next(10);
          try {
            if (!session.get("sessions").ok()) ++failures;
          } catch (const std::exception&) {
            ++failures;
          }
        }
      });
    }
    for (auto& worker : workers) worker.join();
    CHECK(failures == 0);
    // Every injected fault cost exactly one extra request; every call was answered once.
    CHECK(server.requests_to("GET", "sessions") == static_cast<std::uint64_t>(threads * calls + 25 + 10));
  }
  SECTION("dropped POSTs are reported, never resent") {
    server.reset_counters();
    server.drop_next(7);
    std::atomic<int> transport_errors{0};
    std::atomic<int> other_failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        for (int call = 0; call < calls / 4; ++call) {
          try {
            session.create_identity_token();
          } catch (const mstr::TransportError&) {
            ++transport_errors;
          } catch (const std::exception&) {
            ++other_failures;
          }
        }
      });
    }
    for (auto& worker : workers) worker.join();
    CHECK(transport_errors == 7);
    CHECK(other_failures == 0);
    CHECK(server.requests_to("POST", "auth/identityToken") == static_cast<std::uint64_t>(threads * (calls / 4)));
  }
}
