// The azure-kv provider against fake_azure.py with a client-secret service principal: challenge
// authentication, token caching and refresh, and every error Key Vault or Entra ID can answer.

#include "fake_azure.hpp"

#include <key_vault_provider.hpp>

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using mstr::internal::azure::KeyVaultProvider;
using mstr::internal::azure::KeyVaultProviderOptions;

namespace {

const char* const kSecrets = R"({
  "secrets": {
    "alpha": {"value": "alpha-s3cret"},
    "beta": {"value": "beta-s3cret"},
    "gamma": {"value": "gamma-s3cret", "versions": {"v1": "gamma-old-s3cret"}},
    "busy": {"value": "busy-s3cret"},
    "off": {"value": "off-s3cret", "enabled": false},
    "empty": {"no_value": true}
  },
  "errors": {"locked": {"status": 403, "code": "Forbidden",
             "message": "The user, group or application 'appid=fake-client-id' does not have secrets get permission on key vault 'fake'."}},
  "throttle_once": ["busy"]
})";

struct Fixture {
  explicit Fixture(const std::string& config = kSecrets,
                   KeyVaultProviderOptions options = mstr::test::fast_options())
      : fake(config), env(fake.base_environment()), provider(std::move(options)) {
    env.set("AZURE_TENANT_ID", "fake-tenant");
    env.set("AZURE_CLIENT_ID", "fake-client-id");
    env.set("AZURE_CLIENT_SECRET", "fake-client-secret");
  }

  mstr::SecretValue fetch(const std::string& secret) {
    mstr::test::RecordingLogger logger;
    const mstr::ProviderContext context{*http, logger, env};
    return provider.fetch(mstr::CredentialReference::parse(fake.vault_ref(secret)), context);
  }

  // The CredentialError a fetch throws; fails the test when there is none.
  mstr::CredentialError fetch_error(const std::string& secret) {
    try {
      fetch(secret);
    } catch (const mstr::CredentialError& error) {
      CHECK(error.provider() == "azure");
      return error;
    }
    FAIL("fetching " << secret << " succeeded");
    throw std::logic_error("unreachable");
  }

  mstr::test::FakeAzure fake;
  mstr::MapEnvironment env;
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  KeyVaultProvider provider;
};

}  // namespace

TEST_CASE("the vault's challenge is answered once and one token serves many secrets", "[azure][vault]") {
  Fixture f;
  CHECK(f.fetch("alpha").reveal() == "alpha-s3cret");
  CHECK(f.fetch("beta").reveal() == "beta-s3cret");
  CHECK(f.fetch("gamma").reveal() == "gamma-s3cret");
  CHECK(f.fetch("alpha").reveal() == "alpha-s3cret");
  const auto stats = f.fake.stats();
  CHECK(stats->getValue<int>("secret_challenged") == 1);
  CHECK(stats->getValue<int>("token_secret") == 1);
  CHECK(stats->getValue<int>("secret_authorised") == 4);
  CHECK(stats->getValue<int>("secret_rejected") == 0);
  CHECK(stats->getArray("scopes")->getElement<std::string>(0) == "http://127.0.0.1");
}

TEST_CASE("a scope challenge (authorization_uri=, scope=) is followed as well", "[azure][vault]") {
  Fixture f;
  f.fake.configure(R"({"challenge_style": "scope"})");
  CHECK(f.fetch("alpha").reveal() == "alpha-s3cret");
  CHECK(f.fake.count("token_secret") == 1);
}

TEST_CASE("a version in the reference fetches that version", "[azure][vault]") {
  Fixture f;
  CHECK(f.fetch("gamma/v1").reveal() == "gamma-old-s3cret");
  CHECK(f.fetch_error("gamma/v2").what() ==
        std::string("the secret gamma version v2 in vault " + f.fake.url() +
                    " does not exist (SecretNotFound): A secret with (name/id) "
                    "gamma was not found in this key vault."));
}

