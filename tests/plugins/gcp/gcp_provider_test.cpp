// The gcp-sm provider against fake_gcp.py over loopback: every ADC source, token caching and
// renewal, Secret Manager's answers and errors.

#include "fake_gcp_fixture.hpp"
#include "secret_manager_provider.hpp"

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>


#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

#include <test_support/temp_dir.hpp>

#include <atomic>
#include <thread>

using mstr::internal::gcp::SecretManagerProvider;
using mstr::internal::gcp::SecretManagerProviderOptions;
using mstr::test::FakeGcp;
using namespace std::chrono_literals;

namespace {

const std::string kSecretsConfig = R"({
  "quota_project_id": "billing-project",
  "secrets": {
    "projects/fake-project/secrets/mstr-password/versions/latest": {"data": "admin-pass"},
    "projects/fake-project/secrets/mstr-password/versions/2": {"data": "old-pass", "crc": "none"},
    "projects/fake-project/secrets/numeric-crc/versions/latest": {"data": "numbers", "crc": "number"},
    "projects/fake-project/secrets/corrupted/versions/latest": {"data": "admin-pass", "crc": "bad"},
    "projects/fake-project/secrets/throttled/versions/latest": {"data": "after-throttle"}
  },
  "errors": {
    "projects/fake-project/secrets/forbidden/versions/latest": {"code": 403, "status": "PERMISSION_DENIED",
      "message": "Permission 'secretmanager.versions.access' denied for resource (or it may not exist)."},
    "projects/fake-project/secrets/broken/versions/latest": {"code": 503, "status": "UNAVAILABLE",
      "message": "The service is currently unavailable."},
    "projects/fake-project/secrets/exhausted/versions/latest": {"code": 429, "status": "RESOURCE_EXHAUSTED",
      "message": "Quota exceeded for quota metric 'Access requests'."},
    "projects/fake-project/secrets/unauthenticated/versions/latest": {"code": 401, "status": "UNAUTHENTICATED",
      "message": "Request had invalid authentication credentials."}
  },
  "throttle_once": ["projects/fake-project/secrets/throttled/versions/latest"]
})";

const std::string kPassword = "projects/fake-project/secrets/mstr-password/versions/latest";

// Nothing listens on port 1 of loopback: the metadata source is refused at once.
constexpr const char* kNoMetadataServer = "127.0.0.1:1";

struct Harness {
  explicit Harness(const FakeGcp& fake, SecretManagerProviderOptions options = fast_options())
      : provider(std::move(options)) {
    env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", fake.url());
    env.set("HOME", fake.scratch().string());
    env.set("GCE_METADATA_HOST", kNoMetadataServer);
  }

  static SecretManagerProviderOptions fast_options() {
    SecretManagerProviderOptions options;
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = 10ms;
    options.retry.max_backoff = 50ms;
    return options;
  }

  mstr::SecretValue fetch(const std::string& locator) {
    mstr::test::RecordingLogger logger;
    const mstr::ProviderContext context{*http, logger, env};
    return provider.fetch(mstr::CredentialReference("gcp-sm", locator), context);
  }

  // The CredentialError of a fetch that must fail; checks the provider name and that no secret leaked.
  std::string failure(const std::string& locator) {
    try {
      fetch(locator);
    } catch (const mstr::CredentialError& e) {
      CHECK(e.provider() == "gcp");
      const std::string message = e.what();
      for (const char* secret :
           {"admin-pass", "ya29.", "PRIVATE KEY", "fake-client-secret", "fake-refresh-token"}) {
        CHECK(message.find(secret) == std::string::npos);
      }
      return message;
    }
    FAIL("the fetch of " << locator << " succeeded");
    return {};
  }

  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  mstr::MapEnvironment env;
  SecretManagerProvider provider;
};

}  // namespace

TEST_CASE("a service-account key in GOOGLE_APPLICATION_CREDENTIALS signs a JWT the token endpoint accepts",
          "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(harness.fetch("projects/fake-project/secrets/mstr-password/versions/2").reveal() == "old-pass");
  CHECK(fake.count("token_jwt") == 1);  // the second fetch reused the cached token
  CHECK(fake.count("token_rejected") == 0);
  CHECK(fake.accesses(kPassword) == 1);
  CHECK(fake.stats()->isNull("last_user_project"));
}

