// external_account (workload identity federation) and impersonated_service_account files against
// fake_gcp.py's STS, IAM Credentials and subject-token URL, and which failures are outages
// (VaultUnavailableError, which a host may ride out on the last good secret) and which are answers.

#include "fake_gcp_fixture.hpp"
#include "secret_manager_provider.hpp"

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

using mstr::internal::gcp::SecretManagerProvider;
using mstr::internal::gcp::SecretManagerProviderOptions;
using mstr::test::FakeGcp;
using mstr::test::kFakeSubjectToken;
using namespace std::chrono_literals;

namespace {

const std::string kPassword = "projects/fake-project/secrets/mstr-password/versions/latest";
const std::string kSecrets = R"("secrets": {")" + kPassword + R"(": {"data": "admin-pass"}},
  "errors": {"projects/fake-project/secrets/broken/versions/latest": {"code": 503, "status": "UNAVAILABLE"},
             "projects/fake-project/secrets/forbidden/versions/latest": {"code": 403, "status": "PERMISSION_DENIED"}})";

std::string config(const std::string& more = {}) { return "{" + kSecrets + more + "}"; }

std::string file_source(const FakeGcp& fake, const std::string& format = {}) {
  return R"({"file": ")" + fake.file("subject_token.txt").string() + "\"" + format + "}";
}

std::string url_source(const FakeGcp& fake, const std::string& path, const std::string& format = {}) {
  return R"({"url": ")" + fake.url() + path + R"(", "headers": {"Metadata": "True"})" + format + "}";
}

std::string impersonation(const FakeGcp& fake) {
  return R"(, "service_account_impersonation_url": ")" + fake.impersonation_url() + "\"";
}

struct Harness {
  explicit Harness(const FakeGcp& fake, SecretManagerProviderOptions options = fast_options())
      : provider(std::move(options)) {
    env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", fake.url());
    env.set("HOME", fake.scratch().string());
    env.set("GCE_METADATA_HOST", "127.0.0.1:1");
  }

  static SecretManagerProviderOptions fast_options() {
    SecretManagerProviderOptions options;
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = 5ms;
    options.retry.max_backoff = 20ms;
    return options;
  }

  void use(const std::string& path) { env.set("GOOGLE_APPLICATION_CREDENTIALS", path); }

  mstr::SecretValue fetch(const std::string& locator = kPassword) {
    mstr::test::RecordingLogger logger;
    const mstr::ProviderContext context{*http, logger, env};
    return provider.fetch(mstr::CredentialReference("gcp-sm", locator), context);
  }

