// The token cache every cloud plugin shares: one refresh margin, one token per key, discard, and one
// fetch for many threads asking at once.

#include <plugin_common/token_cache.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using mstr::internal::common::AccessToken;
using mstr::internal::common::TokenCache;

namespace {

struct ManualClock {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  mstr::internal::common::Clock function() {
    return [this] { return now; };
  }
};

AccessToken token_valid_for(const ManualClock& clock, std::chrono::seconds lifetime, const std::string& value) {
  return AccessToken{mstr::SecretValue(value), clock.now + lifetime, std::nullopt};
}

AccessToken hour_long(const std::string& value) {
  return AccessToken{mstr::SecretValue(value), std::chrono::system_clock::now() + 3600s, std::nullopt};
}

// Waits, within a bound, until `flag` is set; false when the bound passed.
bool wait_for(const std::atomic<bool>& flag) {
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (!flag && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
  return flag;
}

}  // namespace

TEST_CASE("a token is handed out until the refresh margin before its expiry", "[common][cache]") {
  STATIC_REQUIRE(TokenCache::kRefreshMargin == 300s);
  ManualClock clock;
  TokenCache cache(clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, 3600s, "t" + std::to_string(++fetches)); };

  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  clock.now += 3600s - TokenCache::kRefreshMargin - 1s;
  CHECK(cache.get("k", fetch).token.reveal() == "t1");
  clock.now += 2s;  // inside the margin: renewed although not yet expired
  CHECK(cache.get("k", fetch).token.reveal() == "t2");
  CHECK(fetches == 2);
}

TEST_CASE("one token per key, a discarded token is fetched again wherever it was cached", "[common][cache]") {
  ManualClock clock;
  TokenCache cache(clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, 3600s, "t" + std::to_string(++fetches)); };
  const auto a = cache.get("a", fetch);
  const auto b = cache.get("b", fetch);
  CHECK(a.token.reveal() == "t1");
  CHECK(b.token.reveal() == "t2");
  cache.discard(mstr::SecretValue("not-a-cached-one"));
  CHECK(cache.get("a", fetch).token.reveal() == "t1");
  cache.discard(a.token);
  CHECK(cache.get("a", fetch).token.reveal() == "t3");
  CHECK(cache.get("b", fetch).token.reveal() == "t2");
}

TEST_CASE("a token living no longer than the margin is used once", "[common][cache]") {
  ManualClock clock;
  TokenCache cache(clock.function());
  int fetches = 0;
  const auto fetch = [&] { return token_valid_for(clock, TokenCache::kRefreshMargin, "t" + std::to_string(++fetches)); };
  cache.get("k", fetch);
  cache.get("k", fetch);
  CHECK(fetches == 2);
}

TEST_CASE("a failed fetch caches nothing", "[common][cache]") {
  ManualClock clock;
  TokenCache cache(clock.function());
  CHECK_THROWS_AS(cache.get("k", []() -> AccessToken { throw std::runtime_error("refused"); }), std::runtime_error);
  CHECK(cache.get("k", [&] { return token_valid_for(clock, 3600s, "t"); }).token.reveal() == "t");
}

TEST_CASE("many threads asking for one key share one refresh", "[common][cache]") {
  TokenCache cache;
  std::atomic<int> fetches{0};
  std::vector<std::thread> threads;
  std::vector<std::string> seen(16);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&, i] {
      const auto token = cache.get("shared", [&] {
        ++fetches;
        std::this_thread::sleep_for(50ms);
        return hour_long("t");
      });
      seen[i] = std::string(token.token.reveal());
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(fetches == 1);
  CHECK(std::set<std::string>(seen.begin(), seen.end()) == std::set<std::string>{"t"});
}

TEST_CASE("a slow refresh of one key does not hold up another key", "[common][cache]") {
  TokenCache cache;
  std::atomic<bool> slow_started{false};
  std::atomic<bool> released{false};
  bool released_by_other_key = false;
  std::thread slow([&] {
    cache.get("slow", [&] {
      slow_started = true;
      released_by_other_key = wait_for(released);
      return hour_long("s");
    });
  });
  REQUIRE(wait_for(slow_started));
  CHECK(cache.get("fast", [] { return hour_long("f"); }).token.reveal() == "f");
  released = true;
  slow.join();
  CHECK(released_by_other_key);
}
