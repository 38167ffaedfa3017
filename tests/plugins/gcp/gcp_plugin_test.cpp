// The built mstr-provider-gcp.so as hosts use it: loaded by the plugin registry, resolving references
// built with the mstr::gcp helpers (with #field) through the core's resolver, and logging the mstr CLI
// in to the mock Library server with credentials from the fake Secret Manager.

#include "fake_gcp_fixture.hpp"

#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/gcp.hpp>

#include <catch2/catch.hpp>

#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/plugins.hpp>
#include <test_support/temp_dir.hpp>

#include <algorithm>

using mstr::test::FakeGcp;
using namespace std::chrono_literals;

namespace {

const std::string kLoginConfig = R"({"secrets": {
  "projects/fake-project/secrets/mstr-login/versions/latest":
    {"data": "{\"username\": \"administrator\", \"password\": \"admin-pass\"}"},
  "projects/fake-project/secrets/wrong-login/versions/latest":
    {"data": "{\"username\": \"administrator\", \"password\": \"not-the-password\"}"},
  "projects/fake-project/secrets/analyst-password/versions/1": {"data": "Tr0ub4dor-3", "crc": "none"}},
  "errors": {"projects/fake-project/secrets/forbidden/versions/latest":
    {"code": 403, "status": "PERMISSION_DENIED", "message": "Permission denied on resource."}}})";
const std::string kLogin = "projects/fake-project/secrets/mstr-login/versions/latest";

