#include <token_cache.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using mstr::internal::azure::AccessToken;
using mstr::internal::azure::TokenCache;

namespace {

struct FakeClock {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
};

}  // namespace

TEST_CASE("a token is reused per scope until shortly before it expires", "[azure][cache]") {
  FakeClock clock;
  TokenCache cache([&] { return clock.now; }, 300s);
  int fetches = 0;
  const auto fetch = [&] {
    ++fetches;
    return AccessToken{mstr::SecretValue("token-" + std::to_string(fetches)), clock.now + 3600s};
  };

  CHECK(cache.get("https://vault.azure.net/.default", fetch).token.reveal() == "token-1");
  CHECK(cache.get("https://vault.azure.net/.default", fetch).token.reveal() == "token-1");
  CHECK(fetches == 1);
  CHECK(cache.get("https://other.example/.default", fetch).token.reveal() == "token-2");

  clock.now += 3600s - 301s;
  CHECK(cache.get("https://vault.azure.net/.default", fetch).token.reveal() == "token-1");
  clock.now += 2s;  // inside the refresh margin
  CHECK(cache.get("https://vault.azure.net/.default", fetch).token.reveal() == "token-3");
  CHECK(fetches == 3);
}

TEST_CASE("a discarded token is fetched again; discarding another token changes nothing", "[azure][cache]") {
  FakeClock clock;
  TokenCache cache([&] { return clock.now; });
  int fetches = 0;
  const auto fetch = [&] {
    ++fetches;
    return AccessToken{mstr::SecretValue("token-" + std::to_string(fetches)), clock.now + 3600s};
  };
  cache.get("s", fetch);
  cache.discard("s", mstr::SecretValue("not-the-cached-one"));
  CHECK(cache.get("s", fetch).token.reveal() == "token-1");
  cache.discard("s", mstr::SecretValue("token-1"));
  CHECK(cache.get("s", fetch).token.reveal() == "token-2");
}

TEST_CASE("a failed fetch caches nothing", "[azure][cache]") {
  FakeClock clock;
  TokenCache cache([&] { return clock.now; });
  CHECK_THROWS_AS(cache.get("s", []() -> AccessToken { throw std::runtime_error("down"); }), std::runtime_error);
  CHECK(cache.get("s", [&] { return AccessToken{mstr::SecretValue("t"), clock.now + 3600s}; }).token.reveal() == "t");
}

TEST_CASE("threads asking for one scope share one fetch", "[azure][cache]") {
  TokenCache cache([] { return std::chrono::system_clock::now(); });
  std::atomic<int> fetches{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      cache.get("s", [&] {
        ++fetches;
        std::this_thread::sleep_for(20ms);
        return AccessToken{mstr::SecretValue("t"), std::chrono::system_clock::now() + 3600s};
      });
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(fetches == 1);
}