TEST_CASE("a token is renewed once it comes near its expiry", "[azure][vault][refresh]") {
  auto now = std::chrono::system_clock::now();
  auto options = mstr::test::fast_options();
  options.clock = [&now] { return now; };
  Fixture f(kSecrets, std::move(options));
  f.fetch("alpha");
  now += 3000s;  // 3600 s tokens, renewed 300 s early: still fresh
  f.fetch("beta");
  CHECK(f.fake.count("token_secret") == 1);
  now += 400s;
  f.fetch("alpha");
  CHECK(f.fake.count("token_secret") == 2);
  CHECK(f.fake.count("secret_challenged") == 1);
}

TEST_CASE("a token that lives less than the refresh margin is fetched for each use",
          "[azure][vault][refresh]") {
  Fixture f;
  f.fake.configure(R"({"token_lifetime": 120})");
  f.fetch("alpha");
  f.fetch("beta");
  CHECK(f.fake.count("token_secret") == 2);
}

TEST_CASE("a token the vault rejects is dropped and a fresh one fetched, once", "[azure][vault][refresh]") {
  Fixture f;
  f.fetch("alpha");
  f.fake.revoke_tokens();
  CHECK(f.fetch("beta").reveal() == "beta-s3cret");
  CHECK(f.fake.count("token_secret") == 2);
  CHECK(f.fake.count("secret_rejected") == 1);
}

