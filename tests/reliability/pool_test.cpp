// The connection pool under threads: bounded per host, idle connections closed, broken ones
// replaced.

#include <mstr/session.hpp>

#include "reliability_fixtures.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

TEST_CASE("8 threads on a pool of 2 never open a third connection", "[pool][threads]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::SessionOptions options;
  options.max_connections_per_host = 2;
  mstr::Session session(mock.base_url(), options);
  mstr::test::login_analyst(session);
  server.set_latency(1ms);  // keeps requests overlapping
  server.reset_counters();

  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 8; ++t) {
    workers.emplace_back([&] {
      for (int call = 0; call < 40; ++call) {
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
  CHECK(server.requests_to("GET", "sessions") == 320);
  CHECK(server.connections_accepted() <= 2);
}

TEST_CASE("an idle connection is closed after idle_connection_timeout and replaced", "[pool]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::SessionOptions options;
  options.idle_connection_timeout = 3s;  // the first two requests must come within it on a loaded machine
  mstr::Session session(mock.base_url(), options);
  server.reset_counters();

  CHECK(session.get("status").ok());
  CHECK(session.get("status").ok());
  CHECK(server.connections_accepted() == 1);
  std::this_thread::sleep_for(3100ms);
  CHECK(session.get("status").ok());
  CHECK(server.connections_accepted() == 2);
  CHECK(server.requests_to("GET", "status") == 3);
}

TEST_CASE("a connection the server broke is replaced without failing later requests", "[pool]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::Session session(mock.base_url(), {});
  mstr::test::login_analyst(session);
  server.reset_counters();

  server.drop_next(1);
  CHECK_THROWS(session.get("sessions"));
  for (int i = 0; i < 20; ++i) CHECK(session.get("sessions").ok());
  CHECK(server.connections_accepted() == 1);  // the one that replaced the broken connection
  CHECK(server.requests_to("GET", "sessions") == 21);
}
