// The in-process fetch deadline: a fetch that outlives its caller's timeout is abandoned, and what
// it borrowed from the caller (HTTP client, logger, environment) is revoked, so a plugin that wakes
// up late reaches none of it.
#include "plugins/fetch_deadline.hpp"

#include <mstr/sdk/errors.hpp>

#include <test_support/no_http.hpp>
#include <test_support/recording_logger.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>

using namespace std::chrono_literals;

namespace {

using mstr::test::NoHttp;

// Blocks in fetch() until released, then uses everything its context lends it and reports what it saw.
class LateProvider final : public mstr::ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"late"}; }

  mstr::SecretValue fetch(const mstr::CredentialReference&, const mstr::ProviderContext& context) override {
    std::unique_lock lock(mutex_);
    released_.wait_for(lock, 60s, [&] { return release_; });
    context.logger.warning("woke up late");
    saw_env_ = context.env.get("LATE_VALUE").has_value();
    try {
      context.http.send(mstr::HttpRequest{});
    } catch (const mstr::TransportError&) {
      http_refused_ = true;
    } catch (...) {
    }
    done_ = true;
    finished_.notify_all();
    return mstr::SecretValue("late-value");
  }

  void release() {
    std::lock_guard lock(mutex_);
    release_ = true;
    released_.notify_all();
  }

  // Whether the abandoned fetch ran to its end within the wait; then what it saw.
  bool wait_until_done() {
    std::unique_lock lock(mutex_);
    return finished_.wait_for(lock, 60s, [&] { return done_; });
  }
  bool saw_env() const { return saw_env_; }
  bool http_refused() const { return http_refused_; }

 private:
  std::mutex mutex_;
  std::condition_variable released_;
  std::condition_variable finished_;
  bool release_ = false;
  bool done_ = false;
  bool saw_env_ = true;
  bool http_refused_ = false;
};

}  // namespace

TEST_CASE("an abandoned fetch reaches neither the caller's logger, environment nor HTTP client",
          "[plugins][timeout]") {
  auto provider = std::make_shared<LateProvider>();
  mstr::test::RecordingLogger logger;
  NoHttp http;
  const mstr::MapEnvironment env{{{"LATE_VALUE", "x"}}};
  const mstr::ProviderContext context{http, logger, env, 200ms};

  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH(
      mstr::internal::fetch_with_deadline(provider, "late", mstr::CredentialReference("late", "a"), context),
      Catch::Matchers::Contains("plugin 'late' timed out after 200 ms"));
  CHECK(std::chrono::steady_clock::now() - started < 20s);  // not the 60 s the fetch would block

  provider->release();
  REQUIRE(provider->wait_until_done());
  CHECK(logger.lines().empty());
  CHECK_FALSE(provider->saw_env());
  CHECK(provider->http_refused());
}
