// The built mstr-provider-azure.so as hosts use it: loaded by the plugin registry, resolving references
// built with the mstr::azure helpers (with #field) through the core's resolver, and logging the mstr CLI
// in to the mock Library server with credentials from the fake Key Vault.

#include "fake_azure.hpp"

#include <mstr/authenticated_session.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/azure.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/plugins.hpp>
#include <test_support/scoped_env.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using Catch::Matchers::Contains;
using mstr::test::FakeAzure;
using namespace std::chrono_literals;

namespace {

const char* const kConfig = R"({
  "secrets": {
    "mstr-login": {"value": "{\"username\": \"administrator\", \"password\": \"admin-pass\"}"},
    "wrong-login": {"value": "{\"username\": \"administrator\", \"password\": \"not-the-password\"}"},
    "analyst-password": {"value": "Tr0ub4dor-3", "versions": {"v1": "Tr0ub4dor-2"}},
    "off": {"value": "{\"username\": \"administrator\", \"password\": \"admin-pass\"}", "enabled": false},
    "empty": {"no_value": true}
  },
  "errors": {"locked": {"status": 403, "code": "Forbidden",
             "message": "The user, group or application 'appid=fake-client-id' does not have secrets get permission on key vault 'fake'."}}
})";

// Everything a secret of the fake, or a credential that reaches it, could leak.
const char* const kSecrets[] = {"admin-pass", "not-the-password", "Tr0ub4dor", "eyJfake",
                                "fake-client-secret"};

// A service principal with a client secret at the fake's Entra ID. IMDS points at a closed loopback
// port and PATH holds no `az`, so the machine's own Azure set-up never takes part.
std::map<std::string, std::string> fake_environment(const FakeAzure& fake) {
  return {{"AZURE_AUTHORITY_HOST", fake.url()},
          {"AZURE_POD_IDENTITY_AUTHORITY_HOST", mstr::test::closed_loopback_url()},
          {"AZURE_TENANT_ID", "fake-tenant"},
          {"AZURE_CLIENT_ID", "fake-client-id"},
          {"AZURE_CLIENT_SECRET", "fake-client-secret"},
          {"PATH", (fake.dir() / "no-az-here").string()}};
}

std::string resolve_failure(mstr::CredentialResolver& resolver, const mstr::CredentialReference& reference) {
  try {
    resolver.resolve(reference);
  } catch (const mstr::CredentialError& error) {
    const std::string message = error.what();
    for (const char* secret : kSecrets) CHECK(message.find(secret) == std::string::npos);
    return message;
  }
  FAIL("resolving " << reference.to_string() << " succeeded");
  return {};
}

struct ResolverFixture {
  FakeAzure fake{kConfig};
  mstr::MapEnvironment env{[this] {
    std::map<std::string, std::string, std::less<>> values;
    for (auto& [name, value] : fake_environment(fake)) values.emplace(name, value);
    return values;
  }()};
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  mstr::CredentialResolver resolver{mstr::test::build_tree_plugins(), *http, env};
};

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