// Points every ADC source at the fake (or at nothing: port 1 of loopback refuses at once), so the
// machine's own Google set-up never takes part.
std::map<std::string, std::string> fake_environment(const FakeGcp& fake) {
  return {{"MSTR_GCP_SECRETMANAGER_ENDPOINT", fake.url()},
          {"GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string()},
          {"GCE_METADATA_HOST", "127.0.0.1:1"},
          {"HOME", fake.scratch().string()}};
}

// The CredentialError of a resolve that must fail; checks that no value of the fake leaked into it.
std::string resolve_failure(mstr::CredentialResolver& resolver, const mstr::CredentialReference& reference) {
  try {
    resolver.resolve(reference);
  } catch (const mstr::CredentialError& e) {
    const std::string message = e.what();
    for (const char* secret : {"admin-pass", "Tr0ub4dor-3", "ya29.", "PRIVATE KEY"}) {
      CHECK(message.find(secret) == std::string::npos);
    }
    return message;
  }
  FAIL("resolving " << reference.to_string() << " succeeded");
  return {};
}

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

// build/bin/mstr --verbose --base-url MOCK --username U --password P projects, with `env` added to the
// environment and the names in `unset` removed from both. Without --plugin-dir: the CLI finds build/plugins
// itself.
CliRun run_cli(const std::string& base_url, const std::string& username, const std::string& password,
               std::map<std::string, std::string> env, std::vector<std::string> unset = {}) {
  mstr::test::ChildProcessOptions options;
  options.unset_env = {"MSTR_PLUGIN_PATH", "CLOUDSDK_CONFIG"};
  for (const auto& name : unset) {
    env.erase(name);
    options.unset_env.push_back(name);
  }
  options.env = std::move(env);
  mstr::test::ChildProcess cli(
      (mstr::test::build_dir() / "bin/mstr").string(),
      {"--verbose", "--base-url", base_url, "--username", username, "--password", password, "projects"},
      options);
  const int code = cli.wait(20s);
  return {code, cli.stdout_text(), cli.stderr_text()};
}

// What the CLI printed must hold no secret of the fake: no password, access token, key or refresh token.
void check_no_secret(const CliRun& run) {
  for (const char* secret : {"admin-pass", "not-the-password", "ya29.", "PRIVATE KEY", "fake-refresh-token",
                             "fake-client-secret"}) {
    CHECK(run.out.find(secret) == std::string::npos);
    CHECK(run.err.find(secret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("the registry loads mstr-provider-gcp.so claiming gcp-sm", "[gcp][plugin]") {
  const auto registry = mstr::test::build_tree_plugins();
  const auto loaded = registry->available();
  const auto gcp =
      std::find_if(loaded.begin(), loaded.end(), [](const auto& info) { return info.name == "gcp"; });
  REQUIRE(gcp != loaded.end());
  CHECK(gcp->kind == "credential-provider");
  CHECK(gcp->schemes == std::vector<std::string>{"gcp-sm"});
  CHECK(gcp->file.filename() == "mstr-provider-gcp.so");
  CHECK(registry->provider_for("gcp-sm") != nullptr);
  for (const auto& refused : registry->refused()) CHECK(refused.file.filename() != "mstr-provider-gcp.so");
}

TEST_CASE("the resolver selects fields of one Secret Manager secret with one fetch", "[gcp][plugin]") {
  FakeGcp fake(kLoginConfig);
  const auto http = mstr::make_http_client();
  mstr::MapEnvironment env;
  for (const auto& [name, value] : fake_environment(fake)) env.set(name, value);
  mstr::CredentialResolver resolver(mstr::test::build_tree_plugins(), *http, env);
  const mstr::gcp::SecretManagerSecret login("fake-project", "mstr-login");

  SECTION("N fields, and the whole payload, cost one access request and one token request") {
    CHECK(resolver.resolve(login.field("username")).reveal() == "administrator");
    CHECK(resolver.resolve(login.field("password")).reveal() == "admin-pass");
    CHECK(resolver.resolve("gcp-sm:" + kLogin + "#username").reveal() == "administrator");
    CHECK_THAT(std::string(resolver.resolve(login.reference()).reveal()), Catch::Contains("\"admin-pass\""));
    CHECK(fake.accesses(kLogin) == 1);
    CHECK(fake.count("token_jwt") == 1);

    // Another secret needs its own access request but reuses the cached access token.
    const auto analyst = mstr::gcp::secret_manager("fake-project", "analyst-password", "1");
    CHECK(resolver.resolve(analyst).reveal() == "Tr0ub4dor-3");
    CHECK(fake.accesses("projects/fake-project/secrets/analyst-password/versions/1") == 1);
    CHECK(fake.count("token_jwt") == 1);
  }
  SECTION("an implicit and an explicit latest version are one secret and cost one access request") {
    CHECK(resolver.resolve("gcp-sm:projects/fake-project/secrets/mstr-login#username").reveal() ==
          "administrator");
    CHECK(resolver.resolve("gcp-sm:" + kLogin + "#password").reveal() == "admin-pass");
    CHECK(fake.accesses(kLogin) == 1);
  }
  SECTION("invalidate() makes the next resolve fetch the secret again") {
    resolver.resolve(login.field("password"));
    resolver.invalidate();
    CHECK(resolver.resolve(login.field("password")).reveal() == "admin-pass");
    CHECK(fake.accesses(kLogin) == 2);
    CHECK(fake.count("token_jwt") == 1);
  }
  SECTION("a missing field names the field and the secret, never the payload") {
    CHECK_THAT(resolve_failure(resolver, login.field("api_key")), Catch::Contains("api_key"));
    CHECK_THAT(
        resolve_failure(resolver, mstr::gcp::secret_manager("fake-project", "analyst-password", "1", "user")),
        Catch::Contains("user"));
  }
  SECTION("Secret Manager's refusal reaches the host naming the version and Google's status") {
    CHECK_THAT(resolve_failure(resolver, mstr::gcp::secret_manager("fake-project", "forbidden")),
               Catch::Contains("projects/fake-project/secrets/forbidden/versions/latest") &&
                   Catch::Contains("PERMISSION_DENIED"));
  }
}

TEST_CASE("mstr logs in with credentials from Secret Manager", "[gcp][plugin][cli]") {
  FakeGcp fake(kLoginConfig);
  mstr::test::MockServerFixture mock;
  const std::string username = "gcp-sm:" + kLogin + "#username";
  const std::string password = "gcp-sm:" + kLogin + "#password";

  SECTION("with a service-account key: one login, one access request and one token request for both fields") {
    const auto run = run_cli(mock.base_url(), username, password, fake_environment(fake));
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("MicroStrategy Tutorial"));
    // --verbose shows the plugin at work, and still no secret.
    CHECK_THAT(run.err, Catch::Contains("gcp: accessing " + kLogin));
    check_no_secret(run);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(fake.accesses(kLogin) == 1);
    CHECK(fake.count("token_jwt") == 1);
  }
  SECTION("with the metadata server's token") {
    auto env = fake_environment(fake);
    env["GCE_METADATA_HOST"] = fake.host();
    const auto run = run_cli(mock.base_url(), username, password, env, {"GOOGLE_APPLICATION_CREDENTIALS"});
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("MicroStrategy Tutorial"));
    check_no_secret(run);
    CHECK(fake.count("metadata") == 1);
    CHECK(fake.count("token_jwt") == 0);
  }
  SECTION("a wrong password from Secret Manager is the server's login failure") {
    const auto run =
        run_cli(mock.base_url(), "gcp-sm:projects/fake-project/secrets/wrong-login#username",
                "gcp-sm:projects/fake-project/secrets/wrong-login#password", fake_environment(fake));
    CHECK(run.code != 0);
    check_no_secret(run);
    // The refused login asks Secret Manager once more (a rotated password would be picked up); the
    // answer is unchanged, so the refused password is not sent again.
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(fake.accesses("projects/fake-project/secrets/wrong-login/versions/latest") == 2);
  }
  SECTION("a refused secret fails before any login, naming Google's status") {
    const auto run =
        run_cli(mock.base_url(), username, "gcp-sm:projects/fake-project/secrets/forbidden#password",
                fake_environment(fake));
    CHECK(run.code != 0);
    CHECK_THAT(run.err, Catch::Contains("PERMISSION_DENIED") &&
                            Catch::Contains("projects/fake-project/secrets/forbidden/versions/latest"));
    check_no_secret(run);
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
  }
  SECTION("with no Google credentials anywhere the CLI says what it tried, and does not log in") {
    const auto run = run_cli(mock.base_url(), username, password, fake_environment(fake),
                             {"GOOGLE_APPLICATION_CREDENTIALS"});
    CHECK(run.code != 0);
    CHECK_THAT(run.err, Catch::Contains("no Google credential is available") &&
                            Catch::Contains("GOOGLE_APPLICATION_CREDENTIALS: not set") &&
                            Catch::Contains("gcloud's well-known file") &&
                            Catch::Contains("metadata server: 127.0.0.1:1 did not answer"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
    CHECK(fake.accesses(kLogin) == 0);
  }
}

TEST_CASE("mstr logs in with workload identity federation and impersonation", "[gcp][plugin][cli][wif]") {
  FakeGcp fake(kLoginConfig);
  mstr::test::MockServerFixture mock;
  const std::string username = "gcp-sm:" + kLogin + "#username";
  const std::string password = "gcp-sm:" + kLogin + "#password";
  auto env = fake_environment(fake);

  SECTION("an external account with a URL subject token, impersonating a service account") {
    env["GOOGLE_APPLICATION_CREDENTIALS"] = fake.write_credentials(
        "wif.json", fake.external_account(
                        R"({"url": ")" + fake.url() + R"(/subject-token", "headers": {"Metadata": "True"}})",
                        R"(, "service_account_impersonation_url": ")" + fake.impersonation_url() + "\""));
    const auto run = run_cli(mock.base_url(), username, password, env);
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Catch::Contains("MicroStrategy Tutorial"));
    check_no_secret(run);
    CHECK(run.err.find(mstr::test::kFakeSubjectToken) == std::string::npos);
    CHECK(fake.count("subject_url") == 1);
    CHECK(fake.count("sts") == 1);
    CHECK(fake.count("iam") == 1);
    CHECK(fake.accesses(kLogin) == 1);
  }
  SECTION("an impersonated_service_account file with a service-account source") {
    env["GOOGLE_APPLICATION_CREDENTIALS"] = fake.write_credentials(
        "impersonated.json",
        R"({"type": "impersonated_service_account", "service_account_impersonation_url": ")" +
            fake.impersonation_url() + R"(", "source_credentials": )" +
            mstr::test::read_file(fake.file("service_account.json")) + "}");
    const auto run = run_cli(mock.base_url(), username, password, env);
    INFO(run.err);
    REQUIRE(run.code == 0);
    check_no_secret(run);
    CHECK(fake.count("token_jwt") == 1);
    CHECK(fake.count("iam") == 1);
    CHECK(fake.stats()->getValue<std::string>("last_iam_bearer") == "sa");
  }
  SECTION("an STS refusal fails before any login, with Google's words and without the subject token") {
    mstr::test::write_file(fake.scratch() / "wrong_token.txt", "not-the-subject-token");
    env["GOOGLE_APPLICATION_CREDENTIALS"] = fake.write_credentials(
        "wif.json",
        fake.external_account(R"({"file": ")" + (fake.scratch() / "wrong_token.txt").string() + "\"}"));
    const auto run = run_cli(mock.base_url(), username, password, env);
    CHECK(run.code != 0);
    CHECK_THAT(run.err, Catch::Contains("invalid_grant") && Catch::Contains("[subject token]"));
    CHECK(run.err.find("not-the-subject-token") == std::string::npos);
    check_no_secret(run);
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
    CHECK(fake.accesses(kLogin) == 0);
  }
}
