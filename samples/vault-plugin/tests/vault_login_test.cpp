// AppRole and Kubernetes login, token renewal and re-login, and what an outage looks like, through
// the C++ API against fake_vault.py. TTLs are a couple of seconds so each case stays short.
#include "fake_vault.hpp"

#include <mstr/errors.hpp>

#include <Poco/TemporaryFile.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace vault_test;

namespace {

const char* const kSecret = "vault:secret/mstr/prod#password";

mstr::MapEnvironment approle_env(const FakeVault& vault) {
  return env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_ROLE_ID", kRoleId}, {"VAULT_SECRET_ID", kSecretId}});
}

// Resolves `kSecret` afresh: the host's cache is dropped, the provider (and its token) kept.
std::string fetch_again(Resolver& r) {
  r.resolver.invalidate();
  return std::string(r.resolver.resolve(kSecret).reveal());
}

void wait_past_two_thirds_of(double ttl_seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(ttl_seconds * 1000 * 2 / 3) + 200));
}

}  // namespace

TEST_CASE("AppRole: a login with the role id and secret id, and its token kept for the next fetches",
          "[vault][login]") {
  FakeVault vault;
  Resolver r(approle_env(vault));
  CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
  CHECK(fetch_again(r) == "analyst-pass");
  CHECK(vault.stats().logins == 1);
  CHECK(vault.stats().reads == 2);

  SECTION("a custom mount that is not there is Vault's 404, not an outage") {
    auto env = approle_env(vault);
    env.set("VAULT_APPROLE_MOUNT", "approle-ci");
    Resolver other(env);
    const auto failure = failure_of(other, kSecret);
    CHECK(failure.message.find("AppRole login at auth/approle-ci") != std::string::npos);
    CHECK_FALSE(failure.outage);
  }
}

TEST_CASE("AppRole: the secret id from a file that only its owner may read", "[vault][login]") {
  FakeVault vault;
  Poco::TemporaryFile file;
  auto env = env_of({{"VAULT_ADDR", vault.url()},
                     {"VAULT_ROLE_ID", kRoleId},
                     {"VAULT_SECRET_ID_FILE", private_file(file, std::string(kSecretId) + "\n")}});
  {
    Resolver r(env);
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    CHECK(vault.stats().logins == 1);
  }
  private_file(file, std::string(70 * 1024, 'x'));
  Resolver huge(env);
  CHECK(error_of(huge, kSecret).find("larger than 64 KiB") != std::string::npos);

  private_file(file, kSecretId, 0640);
  Resolver loose(env);
  const auto failure = failure_of(loose, kSecret);
  CHECK(failure.message.find("VAULT_SECRET_ID_FILE") != std::string::npos);
  CHECK(failure.message.find("chmod 600") != std::string::npos);
  CHECK_FALSE(failure.outage);
  CHECK(vault.stats().logins == 1);
}

