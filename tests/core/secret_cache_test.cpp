// The resolver's secret cache against a scripted provider: time to live, stale-if-error on outages
// (never after the vault refused), one fetch for concurrent resolves, and outages from an isolated
// helper arriving as outages.

#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <captured_log.hpp>
#include <test_support/no_http.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::shared_ptr<mstr::PluginRegistry> scripted_plugins(mstr::PluginIsolation isolation) {
  mstr::PluginSearchOptions options;
  options.directories = {MSTR_SCRIPTED_PLUGIN_DIR};
  options.use_environment = false;
  options.use_default_directory = false;
  options.isolation = isolation;
  options.plugin_host = MSTR_PLUGIN_HOST_PATH;
  auto registry = mstr::PluginRegistry::discover(options);
  REQUIRE(registry->refused().empty());
  return registry;
}

struct Vault {
  mstr::test::TempDir dir;
  fs::path file = dir.path() / "secret";
  std::string reference = "scripted:" + file.string();
  void script(const std::string& line) { mstr::test::write_file(file, line + "\n"); }
};

struct Fixture {
  explicit Fixture(mstr::SecretCachePolicy policy,
                   mstr::PluginIsolation isolation = mstr::PluginIsolation::in_process,
                   std::chrono::milliseconds timeout = 60s)
      : resolver(scripted_plugins(isolation), http, env, timeout, policy) {}
  mstr::test::NoHttp http;
  mstr::MapEnvironment env;
  mstr::CredentialResolver resolver;
  Vault vault;

  std::string value() { return std::string(resolver.resolve(vault.reference + "#value").reveal()); }
  std::string fetches() { return std::string(resolver.resolve(vault.reference + "#fetches").reveal()); }
};

mstr::SecretCachePolicy policy(std::chrono::milliseconds ttl, std::chrono::milliseconds grace) {
  mstr::SecretCachePolicy result;
  result.ttl = ttl;
  result.stale_grace = grace;
  return result;
}

}  // namespace

// Durations here are seconds, not milliseconds: what must happen within a time to live or a grace
// period gets seconds of margin on a loaded machine under the sanitizers.
TEST_CASE("a cached secret is fetched again once its time to live has passed", "[resolver][cache][ttl]") {
  Fixture f(policy(3s, 0ms));
  f.vault.script("value:first");
  CHECK(f.value() == "first");
  f.vault.script("value:rotated");
  CHECK(f.value() == "first");  // within the time to live: no fetch
  CHECK(f.fetches() == "1");
  std::this_thread::sleep_for(3100ms);
  CHECK(f.value() == "rotated");
  CHECK(f.fetches() == "2");

  SECTION("a zero time to live never expires; invalidate() still makes it due") {
    Fixture forever(policy(0ms, 0ms));
    forever.vault.script("value:kept");
    CHECK(forever.value() == "kept");
    forever.vault.script("value:new");
    std::this_thread::sleep_for(50ms);
    CHECK(forever.value() == "kept");
    forever.resolver.invalidate();
    CHECK(forever.value() == "new");
  }
}

TEST_CASE("an outage at refetch serves the last value within the grace period, with a warning",
          "[resolver][cache][stale]") {
  mstr::test::CapturedLog log("mstr.credentials");
  Fixture f(policy(100ms, 3s));
  f.vault.script("value:still-good");
  CHECK(f.value() == "still-good");

  for (const char* outage : {"outage", "transport", "timeout"}) {
    f.vault.script(outage);
    f.resolver.invalidate();
    CHECK(f.value() == "still-good");
  }
  const auto messages = log.messages();
  REQUIRE(messages.size() == 3);
  CHECK(messages[0].first == Poco::Message::PRIO_WARNING);
  CHECK_THAT(messages[0].second,
             Catch::Contains(f.vault.reference) && Catch::Contains("test vault unreachable"));
  for (const auto& [priority, text] : messages) CHECK(text.find("still-good") == std::string::npos);

  // The grace counts from the last good fetch: past it, the outage is the caller's error.
  std::this_thread::sleep_for(3100ms);
  f.vault.script("outage");
  CHECK_THROWS_AS(f.value(), mstr::VaultUnavailableError);

  // Once the vault answers again, its value is served and the grace starts over.
  f.vault.script("value:back");
  CHECK(f.value() == "back");
  f.vault.script("timeout");
  f.resolver.invalidate();
  CHECK(f.value() == "back");
}