TEST_CASE("a service-account key the token endpoint does not know is refused with its OAuth error",
          "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account_wrong_key.json").string());
  const auto message = harness.failure(kPassword);
  CHECK_THAT(message, Catch::Contains("mstr-test@fake-project.iam.gserviceaccount.com") &&
                          Catch::Contains("HTTP 400") && Catch::Contains("invalid_grant"));
  CHECK(fake.count("token_rejected") == 1);
  CHECK(fake.accesses(kPassword) == 0);
}

TEST_CASE("an authorized_user file uses the refresh-token grant and bills its quota project", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("authorized_user.json").string());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("token_refresh") == 1);
  CHECK(fake.count("token_jwt") == 0);
  CHECK(fake.stats()->getValue<std::string>("last_user_project") == "billing-project");
}

TEST_CASE("the fake bills only requests that name the quota project in x-goog-user-project", "[gcp][adc]") {
  FakeGcp fake(R"({"quota_project_id": "billing-project", "require_user_project": "billing-project",
                   "secrets": {")" +
               kPassword + R"(": {"data": "admin-pass"}}})");
  Harness harness(fake);
  SECTION("an authorized_user file with quota_project_id sends it") {
    harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("authorized_user.json").string());
    CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  }
  SECTION("a service-account key without one does not, and the refusal is reported") {
    harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
    CHECK_THAT(harness.failure(kPassword),
               Catch::Contains("PERMISSION_DENIED (HTTP 403)") && Catch::Contains("USER_PROJECT_DENIED"));
  }
  CHECK(fake.accesses(kPassword) == 1);
}

TEST_CASE("an authorized_user file with a wrong client secret is refused", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("authorized_user_bad_secret.json").string());
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("authorized user") && Catch::Contains("invalid_client"));
}

TEST_CASE("GOOGLE_APPLICATION_CREDENTIALS naming a missing file is an error, not a fall-through",
          "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", (fake.scratch() / "missing.json").string());
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("GOOGLE_APPLICATION_CREDENTIALS names") && Catch::Contains("does not exist"));
  CHECK(fake.count("metadata") == 0);
}

TEST_CASE("gcloud's well-known file is found through CLOUDSDK_CONFIG or HOME", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  const auto user = mstr::test::read_file(fake.file("authorized_user.json"));

  SECTION("CLOUDSDK_CONFIG") {
    const auto config = fake.scratch() / "gcloud-config";
    std::filesystem::create_directories(config);
    mstr::test::write_file(config / "application_default_credentials.json", user);
    harness.env.set("CLOUDSDK_CONFIG", config.string());
  }
  SECTION("HOME") {
    const auto config = fake.scratch() / ".config" / "gcloud";
    std::filesystem::create_directories(config);
    mstr::test::write_file(config / "application_default_credentials.json", user);
  }
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("token_refresh") == 1);
}

TEST_CASE("GOOGLE_APPLICATION_CREDENTIALS comes before gcloud's well-known file", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  const auto config = fake.scratch() / ".config" / "gcloud";
  std::filesystem::create_directories(config);
  mstr::test::write_file(config / "application_default_credentials.json",
                         mstr::test::read_file(fake.file("authorized_user.json")));
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("token_jwt") == 1);
  CHECK(fake.count("token_refresh") == 0);
}

TEST_CASE("a broken gcloud well-known file is an error", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  const auto config = fake.scratch() / ".config" / "gcloud";
  std::filesystem::create_directories(config);
  mstr::test::write_file(config / "application_default_credentials.json", R"({"type": "authorized_user"})");
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("gcloud's well-known file") && Catch::Contains("has no \"client_id\""));
}

TEST_CASE("the metadata server gives the default service account's token", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("metadata") == 1);
  CHECK(fake.accesses(kPassword) == 2);
}

TEST_CASE("a server without Metadata-Flavor: Google is not taken for the metadata server", "[gcp][adc]") {
  FakeGcp fake(R"({"metadata_flavor": false})");
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK_THAT(harness.failure(kPassword), Catch::Contains("no Google credential is available") &&
                                             Catch::Contains("without Metadata-Flavor: Google"));
}

TEST_CASE("a metadata server without a default service account says so", "[gcp][adc]") {
  FakeGcp fake(R"({"metadata_status": 404})");
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("no default service account") && Catch::Contains("404"));
}