TEST_CASE("a challenge for a resource outside the vault's domain gets no token",
          "[azure][vault][challenge]") {
  Fixture f;
  f.fake.configure(R"({"challenge_resource": "https://management.azure.com"})");
  const auto error = f.fetch_error("alpha");
  CHECK_THAT(error.what(), Contains("asked for a token for 'https://management.azure.com/.default'") &&
                               Contains("not in the vault's own domain") && Contains(f.fake.url()));
  const auto stats = f.fake.stats();
  CHECK(stats->getValue<int>("token_secret") == 0);
  CHECK(stats->getValue<int>("secret_authorised") == 0);
}

TEST_CASE("Key Vault's refusals become errors naming the secret and vault, never a value",
          "[azure][vault][errors]") {
  Fixture f;
  const std::string vault = f.fake.url();

  const std::string missing = f.fetch_error("nope").what();
  CHECK_THAT(missing, Contains("the secret nope in vault " + vault + " does not exist (SecretNotFound)"));

  const std::string disabled = f.fetch_error("off").what();
  CHECK_THAT(disabled,
             Contains("the secret off in vault " + vault + " is disabled") && Contains("SecretDisabled"));
  CHECK_THAT(disabled, !Contains("off-s3cret"));

  const std::string empty = f.fetch_error("empty").what();
  CHECK_THAT(empty, Contains("the secret empty in vault " + vault + " has no value"));

  const std::string denied = f.fetch_error("locked").what();
  CHECK_THAT(denied, Contains("access to the secret locked in vault " + vault + " is denied") &&
                         Contains("(Forbidden)") && Contains("does not have secrets get permission"));
}

TEST_CASE("throttling and a failing token endpoint are retried", "[azure][vault][retry]") {
  Fixture f;
  f.fake.configure(R"({"token_fail_once": true})");
  CHECK(f.fetch("busy").reveal() == "busy-s3cret");
  CHECK(f.fake.secret_requests("busy") == 2);
  CHECK(f.fake.count("token_failed") == 1);
  CHECK(f.fake.count("token_secret") == 1);
}

TEST_CASE("Entra ID's refusal of the service principal is named, without the secret",
          "[azure][vault][errors]") {
  Fixture f;
  f.env.set("AZURE_CLIENT_SECRET", "wrong-client-s3cret");
  const std::string bad_secret = f.fetch_error("alpha").what();
  CHECK_THAT(bad_secret, Contains("invalid_client") && Contains("AADSTS7000215") &&
                             Contains("fake-client-id") && Contains("EnvironmentCredential"));
  CHECK_THAT(bad_secret, !Contains("wrong-client-s3cret"));
  CHECK(f.fake.count("imds") == 0);

  f.env.set("AZURE_CLIENT_SECRET", "fake-client-secret");
  f.env.set("AZURE_TENANT_ID", "other-tenant");
  CHECK_THAT(f.fetch_error("alpha").what(), Contains("AADSTS90002"));
  f.env.set("AZURE_TENANT_ID", "../evil");
  CHECK_THAT(f.fetch_error("alpha").what(), Contains("AZURE_TENANT_ID must be a tenant GUID or domain name"));
}

TEST_CASE("an unreachable vault, a remote http authority and a foreign scheme are clear errors",
          "[azure][vault][errors]") {
  Fixture f;
  mstr::test::RecordingLogger logger;
  const mstr::ProviderContext context{*f.http, logger, f.env};
  const auto closed = mstr::test::closed_loopback_url();
  try {
    f.provider.fetch(mstr::CredentialReference::parse("azure-kv:" + closed + "/alpha"), context);
    FAIL("fetched from a closed port");
  } catch (const mstr::CredentialError& error) {
    CHECK_THAT(error.what(), Contains("cannot reach the vault " + closed));
  }

  f.env.set("AZURE_AUTHORITY_HOST", "http://login.example.com");
  CHECK_THAT(f.fetch_error("alpha").what(), Contains("AZURE_AUTHORITY_HOST"));

  CHECK_THROWS_WITH(f.provider.fetch(mstr::CredentialReference::parse("aws-sm:x"), context),
                    Contains("aws-sm"));
  CHECK_THROWS_WITH(f.provider.fetch(mstr::CredentialReference::parse("azure-kv:vault/x"), context),
                    Contains("invalid azure-kv reference"));
  CHECK(f.provider.schemes() == std::vector<std::string>{"azure-kv"});
}

TEST_CASE("an outage is a VaultUnavailableError, and a refusal stays a plain CredentialError",
          "[azure][vault][outage]") {
  Fixture f(R"({"secrets": {"alpha": {"value": "alpha-s3cret"}},
               "errors": {"down": {"status": 503, "code": "ServiceUnavailable", "message": "try later"},
                          "hot": {"status": 429, "code": "Throttled", "message": "slow down"},
                          "locked": {"status": 403, "code": "Forbidden", "message": "no get permission"}}})");
  const auto is_outage = [&](const std::string& secret) {
    try {
      f.fetch(secret);
    } catch (const mstr::VaultUnavailableError& outage) {
      CHECK(outage.provider() == "azure");
      return true;
    } catch (const mstr::CredentialError& refusal) {
      CHECK(refusal.provider() == "azure");
      return false;
    }
    FAIL("fetching " << secret << " succeeded");
    return false;
  };
  CHECK(is_outage("down"));
  CHECK(f.fake.secret_requests("down") > 1);  // only after the retries
  CHECK(is_outage("hot"));
  CHECK_FALSE(is_outage("locked"));
  CHECK_FALSE(is_outage("nope"));
  CHECK_THAT(f.fetch_error("down").what(), Contains("is unavailable") && Contains("503"));

  mstr::test::RecordingLogger logger;
  const mstr::ProviderContext context{*f.http, logger, f.env};
  CHECK_THROWS_AS(f.provider.fetch(mstr::CredentialReference::parse(
                                       "azure-kv:" + mstr::test::closed_loopback_url() + "/alpha"),
                                   context),
                  mstr::VaultUnavailableError);

  SECTION("Entra ID that cannot be reached is an outage too; one that refuses the client is not") {
    Fixture entra_down;
    entra_down.env.set("AZURE_AUTHORITY_HOST", mstr::test::closed_loopback_url());
    try {
      entra_down.fetch("alpha");
      FAIL("fetched without a token");
    } catch (const mstr::VaultUnavailableError& outage) {
      CHECK(outage.provider() == "azure");
    }
    Fixture refused;
    refused.env.set("AZURE_CLIENT_SECRET", "not-the-secret");
    try {
      refused.fetch("alpha");
      FAIL("fetched with a wrong client secret");
    } catch (const mstr::VaultUnavailableError&) {
      FAIL("a refused client secret was taken for an outage");
    } catch (const mstr::CredentialError& refusal) {
      CHECK(refusal.provider() == "azure");
      CHECK_THAT(refusal.what(), !Contains("not-the-secret"));
    }
  }
}