TEST_CASE("a refusal is never papered over with the last value, and drops it", "[resolver][cache][stale]") {
  Fixture f(policy(10min, 10min));
  f.vault.script("value:old");
  CHECK(f.value() == "old");

  SECTION("access denied") { f.vault.script("denied"); }
  SECTION("the secret is gone") { fs::remove(f.vault.file); }
  f.resolver.invalidate();
  CHECK_THROWS_AS(f.value(), mstr::CredentialError);
  // The value was dropped: a later outage has nothing to fall back on.
  f.vault.script("outage");
  CHECK_THROWS_AS(f.value(), mstr::VaultUnavailableError);
}

TEST_CASE("a grace of zero, a TLS failure or a first fetch never serve a stale value",
          "[resolver][cache][stale]") {
  SECTION("no grace") {
    Fixture f(policy(10min, 0ms));
    f.vault.script("value:old");
    CHECK(f.value() == "old");
    f.vault.script("outage");
    f.resolver.invalidate();
    CHECK_THROWS_AS(f.value(), mstr::VaultUnavailableError);
  }
  SECTION("a certificate that fails verification is not an outage") {
    Fixture f(policy(10min, 10min));
    f.vault.script("value:old");
    CHECK(f.value() == "old");
    f.vault.script("tls");
    f.resolver.invalidate();
    CHECK_THROWS_AS(f.value(), mstr::TlsError);
  }
  SECTION("nothing fetched yet") {
    Fixture f(policy(10min, 10min));
    f.vault.script("outage");
    CHECK_THROWS_AS(f.value(), mstr::VaultUnavailableError);
  }
  SECTION("negative durations are refused") {
    mstr::test::NoHttp http;
    mstr::MapEnvironment env;
    CHECK_THROWS_AS(mstr::CredentialResolver(nullptr, http, env, {}, policy(-1ms, 0ms)),
                    mstr::ConfigurationError);
    CHECK_THROWS_AS(mstr::CredentialResolver(nullptr, http, env, {}, policy(0ms, -1ms)),
                    mstr::ConfigurationError);
  }
}

TEST_CASE("a provider past its deadline is an outage: the last value is served", "[resolver][cache][stale]") {
  Fixture f(policy(10min, 10min), mstr::PluginIsolation::in_process, 200ms);
  f.vault.script("value:before-hang");
  CHECK(f.value() == "before-hang");
  f.vault.script("hang:30000");
  f.resolver.invalidate();
  const auto start = std::chrono::steady_clock::now();
  CHECK(f.value() == "before-hang");
  CHECK(std::chrono::steady_clock::now() - start < 20s);  // the deadline ended it, not the 30 s hang

  Fixture fresh(policy(10min, 10min), mstr::PluginIsolation::in_process, 200ms);
  fresh.vault.script("hang:30000");
  CHECK_THROWS_AS(fresh.value(), mstr::VaultUnavailableError);
}

TEST_CASE("an outage in an isolated helper arrives as an outage in the host",
          "[resolver][cache][isolation]") {
  Fixture f(policy(10min, 10min), mstr::PluginIsolation::process);
  f.vault.script("outage");
  try {
    f.value();
    FAIL("an outage resolved");
  } catch (const mstr::VaultUnavailableError& error) {
    CHECK(error.provider() == "scripted");
    CHECK_THAT(error.what(), Catch::Contains("test vault unreachable"));
  }
  f.vault.script("value:isolated");
  CHECK(f.value() == "isolated");
  f.vault.script("outage");
  f.resolver.invalidate();
  CHECK(f.value() == "isolated");
  f.vault.script("denied");
  f.resolver.invalidate();
  CHECK_THROWS_AS(f.value(), mstr::CredentialError);
  f.vault.script("outage");
  CHECK_THROWS_AS(f.value(), mstr::VaultUnavailableError);
}

TEST_CASE("threads resolving an expired secret together cause one fetch", "[resolver][cache][threads]") {
  Fixture f(policy(3s, 10min));  // the eight threads must all ask within one time to live
  f.vault.script("value:shared");
  CHECK(f.fetches() == "1");
  std::this_thread::sleep_for(3100ms);
  constexpr int kThreads = 8;
  std::vector<std::string> seen(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { seen[static_cast<std::size_t>(i)] = f.fetches(); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& fetches : seen) CHECK(fetches == "2");

  // While the vault is down, one failed fetch serves them all the stale value, with one warning.
  mstr::test::CapturedLog log("mstr.credentials");
  f.vault.script("outage");
  f.resolver.invalidate();
  threads.clear();
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] { seen[static_cast<std::size_t>(i)] = f.value(); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& value : seen) CHECK(value == "shared");
  CHECK(log.messages().size() == 1);
}