TEST_CASE("a metadata server failing once is retried", "[gcp][adc]") {
  FakeGcp fake(R"({"metadata_fail_once": true, "secrets": {")" + kPassword +
               R"(": {"data": "admin-pass"}}})");
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("metadata") == 2);
}

TEST_CASE("a metadata server that keeps failing is an error naming its host and status", "[gcp][adc]") {
  FakeGcp fake(R"({"metadata_status": 503})");
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("metadata server " + fake.host()) && Catch::Contains("HTTP 503"));
  CHECK(fake.count("metadata") == 3);
}

TEST_CASE("with no credentials anywhere the error lists every source tried", "[gcp][adc]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  const auto message = harness.failure(kPassword);
  CHECK_THAT(message, Catch::Contains("no Google credential is available"));
  CHECK_THAT(message, Catch::Contains("\n  - GOOGLE_APPLICATION_CREDENTIALS: not set"));
  CHECK_THAT(message, Catch::Contains("\n  - gcloud's well-known file: " + fake.scratch().string() +
                                      "/.config/gcloud/application_default_credentials.json does not exist"));
  CHECK_THAT(message, Catch::Contains("\n  - metadata server: 127.0.0.1:1 did not answer"));
  harness.env.unset("HOME");
  CHECK_THAT(harness.failure(kPassword), Catch::Contains("neither CLOUDSDK_CONFIG nor HOME is set"));
  CHECK(fake.accesses(kPassword) == 0);
}

TEST_CASE("tokens are renewed once they come within the refresh margin of expiry", "[gcp][cache]") {
  FakeGcp fake(R"({"token_lifetime": 600, "secrets": {")" + kPassword + R"(": {"data": "admin-pass"}}})");
  auto now = std::chrono::system_clock::now();
  auto options = Harness::fast_options();
  options.clock = [&now] { return now; };
  Harness harness(fake, options);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  harness.fetch(kPassword);
  now += 240s;  // 360 s left, more than the 300 s margin
  harness.fetch(kPassword);
  CHECK(fake.count("token_jwt") == 1);
  now += 80s;  // 280 s left
  harness.fetch(kPassword);
  CHECK(fake.count("token_jwt") == 2);
  CHECK(fake.accesses(kPassword) == 3);
}

TEST_CASE("a token the service refuses before its expiry is replaced once", "[gcp][cache]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("authorized_user.json").string());
  harness.fetch(kPassword);
  fake.revoke();
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("token_refresh") == 2);
  CHECK(fake.count("unauthorized") == 1);
}

TEST_CASE("threads fetching together share one token request", "[gcp][cache]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  std::atomic<int> correct{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (harness.fetch(kPassword).reveal() == "admin-pass") ++correct;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(correct == 6);
  CHECK(fake.count("token_jwt") == 1);
  CHECK(fake.accesses(kPassword) == 6);
}

TEST_CASE("Secret Manager's answers: checksums present, absent, as numbers, and corrupted",
          "[gcp][secret-manager]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(harness.fetch("projects/fake-project/secrets/mstr-password/versions/2").reveal() == "old-pass");
  CHECK(harness.fetch("projects/fake-project/secrets/numeric-crc").reveal() == "numbers");
  CHECK_THAT(harness.failure("projects/fake-project/secrets/corrupted"),
             Catch::Contains("projects/fake-project/secrets/corrupted/versions/latest") &&
                 Catch::Contains("CRC32C"));
}

TEST_CASE("Secret Manager's errors name the version and Google's status", "[gcp][secret-manager]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());

  CHECK_THAT(harness.failure("projects/fake-project/secrets/absent/versions/4"),
             Catch::Contains("cannot access projects/fake-project/secrets/absent/versions/4") &&
                 Catch::Contains("NOT_FOUND (HTTP 404)"));
  CHECK_THAT(
      harness.failure("projects/fake-project/secrets/forbidden"),
      Catch::Contains("PERMISSION_DENIED (HTTP 403)") && Catch::Contains("secretmanager.secretAccessor"));
  CHECK_THAT(harness.failure("projects/fake-project/secrets/broken"),
             Catch::Contains("UNAVAILABLE (HTTP 503)") && Catch::Contains("after the retries"));
  // Server errors and throttling cost every attempt of the policy; a refusal costs one request.
  CHECK(fake.accesses("projects/fake-project/secrets/broken/versions/latest") == 3);
  CHECK(fake.accesses("projects/fake-project/secrets/forbidden/versions/latest") == 1);
  CHECK_THAT(harness.failure("projects/fake-project/secrets/exhausted"),
             Catch::Contains("cannot access projects/fake-project/secrets/exhausted/versions/latest") &&
                 Catch::Contains("RESOURCE_EXHAUSTED (HTTP 429)") && Catch::Contains("still throttled"));
  CHECK(fake.accesses("projects/fake-project/secrets/exhausted/versions/latest") == 3);
}

