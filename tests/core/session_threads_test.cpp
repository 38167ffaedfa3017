#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_server_fixture.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

TEST_CASE("8 threads share one session", "[threads]") {
  mstr::test::MockServerFixture mock;
  mock.server().reset_counters();
  mstr::Session session(mock.base_url());
  mstr::LoginParams params;
  params.username = mstr::SecretValue("analyst");
  params.password = mstr::SecretValue("analyst-pass");
  session.login(params);

  constexpr int threads = 8;
  constexpr int per_thread = 100;
  std::atomic<int> ok{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        try {
          const bool good = (i % 3 == 0) ? session.user_info().raw->has("id")
                                         : (t % 2 == 0 ? session.get("sessions").ok() : session.get_projects().size() == 2);
          (good ? ok : failed)++;
        } catch (const mstr::Error&) {
          failed++;
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  CHECK(failed == 0);
  CHECK(ok == threads * per_thread);
  // Connections are pooled: never more than one per thread, however many requests.
  CHECK(mock.server().connections_accepted() <= threads);
  session.logout();
  CHECK_FALSE(session.has_session());
}

TEST_CASE("a small pool makes threads wait for a connection instead of opening more", "[threads]") {
  mstr::test::MockServerFixture mock;
  mock.server().reset_counters();
  mstr::SessionOptions options;
  options.max_connections_per_host = 2;
  mstr::Session session(mock.base_url(), options);
  std::vector<std::thread> workers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 6; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) ok += session.get("status").ok();
    });
  }
  for (auto& worker : workers) worker.join();
  CHECK(ok == 300);
  CHECK(mock.server().connections_accepted() <= 2);
}