// build/bin/mstr --verbose --base-url MOCK --username U --password P projects, with `env` added to the
// environment and every Azure variable it does not set removed. Without --plugin-dir: the CLI finds
// build/plugins itself.
CliRun run_cli(const std::string& base_url, const std::string& username, const std::string& password,
               const std::map<std::string, std::string>& env) {
  mstr::test::ChildProcessOptions options;
  options.env = env;
  for (const char* name : {"MSTR_PLUGIN_PATH", "AZURE_AUTHORITY_HOST", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                           "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
                           "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
                           "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "IDENTITY_HEADER"}) {
    if (env.count(name) == 0) options.unset_env.emplace_back(name);
  }
  mstr::test::ChildProcess cli(
      (mstr::test::build_dir() / "bin/mstr").string(),
      {"--verbose", "--base-url", base_url, "--username", username, "--password", password, "projects"},
      options);
  const int code = cli.wait(20s);
  return {code, cli.stdout_text(), cli.stderr_text()};
}

void check_no_secret(const CliRun& run) {
  for (const char* secret : kSecrets) {
    CHECK(run.out.find(secret) == std::string::npos);
    CHECK(run.err.find(secret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("the registry loads mstr-provider-azure.so claiming azure-kv", "[azure][plugin]") {
  const auto registry = mstr::test::build_tree_plugins();
  const auto loaded = registry->available();
  const auto azure =
      std::find_if(loaded.begin(), loaded.end(), [](const auto& info) { return info.name == "azure"; });
  REQUIRE(azure != loaded.end());
  CHECK(azure->kind == "credential-provider");
  CHECK(azure->schemes == std::vector<std::string>{"azure-kv"});
  CHECK(azure->file.filename() == "mstr-provider-azure.so");
  CHECK(registry->provider_for("azure-kv") != nullptr);
  for (const auto& refused : registry->refused()) CHECK(refused.file.filename() != "mstr-provider-azure.so");
}

TEST_CASE_METHOD(ResolverFixture, "the resolver selects fields of one Key Vault secret with one fetch",
                 "[azure][plugin]") {
  const mstr::azure::KeyVaultSecret login(fake.url() + "/", "mstr-login");

  SECTION("N fields and the whole value cost one Get Secret and one token") {
    CHECK(resolver.resolve(login.field("username")).reveal() == "administrator");
    CHECK(resolver.resolve(login.field("password")).reveal() == "admin-pass");
    CHECK(resolver.resolve(mstr::azure::key_vault(fake.url(), "mstr-login", "username")).reveal() ==
          "administrator");
    CHECK(resolver.resolve("azure-kv:" + fake.url() + "/mstr-login#password").reveal() == "admin-pass");
    CHECK_THAT(std::string(resolver.resolve(login.reference()).reveal()), Contains("\"admin-pass\""));
    CHECK(fake.secret_requests("mstr-login") == 1);
    CHECK(fake.count("token_secret") == 1);

    // Another secret, and a pinned version, need their own Get Secret but reuse the token.
    CHECK(resolver.resolve(mstr::azure::key_vault(fake.url(), "analyst-password")).reveal() == "Tr0ub4dor-3");
    CHECK(resolver.resolve(mstr::azure::KeyVaultSecret(fake.url(), "analyst-password", "v1").reference())
              .reveal() == "Tr0ub4dor-2");
    CHECK(fake.secret_requests("analyst-password") == 2);
    CHECK(fake.count("token_secret") == 1);
    CHECK(fake.count("secret_challenged") == 1);
  }
  SECTION("invalidate() fetches the secret again, with the cached token") {
    resolver.resolve(login.field("password"));
    resolver.invalidate();
    CHECK(resolver.resolve(login.field("password")).reveal() == "admin-pass");
    CHECK(fake.secret_requests("mstr-login") == 2);
    CHECK(fake.count("token_secret") == 1);
  }
  SECTION("a missing field, or a field of a value that is not JSON, is named without the value") {
    CHECK_THAT(resolve_failure(resolver, login.field("api_key")), Contains("api_key"));
    CHECK_THAT(resolve_failure(resolver, mstr::azure::key_vault(fake.url(), "analyst-password", "user")),
               Contains("user"));
  }
}

TEST_CASE_METHOD(ResolverFixture, "Key Vault's refusals reach the host naming the vault and the secret",
                 "[azure][plugin]") {
  const std::string vault = fake.url();
  CHECK_THAT(resolve_failure(resolver, mstr::azure::key_vault(vault, "off", "password")),
             Contains("the secret off in vault " + vault + " is disabled"));
  CHECK_THAT(resolve_failure(resolver, mstr::azure::key_vault(vault, "empty")),
             Contains("the secret empty in vault " + vault + " has no value"));
  CHECK_THAT(
      resolve_failure(resolver, mstr::azure::key_vault(vault, "locked")),
      Contains("access to the secret locked in vault " + vault + " is denied") && Contains("Forbidden"));
  CHECK_THAT(resolve_failure(resolver, mstr::azure::key_vault(vault, "nope")),
             Contains("the secret nope in vault " + vault + " does not exist") && Contains("SecretNotFound"));

  fake.configure(R"({"challenge_resource": "https://management.azure.com"})");
  CHECK_THAT(resolve_failure(resolver, mstr::azure::key_vault(vault, "analyst-password")),
             Contains("asked for a token for 'https://management.azure.com/.default'") &&
                 Contains("not in the vault's own domain"));
  CHECK(fake.stats()->getArray("scopes")->size() == 1);
}

TEST_CASE("mstr logs in with credentials from Azure Key Vault", "[azure][plugin][cli]") {
  FakeAzure fake(kConfig);
  mstr::test::MockServerFixture mock;
  const std::string username = fake.vault_ref("mstr-login") + "#username";
  const std::string password = fake.vault_ref("mstr-login") + "#password";

  SECTION("with a client secret: one login, one Get Secret and one token for both fields") {
    const auto run = run_cli(mock.base_url(), username, password, fake_environment(fake));
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Contains("MicroStrategy Tutorial"));
    // --verbose shows the plugin at work, and still no secret.
    CHECK_THAT(run.err, Contains("Azure token for http://127.0.0.1/.default from EnvironmentCredential"));
    check_no_secret(run);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(fake.secret_requests("mstr-login") == 1);
    CHECK(fake.count("token_secret") == 1);
  }
  SECTION("with the managed identity of IMDS") {
    auto env = fake_environment(fake);
    env.erase("AZURE_TENANT_ID");
    env.erase("AZURE_CLIENT_ID");
    env.erase("AZURE_CLIENT_SECRET");
    env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = fake.url();
    const auto run = run_cli(mock.base_url(), username, password, env);
    INFO(run.err);
    REQUIRE(run.code == 0);
    CHECK_THAT(run.out, Contains("MicroStrategy Tutorial"));
    check_no_secret(run);
    CHECK(fake.count("imds") == 1);
    CHECK(fake.count("token_secret") == 0);
  }
  SECTION("a wrong password from Key Vault is the server's login failure") {
    const auto run = run_cli(mock.base_url(), fake.vault_ref("wrong-login") + "#username",
                             fake.vault_ref("wrong-login") + "#password", fake_environment(fake));
    CHECK(run.code != 0);
    check_no_secret(run);
    // The refusal makes mstr ask the vault once more (a rotation may have happened); the answer is
    // the same, so the refused password is not sent again.
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(fake.secret_requests("wrong-login") == 2);
  }
  SECTION("a challenge for a foreign resource is refused before any token or login") {
    fake.configure(R"({"challenge_resource": "https://management.azure.com"})");
    const auto run = run_cli(mock.base_url(), username, password, fake_environment(fake));
    CHECK(run.code != 0);
    CHECK_THAT(run.err, Contains("not in the vault's own domain") && Contains(fake.url()));
    check_no_secret(run);
    CHECK(fake.count("token_secret") == 0);
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
  }
  SECTION("a disabled, empty, forbidden or missing secret fails before any login, naming vault and secret") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"off", "the secret off in vault " + fake.url() + " is disabled"},
        {"empty", "the secret empty in vault " + fake.url() + " has no value"},
        {"locked", "access to the secret locked in vault " + fake.url() + " is denied"},
        {"nope", "the secret nope in vault " + fake.url() + " does not exist"}};
    for (const auto& [secret, expected] : cases) {
      const auto run =
          run_cli(mock.base_url(), username, fake.vault_ref(secret) + "#password", fake_environment(fake));
      INFO(secret << ": " << run.err);
      CHECK(run.code != 0);
      CHECK_THAT(run.err, Contains(expected));
      check_no_secret(run);
    }
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
  }
  SECTION("with no Azure credential anywhere the CLI lists what it tried, and does not log in") {
    auto env = fake_environment(fake);
    env.erase("AZURE_CLIENT_SECRET");
    const auto run = run_cli(mock.base_url(), username, password, env);
    CHECK(run.code != 0);
    CHECK_THAT(run.err, Contains("no Azure credential is available") && Contains("EnvironmentCredential") &&
                            Contains("WorkloadIdentityCredential") && Contains("no IMDS endpoint answered") &&
                            Contains("the Azure CLI (az) is not on PATH"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
    CHECK(fake.count("secret_authorised") == 0);
  }
}

TEST_CASE("a host's session survives a Key Vault rotation and outage, never a refusal",
          "[azure][plugin][rotation]") {
  FakeAzure fake{R"({"secrets": {"analyst-login": {"value": "analyst-pass"}}})"};
  // AuthenticatedSession hands providers the process environment; nothing else runs in this test.
  mstr::test::ScopedEnv scoped;
  for (const auto& [name, value] : fake_environment(fake)) scoped.set(name, value);
  for (const char* name :
       {"AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT"}) {
    scoped.unset(name);
  }
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::AuthConfig config;
  config.base_url = mstr::Credential::value(mock.base_url());
  config.mode = "standard";
  config.username = mstr::Credential::value(std::string("analyst"));
  config.password =
      mstr::Credential::reference(mstr::azure::key_vault(fake.url(), "analyst-login").to_string());
  config.plugins = mstr::test::build_tree_plugins();
  const auto whoami = [](mstr::AuthenticatedSession& auth) {
    return auth->user_info().username;
  };
  mstr::AuthenticatedSession auth(config);
  REQUIRE(whoami(auth) == "analyst");

  // Rotation: the password changes in the vault and at the server while the host holds its session.
  fake.configure(R"({"secrets": {"analyst-login": {"value": "rotated-pass"}}})");
  REQUIRE(server.set_password("analyst", "rotated-pass"));
  server.expire_all_sessions();
  CHECK(whoami(auth) == "analyst");
  CHECK(auth.relogin_count() == 1);

  // Outage: the vault answers 503 after every retry while the session expires; the last password
  // still logs in.
  fake.configure(
      R"({"errors": {"analyst-login": {"status": 503, "code": "ServiceUnavailable", "message": "down"}}})");
  server.expire_all_sessions();
  CHECK(whoami(auth) == "analyst");
  CHECK(auth.relogin_count() == 2);

  // Gone: the vault says so, and the stale value is not used.
  fake.configure(
      R"({"errors": {"analyst-login": {"status": 404, "code": "SecretNotFound", "message": "gone"}}})");
  server.reset_counters();
  server.expire_all_sessions();
  try {
    whoami(auth);
    FAIL("logged in with a secret the vault no longer has");
  } catch (const mstr::VaultUnavailableError&) {
    FAIL("a missing secret was taken for an outage");
  } catch (const mstr::CredentialError& error) {
    CHECK_THAT(error.what(), Contains("does not exist"));
  }
  CHECK(server.requests_to("POST", "auth/login") == 0);
}