TEST_CASE("a 401 that a fresh token does not cure is an error, after exactly one new token", "[gcp][cache]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  CHECK_THAT(harness.failure("projects/fake-project/secrets/unauthenticated"),
             Catch::Contains("cannot access projects/fake-project/secrets/unauthenticated/versions/latest") &&
                 Catch::Contains("UNAUTHENTICATED (HTTP 401)"));
  CHECK(fake.count("token_jwt") == 2);
  CHECK(fake.accesses("projects/fake-project/secrets/unauthenticated/versions/latest") == 2);
}

TEST_CASE("throttling once, then success, is retried", "[gcp][secret-manager]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK(harness.fetch("projects/fake-project/secrets/throttled").reveal() == "after-throttle");
  CHECK(fake.accesses("projects/fake-project/secrets/throttled/versions/latest") == 2);
}

TEST_CASE("a token endpoint failing once is retried", "[gcp][adc]") {
  FakeGcp fake(R"({"token_fail_once": true, "secrets": {")" + kPassword + R"(": {"data": "admin-pass"}}})");
  Harness harness(fake);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string());
  CHECK(harness.fetch(kPassword).reveal() == "admin-pass");
  CHECK(fake.count("token_jwt") == 1);  // the 503 came before the grant was read
}

TEST_CASE("plain http is refused for endpoints that are not loopback", "[gcp][security]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());

  harness.env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", "http://secretmanager.example.com");
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("MSTR_GCP_SECRETMANAGER_ENDPOINT") && Catch::Contains("loopback"));
  harness.env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", fake.url());

  harness.env.set("GCE_METADATA_HOST", "10.1.2.3:80");
  CHECK_THAT(harness.failure(kPassword), Catch::Contains("GCE_METADATA_HOST") && Catch::Contains("loopback"));
  harness.env.set("GCE_METADATA_HOST", "127.0.0.1/evil");
  CHECK_THAT(harness.failure(kPassword), Catch::Contains("GCE_METADATA_HOST must be host[:port]"));
  harness.env.set("GCE_METADATA_HOST", kNoMetadataServer);

  auto key = mstr::test::read_file(fake.file("service_account.json"));
  const auto at = key.find(fake.url());
  REQUIRE(at != std::string::npos);
  key.replace(at, fake.url().size(), "http://oauth2.example.com");
  mstr::test::write_file(fake.scratch() / "remote_token_uri.json", key);
  harness.env.set("GOOGLE_APPLICATION_CREDENTIALS", (fake.scratch() / "remote_token_uri.json").string());
  CHECK_THAT(harness.failure(kPassword), Catch::Contains("token_uri") && Catch::Contains("loopback"));

  CHECK(fake.count("metadata") == 0);
  CHECK(fake.accesses(kPassword) == 0);
}

TEST_CASE("malformed references fail before any request", "[gcp][reference]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  CHECK_THAT(harness.failure("projects/fake-project/mstr-password"), Catch::Contains("malformed locator"));
  CHECK_THAT(harness.failure("projects/fake-project/secrets/mstr-password/versions/newest"),
             Catch::Contains("invalid version"));
  CHECK(fake.count("metadata") == 0);
}

TEST_CASE("an unreachable Secret Manager is reported with its endpoint", "[gcp][secret-manager]") {
  FakeGcp fake(kSecretsConfig);
  Harness harness(fake);
  harness.env.set("GCE_METADATA_HOST", fake.host());
  harness.env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", "http://127.0.0.1:1/");
  CHECK_THAT(harness.failure(kPassword),
             Catch::Contains("cannot reach Secret Manager at http://127.0.0.1:1 for " + kPassword));
}