  // The message of a fetch that must fail with a CredentialError of the gcp plugin that is an outage
  // (VaultUnavailableError) or not, as `outage` says; checks that no secret leaked into it.
  std::string failure(bool outage, const std::string& locator = kPassword) {
    try {
      fetch(locator);
    } catch (const mstr::CredentialError& e) {
      CHECK(e.provider() == "gcp");
      CHECK((dynamic_cast<const mstr::VaultUnavailableError*>(&e) != nullptr) == outage);
      const std::string message = e.what();
      for (const char* secret : {"admin-pass", "ya29.", "PRIVATE KEY", "fake-client-secret",
                                 "fake-refresh-token", kFakeSubjectToken, "not-the-subject-token"}) {
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

TEST_CASE("an external account exchanges a subject token from a file at STS", "[gcp][wif]") {
  FakeGcp fake(config());
  Harness harness(fake);
  SECTION("as text") {
    harness.use(fake.write_credentials("wif.json", fake.external_account(file_source(fake))));
  }
  SECTION("as a field of a JSON object") {
    harness.use(fake.write_credentials(
        "wif.json",
        fake.external_account(R"({"file": ")" + fake.file("subject_token.json").string() +
                              R"(", "format": {"type": "json", "subject_token_field_name": "id_token"}})")));
  }
  CHECK(harness.fetch().reveal() == "admin-pass");
  CHECK(harness.fetch().reveal() == "admin-pass");
  CHECK(fake.count("sts") == 1);  // the exchanged token is cached
  CHECK(fake.count("iam") == 0);
  CHECK(fake.accesses(kPassword) == 2);
  CHECK(fake.stats()->isNull("last_sts_options"));
}

TEST_CASE("an external account fetches its subject token from a URL with the file's headers", "[gcp][wif]") {
  FakeGcp fake(config());
  Harness harness(fake);
  SECTION("text, without impersonation") {
    harness.use(
        fake.write_credentials("wif.json", fake.external_account(url_source(fake, "/subject-token"))));
    CHECK(harness.fetch().reveal() == "admin-pass");
    CHECK(fake.count("iam") == 0);
  }
  SECTION("json, impersonating a service account with the STS token") {
    harness.use(fake.write_credentials(
        "wif.json", fake.external_account(
                        url_source(fake, "/subject-token.json",
                                   R"(, "format": {"type": "json", "subject_token_field_name": "id_token"})"),
                        impersonation(fake))));
    CHECK(harness.fetch().reveal() == "admin-pass");
    CHECK(fake.count("iam") == 1);
    CHECK(fake.stats()->getValue<std::string>("last_iam_bearer") == "sts");
  }
  CHECK(fake.count("subject_url") == 1);
  CHECK(fake.count("sts") == 1);
}

TEST_CASE("a subject-token URL that refuses the request is an error, not an outage", "[gcp][wif]") {
  FakeGcp fake(config());
  Harness harness(fake);
  harness.use(fake.write_credentials(
      "wif.json", fake.external_account(R"({"url": ")" + fake.url() + R"(/subject-token"})")));
  CHECK_THAT(harness.failure(false), Catch::Contains("subject token URL " + fake.url() +
                                                     "/subject-token refused the request with HTTP 400"));
  CHECK(fake.count("sts") == 0);
}

TEST_CASE("a workforce pool's exchange bills workforce_pool_user_project through STS options", "[gcp][wif]") {
  FakeGcp fake(config(R"(, "sts_user_project": "workforce-billing")"));
  Harness harness(fake);
  auto json =
      fake.external_account(file_source(fake), R"(, "workforce_pool_user_project": "workforce-billing")");
  json.replace(json.find(mstr::test::kFakeAudience), std::string(mstr::test::kFakeAudience).size(),
               mstr::test::kFakeWorkforceAudience);
  harness.use(fake.write_credentials("workforce.json", json));
  CHECK(harness.fetch().reveal() == "admin-pass");
  CHECK(fake.stats()->getValue<std::string>("last_sts_options") == R"({"userProject":"workforce-billing"})");
}

TEST_CASE("an impersonated_service_account file impersonates through its source credentials",
          "[gcp][impersonation]") {
  FakeGcp fake(config(
      R"(, "iam_delegates": ["projects/-/serviceAccounts/hop@fake-project.iam.gserviceaccount.com"])"));
  Harness harness(fake);
  const auto impersonated = [&](const std::string& source) {
    return R"({"type": "impersonated_service_account", "service_account_impersonation_url": ")" +
           fake.impersonation_url() +
           R"(", "delegates": ["projects/-/serviceAccounts/hop@fake-project.iam.gserviceaccount.com"],
               "source_credentials": )" +
           mstr::test::read_file(fake.file(source)) + "}";
  };
  SECTION("a service-account key") {
    harness.use(fake.write_credentials("impersonated.json", impersonated("service_account.json")));
    CHECK(harness.fetch().reveal() == "admin-pass");
    CHECK(fake.stats()->getValue<std::string>("last_iam_bearer") == "sa");
  }
  SECTION("a user login") {
    harness.use(fake.write_credentials("impersonated.json", impersonated("authorized_user.json")));
    CHECK(harness.fetch().reveal() == "admin-pass");
    CHECK(fake.stats()->getValue<std::string>("last_iam_bearer") == "user");
  }
  CHECK(harness.fetch().reveal() == "admin-pass");
  CHECK(fake.count("iam") == 1);
  CHECK(fake.count("token_jwt") + fake.count("token_refresh") == 1);
}

TEST_CASE("delegates IAM does not accept are a refusal naming Google's status", "[gcp][impersonation]") {
  FakeGcp fake(config());
  Harness harness(fake);
  harness.use(fake.write_credentials(
      "impersonated.json",
      R"({"type": "impersonated_service_account", "service_account_impersonation_url": ")" +
          fake.impersonation_url() + R"(", "delegates": ["projects/-/serviceAccounts/x"],
          "source_credentials": )" +
          mstr::test::read_file(fake.file("service_account.json")) + "}"));
  CHECK_THAT(harness.failure(false),
             Catch::Contains("service account " + std::string(mstr::test::kFakeTargetServiceAccount)) &&
                 Catch::Contains("PERMISSION_DENIED (HTTP 403)") &&
                 Catch::Contains("roles/iam.serviceAccountTokenCreator"));
}