TEST_CASE("AppRole: a refused secret id and a half configuration are credential errors without the secret",
          "[vault][login]") {
  FakeVault vault;
  auto env = approle_env(vault);
  env.set("VAULT_SECRET_ID", "wrong-secret-id");
  Resolver wrong(env);
  const auto refused = failure_of(wrong, kSecret);
  CHECK(refused.message.find("refused the role id or secret id") != std::string::npos);
  CHECK(refused.message.find("wrong-secret-id") == std::string::npos);
  CHECK(refused.message.find(kRoleId) == std::string::npos);
  CHECK_FALSE(refused.outage);
  CHECK(vault.stats().refused == 1);

  Resolver role_only(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_ROLE_ID", kRoleId}}));
  CHECK(error_of(role_only, kSecret).find("VAULT_ROLE_ID is set but neither VAULT_SECRET_ID") !=
        std::string::npos);
  Resolver secret_only(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_SECRET_ID", kSecretId}}));
  CHECK(error_of(secret_only, kSecret).find("VAULT_ROLE_ID is not") != std::string::npos);
  auto both = approle_env(vault);
  both.set("VAULT_SECRET_ID_FILE", "/nonexistent");
  Resolver twice(both);
  CHECK(error_of(twice, kSecret).find("keep one") != std::string::npos);
  Resolver k8s_half(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_K8S_TOKEN_FILE", "/nonexistent"}}));
  CHECK(error_of(k8s_half, kSecret).find("VAULT_K8S_ROLE is not") != std::string::npos);
  CHECK(vault.stats().logins == 0);
}

TEST_CASE("a static VAULT_TOKEN goes first, then AppRole, then Kubernetes", "[vault][login]") {
  FakeVault vault;
  Poco::TemporaryFile jwt;
  auto env = approle_env(vault);
  env.set("VAULT_K8S_ROLE", "not-this-role");
  env.set("VAULT_K8S_TOKEN_FILE", private_file(jwt, kJwt, 0644));
  env.set("VAULT_TOKEN", kToken);
  {
    Resolver r(env);
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    CHECK(vault.stats().logins == 0);
  }
  env.unset("VAULT_TOKEN");
  {
    // AppRole before Kubernetes: the Kubernetes role here would be refused.
    Resolver r(env);
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    CHECK(vault.stats().logins == 1);
    CHECK(vault.stats().refused == 0);
  }
}

TEST_CASE("Kubernetes: a login with the role and the service-account token", "[vault][login]") {
  FakeVault vault;
  Poco::TemporaryFile jwt;
  // Kubernetes projects the token world-readable inside the pod: the file is taken as it is.
  auto env = env_of({{"VAULT_ADDR", vault.url()},
                     {"VAULT_K8S_ROLE", kK8sRole},
                     {"VAULT_K8S_TOKEN_FILE", private_file(jwt, std::string(kJwt) + "\n", 0644)}});
  {
    Resolver r(env);
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    CHECK(vault.stats().logins == 1);
  }
  env.set("VAULT_K8S_ROLE", "another-role");
  {
    Resolver r(env);
    const auto failure = failure_of(r, kSecret);
    CHECK(failure.message.find("refused the service-account token") != std::string::npos);
    CHECK(failure.message.find(kJwt) == std::string::npos);
    CHECK_FALSE(failure.outage);
  }
  env.set("VAULT_K8S_TOKEN_FILE", jwt.path() + ".missing");
  Resolver missing(env);
  CHECK(error_of(missing, kSecret).find("VAULT_K8S_TOKEN_FILE") != std::string::npos);
  env.set("VAULT_K8S_MOUNT", "k8s-east");
  env.set("VAULT_K8S_TOKEN_FILE", jwt.path());
  Resolver other_mount(env);
  CHECK(error_of(other_mount, kSecret).find("Kubernetes login at auth/k8s-east") != std::string::npos);
}

TEST_CASE(
    "a login token is renewed after two thirds of its TTL, and replaced once renewal stops extending it",
    "[vault][login][renewal]") {
  SECTION("renewable within a long max TTL: renewed, no second login") {
    // A 3 s TTL leaves about a second between "due for renewal" and "expired", so a busy machine
    // does not turn the renewal into a new login.
    FakeVault vault({"--ttl", "3", "--max-ttl", "60"});
    Resolver r(approle_env(vault));
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    wait_past_two_thirds_of(3);
    CHECK(fetch_again(r) == "analyst-pass");
    CHECK(vault.stats().renewals == 1);
    CHECK(vault.stats().logins == 1);
    // Renewed for another 3 s: the next use is not due for a renewal yet.
    CHECK(fetch_again(r) == "analyst-pass");
    CHECK(vault.stats().renewals == 1);
  }
  SECTION("at the max TTL the renewal gives nothing more: a new login") {
    FakeVault vault({"--ttl", "2", "--max-ttl", "2"});
    Resolver r(approle_env(vault));
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    wait_past_two_thirds_of(2);
    CHECK(fetch_again(r) == "analyst-pass");
    CHECK(vault.stats().logins == 2);
  }
  SECTION("not renewable: a new login, no renewal attempted") {
    FakeVault vault({"--ttl", "2", "--not-renewable"});
    Resolver r(approle_env(vault));
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    wait_past_two_thirds_of(2);
    CHECK(fetch_again(r) == "analyst-pass");
    CHECK(vault.stats().renewals == 0);
    CHECK(vault.stats().logins == 2);
  }
  SECTION("expired before its next use: a new login") {
    FakeVault vault({"--ttl", "1"});
    Resolver r(approle_env(vault));
    CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    CHECK(fetch_again(r) == "analyst-pass");
    CHECK(vault.stats().renewals == 0);
    CHECK(vault.stats().logins == 2);
    CHECK(vault.stats().reads == 2);
  }
}

TEST_CASE("a token refused with 403 is replaced by one new login, and only one", "[vault][login]") {
  FakeVault vault;
  Resolver r(approle_env(vault));
  CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");
  vault.control(R"({"revoke": true})");
  CHECK(fetch_again(r) == "analyst-pass");
  CHECK(vault.stats().logins == 2);
  CHECK(vault.stats().reads == 3);

  // A path the role may not read stays denied after the new login: a credential error, one login.
  const auto denied = failure_of(r, "vault:other-mount/x#password");
  CHECK(denied.message.find("even with a fresh login") != std::string::npos);
  CHECK_FALSE(denied.outage);
  CHECK(vault.stats().logins == 3);
  CHECK(vault.stats().reads == 5);

  // A static token gets no second chance: there is nothing to log in with.
  Resolver fixed(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_TOKEN", "s.revoked"}}));
  CHECK(error_of(fixed, kSecret).find("the token is invalid") != std::string::npos);
  CHECK(vault.stats().logins == 3);
}

TEST_CASE("an outage is a VaultUnavailableError, and a missing secret is a plain CredentialError",
          "[vault][login][outage]") {
  FakeVault vault;
  Resolver r(approle_env(vault));
  CHECK(r.resolver.resolve(kSecret).reveal() == "analyst-pass");

  const auto missing = failure_of(r, "vault:secret/mstr/missing#password");
  CHECK(missing.message.find("no such secret") != std::string::npos);
  CHECK_FALSE(missing.outage);

  SECTION("503 on every attempt") {
    vault.control(R"({"outage": "503"})");
    r.resolver.invalidate();
    const auto failure = failure_of(r, kSecret);
    CHECK(failure.outage);
    CHECK(failure.message.find("upstream unavailable") != std::string::npos);
  }
  SECTION("sealed, at the login too") {
    vault.control(R"({"sealed": true})");
    Resolver fresh(approle_env(vault));
    const auto failure = failure_of(fresh, kSecret);
    CHECK(failure.outage);
    CHECK(failure.message.find("AppRole login") != std::string::npos);
    CHECK(failure.message.find("sealed") != std::string::npos);
  }
  SECTION("connections dropped without an answer") {
    vault.control(R"({"outage": "drop"})");
    r.resolver.invalidate();
    const auto failure = failure_of(r, kSecret);
    CHECK(failure.outage);
    CHECK(failure.message.find("unreachable") != std::string::npos);
  }
  SECTION("a host with the default cache policy keeps using the last value through the outage") {
    Resolver host(approle_env(vault), vault_plugin_only(), mstr::SecretCachePolicy{});
    CHECK(host.resolver.resolve(kSecret).reveal() == "analyst-pass");
    vault.control(R"({"outage": "503"})");
    host.resolver.invalidate();
    CHECK(host.resolver.resolve(kSecret).reveal() == "analyst-pass");
    CHECK(failure_of(host, "vault:secret/mstr/missing#password").outage);
  }
  SECTION("back again after the outage") {
    vault.control(R"({"outage": "503"})");
    r.resolver.invalidate();
    CHECK(failure_of(r, kSecret).outage);
    vault.control(R"({"outage": null})");
    CHECK(fetch_again(r) == "analyst-pass");
  }
}

TEST_CASE("nothing listening at VAULT_ADDR is an outage", "[vault][login][outage]") {
  std::string url;
  {
    FakeVault gone;
    url = gone.url();
  }
  Resolver r(env_of({{"VAULT_ADDR", url}, {"VAULT_TOKEN", kToken}}));
  const auto failure = failure_of(r, kSecret);
  CHECK(failure.outage);
  CHECK(failure.message.find("unreachable") != std::string::npos);
}

TEST_CASE("fetches from several threads share one login", "[vault][login][threads]") {
  FakeVault vault;
  const auto plugins = vault_plugin_only();
  std::vector<std::string> values(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < values.size(); ++i) {
    threads.emplace_back([&, i] {
      Resolver r(approle_env(vault), plugins);
      try {
        values[i] = std::string(r.resolver.resolve(kSecret).reveal());
      } catch (const mstr::Error& e) {
        values[i] = e.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& value : values) CHECK(value == "analyst-pass");
  CHECK(vault.stats().logins == 1);
  CHECK(vault.stats().reads == 6);
}
