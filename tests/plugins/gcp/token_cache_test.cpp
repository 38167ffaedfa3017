#include "token_cache.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using mstr::internal::gcp::AccessToken;
using mstr::internal::gcp::TokenCache;
using namespace std::chrono_literals;

namespace {

struct ManualClock {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  TokenCache::Clock function() {
    return [this] { return now; };
  }
};

AccessToken token_valid_for(const ManualClock& clock, std::chrono::seconds lifetime,
                            const std::string& value) {
  return AccessToken{mstr::SecretValue(value), clock.now + lifetime, std::nullopt};
}

}  // namespace

TEST_CASE("the token cache hands out a token until the refresh margin before its expiry", "[gcp][cache]") {
  ManualClock clock;
  TokenCache cache(60s, clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, 3600s, "t" + std::to_string(++fetches)); };

  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  clock.now += 3600s - 61s;
  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  clock.now += 2s;  // inside the margin: renewed although not yet expired
  CHECK(cache.get("k", fetch).token.reveal() == "t2");
  CHECK(fetches == 2);
}

TEST_CASE("the token cache keeps one token per key and forgets a discarded one", "[gcp][cache]") {
  ManualClock clock;
  TokenCache cache(60s, clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, 3600s, "t" + std::to_string(++fetches)); };
  const auto a = cache.get("a", fetch);
  const auto b = cache.get("b", fetch);
  CHECK(a.token.reveal() == "t1");
  CHECK(b.token.reveal() == "t2");
  cache.discard(a.token);
  CHECK(cache.get("a", fetch).token.reveal() == "t3");
  CHECK(cache.get("b", fetch).token.reveal() == "t2");
}

TEST_CASE("a token shorter-lived than the margin is used once and never cached", "[gcp][cache]") {
  ManualClock clock;
  TokenCache cache(60s, clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, 30s, "t" + std::to_string(++fetches)); };
  cache.get("k", fetch);
  cache.get("k", fetch);
  CHECK(fetches == 2);
}

TEST_CASE("a failed fetch caches nothing", "[gcp][cache]") {
  ManualClock clock;
  TokenCache cache(60s, clock.function());
  CHECK_THROWS_AS(cache.get("k", []() -> AccessToken { throw std::runtime_error("refused"); }),
                  std::runtime_error);
  CHECK(cache.get("k", [&] { return token_valid_for(clock, 3600s, "ok"); }).token.reveal() == "ok");
}

TEST_CASE("threads asking for one key together share one fetch", "[gcp][cache]") {
  TokenCache cache(60s);
  std::atomic<int> fetches{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      cache.get("k", [&] {
        ++fetches;
        std::this_thread::sleep_for(20ms);
        return AccessToken{mstr::SecretValue("t"), std::chrono::system_clock::now() + 3600s, std::nullopt};
      });
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(fetches == 1);
}