TEST_CASE("impersonated tokens are renewed within the refresh margin of their expireTime", "[gcp][cache]") {
  FakeGcp fake(config(R"(, "iam_lifetime": "600s")"));
  auto now = std::chrono::system_clock::now();
  auto options = Harness::fast_options();
  options.clock = [&now] { return now; };
  Harness harness(fake, options);
  harness.use(fake.write_credentials(
      "wif.json",
      fake.external_account(
          file_source(fake),
          impersonation(fake) + R"(, "service_account_impersonation": {"token_lifetime_seconds": 600})")));
  harness.fetch();
  now += 240s;  // 360 s left, more than the 300 s margin
  harness.fetch();
  CHECK(fake.count("iam") == 1);
  now += 80s;  // 280 s left
  CHECK(harness.fetch().reveal() == "admin-pass");
  CHECK(fake.count("iam") == 2);
  CHECK(fake.count("sts") == 2);
}

TEST_CASE("STS refusing the subject token is a CredentialError with Google's words, without the token",
          "[gcp][wif][errors]") {
  FakeGcp fake(config());
  Harness harness(fake);
  mstr::test::write_file(fake.scratch() / "wrong_token.txt", "not-the-subject-token");
  harness.use(fake.write_credentials(
      "wif.json",
      fake.external_account(R"({"file": ")" + (fake.scratch() / "wrong_token.txt").string() + "\"}")));
  CHECK_THAT(harness.failure(false),
             Catch::Contains("external account " + std::string(mstr::test::kFakeAudience)) &&
                 Catch::Contains("HTTP 400 invalid_grant") &&
                 Catch::Contains("The token [subject token] could not be verified"));
  CHECK(fake.count("sts") == 1);  // a refusal is not retried
}

TEST_CASE(
    "outages of STS, IAM Credentials, the subject-token URL, the metadata server and Secret Manager are "
    "VaultUnavailableError",
    "[gcp][outage]") {
  SECTION("STS answering 503") {
    FakeGcp fake(config(R"(, "sts_status": 503)"));
    Harness harness(fake);
    harness.use(fake.write_credentials("wif.json", fake.external_account(file_source(fake))));
    CHECK_THAT(harness.failure(true), Catch::Contains("the token endpoint " + fake.url() + "/sts/v1/token"));
    CHECK(fake.count("sts") == 3);
  }
  SECTION("STS unreachable") {
    FakeGcp fake(config());
    Harness harness(fake);
    auto json = fake.external_account(file_source(fake));
    json.replace(json.find(fake.url() + "/sts"), fake.url().size(), "http://127.0.0.1:1");
    harness.use(fake.write_credentials("wif.json", json));
    CHECK_THAT(harness.failure(true),
               Catch::Contains("cannot reach the token endpoint http://127.0.0.1:1/sts/v1/token"));
  }
  SECTION("IAM Credentials answering 503") {
    FakeGcp fake(config(R"(, "iam_status": 503)"));
    Harness harness(fake);
    harness.use(
        fake.write_credentials("wif.json", fake.external_account(file_source(fake), impersonation(fake))));
    CHECK_THAT(harness.failure(true),
               Catch::Contains("IAM Credentials is failing") && Catch::Contains("HTTP 503"));
    CHECK(fake.count("iam") == 3);
  }
  SECTION("the subject-token URL answering 503") {
    FakeGcp fake(config(R"(, "subject_status": 503)"));
    Harness harness(fake);
    harness.use(
        fake.write_credentials("wif.json", fake.external_account(url_source(fake, "/subject-token"))));
    CHECK_THAT(harness.failure(true), Catch::Contains("subject token URL") && Catch::Contains("HTTP 503"));
    CHECK(fake.count("sts") == 0);
  }
  SECTION("the metadata server answering 503") {
    FakeGcp fake(config(R"(, "metadata_status": 503)"));
    Harness harness(fake);
    harness.env.set("GCE_METADATA_HOST", fake.host());
    CHECK_THAT(harness.failure(true), Catch::Contains("metadata server " + fake.host()));
  }
  SECTION("Secret Manager answering 503, but not 403") {
    FakeGcp fake(config());
    Harness harness(fake);
    harness.use(fake.file("service_account.json").string());
    CHECK_THAT(harness.failure(true, "projects/fake-project/secrets/broken"), Catch::Contains("HTTP 503"));
    CHECK_THAT(harness.failure(false, "projects/fake-project/secrets/forbidden"),
               Catch::Contains("PERMISSION_DENIED (HTTP 403)"));
  }
  SECTION("Secret Manager unreachable") {
    FakeGcp fake(config());
    Harness harness(fake);
    harness.use(fake.file("service_account.json").string());
    harness.env.set("MSTR_GCP_SECRETMANAGER_ENDPOINT", "http://127.0.0.1:1");
    CHECK_THAT(harness.failure(true), Catch::Contains("cannot reach Secret Manager"));
  }
}
