// Each link of the DefaultAzureCredential-style chain against fake_azure.py: the environment's client
// secret and client certificate (the fake checks the RS256 assertion with python3-jwt), workload
// identity, IMDS (system- and user-assigned), App Service, and a fake `az` on PATH; the chain's order,
// the error that lists every link, and the token cache per scope with expiry and refresh.

#include "fake_azure.hpp"

#include <key_vault_provider.hpp>

#include <mstr/http.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <test_support/recording_logger.hpp>

#include <filesystem>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using mstr::internal::azure::KeyVaultProvider;

namespace {

const char* const kSecrets = R"({"secrets": {"alpha": {"value": "alpha-s3cret"}, "beta": {"value": "beta-s3cret"}}})";

// A fake `az` that records its arguments and prints what az 2.54+ prints, with a token the fake issues.
const char* const kAzLoggedIn = R"(
with open(ARGS_FILE, "w") as out:
    json.dump(sys.argv[1:], out)
resource = sys.argv[sys.argv.index("--resource") + 1]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
query = urllib.parse.urlencode({"scope": resource, "source": "cli"})
issued = json.load(opener.open(FAKE + "/__admin/issue?" + query, timeout=10))
print(json.dumps({"accessToken": issued["token"], "expiresOn": "2099-01-01 00:00:00.000000",
                  "expires_on": issued["expires_on"], "subscription": "fake-subscription",
                  "tenant": "fake-tenant", "tokenType": "Bearer"}))
)";

// Before az 2.54 the expiry was only `expiresOn`, in local time.
const char* const kAzLegacy = R"(
resource = sys.argv[sys.argv.index("--resource") + 1]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
query = urllib.parse.urlencode({"scope": resource, "source": "cli"})
issued = json.load(opener.open(FAKE + "/__admin/issue?" + query, timeout=10))
expires = time.strftime("%Y-%m-%d %H:%M:%S.000000", time.localtime(issued["expires_on"]))
print(json.dumps({"accessToken": issued["token"], "expiresOn": expires, "tokenType": "Bearer"}))
)";

const char* const kAzLoggedOut = R"(
sys.stderr.write("ERROR: Please run 'az login' to setup account.\n")
sys.exit(1)
)";

const char* const kAzFailing = R"(
sys.stderr.write("ERROR: AADSTS700082: The refresh token has expired due to inactivity.\n")
sys.exit(2)
)";

const char* const kAzHanging = R"(
time.sleep(60)
)";

struct Harness {
  explicit Harness(const std::string& config = kSecrets) : fake(config), env(fake.base_environment()) { restart(); }

  // A new provider: nothing cached, as in a new process.
  void restart() {
    auto options = mstr::test::fast_options();
    options.clock = [this] { return now; };
    options.cli_timeout = cli_timeout;
    provider = std::make_unique<KeyVaultProvider>(std::move(options));
  }

  mstr::SecretValue fetch_from(const std::string& vault_url, const std::string& secret) {
    mstr::test::RecordingLogger logger;
    const mstr::ProviderContext context{*http, logger, env};
    return provider->fetch(mstr::CredentialReference::parse("azure-kv:" + vault_url + "/" + secret), context);
  }
  mstr::SecretValue fetch(const std::string& secret) { return fetch_from(fake.url(), secret); }

  // The CredentialError a fetch throws; fails the test when there is none or it quotes a secret.
  std::string fetch_error(const std::string& secret) {
    try {
      fetch(secret);
    } catch (const mstr::CredentialError& error) {
      CHECK(error.provider() == "azure");
      const std::string message = error.what();
      for (const char* leaked : {"s3cret", "eyJfake", "fake-client-secret", "PRIVATE KEY", "pem-pass"}) {
        CHECK(message.find(leaked) == std::string::npos);
      }
      return message;
    }
    FAIL("fetching " << secret << " succeeded");
    return {};
  }

  void service_principal() {
    env.set("AZURE_TENANT_ID", "fake-tenant");
    env.set("AZURE_CLIENT_ID", "fake-client-id");
  }
  void imds_at_fake() { env.set("AZURE_POD_IDENTITY_AUTHORITY_HOST", fake.url() + "/"); }
  std::filesystem::path az_dir() const { return fake.dir() / "az-bin"; }
  void az_on_path(const std::string& body) {
    mstr::test::write_fake_az(az_dir(), fake.url(), body);
    env.set("PATH", az_dir().string());
  }
  bool az_ran() const { return std::filesystem::exists(az_dir() / "az-args.json"); }

  mstr::test::FakeAzure fake;
  mstr::MapEnvironment env;
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::chrono::milliseconds cli_timeout{5000};
  std::unique_ptr<KeyVaultProvider> provider;
};

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> result;
  for (std::size_t i = 0; i < array->size(); ++i) result.push_back(array->getElement<std::string>(i));
  return result;
}

std::string run_openssl(const std::vector<std::string>& args) {
  mstr::test::ChildProcess openssl("openssl", args);
  REQUIRE(openssl.wait(20s) == 0);
  return openssl.stdout_text();
}

}  // namespace

TEST_CASE("environment: a client secret gets a token, and the rest of the chain is not asked", "[azure][chain][env]") {
  Harness h;
  h.service_principal();
  h.env.set("AZURE_CLIENT_SECRET", "fake-client-secret");
  h.imds_at_fake();
  h.az_on_path(kAzLoggedIn);
  CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
  CHECK(h.fetch("beta").reveal() == "beta-s3cret");
  const auto stats = h.fake.stats();
  CHECK(stats->getValue<int>("token_secret") == 1);
  CHECK(stats->getValue<int>("imds") == 0);
  CHECK(stats->getValue<int>("cli") == 0);
  CHECK_FALSE(h.az_ran());
}

TEST_CASE("environment: a client certificate signs an assertion the token endpoint verifies", "[azure][chain][env]") {
  Harness h;
  h.service_principal();
  h.env.set("AZURE_CLIENT_CERTIFICATE_PATH", (h.fake.dir() / "client.pem").string());

  SECTION("the registered certificate") {
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    const auto stats = h.fake.stats();
    CHECK(stats->getValue<int>("token_assertion") == 1);
    CHECK(stats->getArray("assertion_errors")->size() == 0);
    CHECK(stats->getValue<int>("token_secret") == 0);
  }
  SECTION("a client secret, when also set, is used instead") {
    h.env.set("AZURE_CLIENT_SECRET", "fake-client-secret");
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fake.count("token_secret") == 1);
    CHECK(h.fake.count("token_assertion") == 0);
  }
  SECTION("a certificate the tenant does not know is refused by its thumbprint, and ends the chain") {
    h.env.set("AZURE_CLIENT_CERTIFICATE_PATH", (h.fake.dir() / "unregistered.pem").string());
    h.imds_at_fake();
    const std::string message = h.fetch_error("alpha");
    CHECK_THAT(message, Contains("Azure authentication failed") && Contains("AADSTS700027") &&
                            Contains("x5t does not match") && Contains("unregistered.pem"));
    CHECK(h.fake.stats()->getArray("assertion_errors")->size() == 1);
    CHECK(h.fake.count("imds") == 0);
  }
  SECTION("an encrypted key is read with AZURE_CLIENT_CERTIFICATE_PASSWORD") {
    const auto plain = h.fake.dir() / "client.pem";
    const std::string key =
        run_openssl({"pkey", "-in", plain.string(), "-aes256", "-passout", "pass:pem-pass"});
    REQUIRE_THAT(key, Contains("ENCRYPTED PRIVATE KEY"));
    const auto encrypted = h.fake.dir() / "encrypted.pem";
    mstr::test::write_file(encrypted, run_openssl({"x509", "-in", plain.string()}) + key);
    h.env.set("AZURE_CLIENT_CERTIFICATE_PATH", encrypted.string());

    h.env.set("AZURE_CLIENT_CERTIFICATE_PASSWORD", "not-the-pass");
    CHECK_THAT(h.fetch_error("alpha"), Contains("holds no usable RSA private key") &&
                                           Contains("AZURE_CLIENT_CERTIFICATE_PASSWORD") &&
                                           !Contains("not-the-pass"));
    CHECK(h.fake.count("token_assertion") == 0);

    h.env.set("AZURE_CLIENT_CERTIFICATE_PASSWORD", "pem-pass");
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fake.count("token_assertion") == 1);
  }
  SECTION("a file that is no certificate is named") {
    const auto bogus = h.fake.dir() / "bogus.pem";
    mstr::test::write_file(bogus, "not a certificate\n");
    h.env.set("AZURE_CLIENT_CERTIFICATE_PATH", bogus.string());
    CHECK_THAT(h.fetch_error("alpha"), Contains(bogus.string() + " (AZURE_CLIENT_CERTIFICATE_PATH) holds no PEM"));
  }
}

TEST_CASE("workload identity: the federated token file is exchanged for an access token", "[azure][chain][workload]") {
  Harness h;
  h.service_principal();
  h.env.set("AZURE_FEDERATED_TOKEN_FILE", (h.fake.dir() / "federated_token").string());
  h.imds_at_fake();

  SECTION("ahead of managed identity") {
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    CHECK(h.fake.count("token_federated") == 1);
    CHECK(h.fake.count("imds") == 0);
  }
  SECTION("a missing file is an error naming it, not a reason to try managed identity") {
    const auto missing = (h.fake.dir() / "no-such-token").string();
    h.env.set("AZURE_FEDERATED_TOKEN_FILE", missing);
    CHECK_THAT(h.fetch_error("alpha"), Contains("WorkloadIdentityCredential") &&
                                           Contains("cannot read the federated token file " + missing));
    CHECK(h.fake.count("imds") == 0);
  }
  SECTION("a token the tenant does not accept is Entra's refusal") {
    const auto forged = h.fake.dir() / "forged_token";
    mstr::test::write_file(forged, "eyJforged.token\n");
    h.env.set("AZURE_FEDERATED_TOKEN_FILE", forged.string());
    CHECK_THAT(h.fetch_error("alpha"), Contains("workload identity fake-client-id in tenant fake-tenant") &&
                                           Contains("invalid_client"));
  }
}

TEST_CASE("managed identity: IMDS at AZURE_POD_IDENTITY_AUTHORITY_HOST", "[azure][chain][imds]") {
  Harness h;
  h.imds_at_fake();
  h.az_on_path(kAzLoggedIn);

  SECTION("the system-assigned identity, ahead of the Azure CLI") {
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    const auto stats = h.fake.stats();
    CHECK(stats->getValue<int>("imds") == 1);
    CHECK(stats->get("last_imds_client_id").isEmpty());
    CHECK(stats->getValue<int>("cli") == 0);
    CHECK_FALSE(h.az_ran());
  }
  SECTION("a user-assigned identity chosen by AZURE_CLIENT_ID") {
    h.fake.configure(R"({"imds_client_id": "user-assigned-id"})");
    h.env.set("AZURE_CLIENT_ID", "user-assigned-id");
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fake.stats()->getValue<std::string>("last_imds_client_id") == "user-assigned-id");
  }
  SECTION("an identity IMDS does not know moves the chain on to the Azure CLI") {
    h.fake.configure(R"({"imds_client_id": "user-assigned-id"})");
    h.env.set("AZURE_CLIENT_ID", "some-other-id");
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fake.count("imds") == 1);
    CHECK(h.fake.count("cli") == 1);
  }
  SECTION("the token is renewed shortly before it expires") {
    h.fetch("alpha");
    h.now += 3000s;
    h.fetch("beta");
    CHECK(h.fake.count("imds") == 1);
    h.now += 400s;
    h.fetch("alpha");
    CHECK(h.fake.count("imds") == 2);
  }
}

TEST_CASE("managed identity: App Service's IDENTITY_ENDPOINT and IDENTITY_HEADER", "[azure][chain][appservice]") {
  Harness h;
  h.imds_at_fake();
  h.env.set("IDENTITY_ENDPOINT", h.fake.url() + "/msi/token");
  h.env.set("IDENTITY_HEADER", "fake-identity-header");

  SECTION("instead of IMDS, with the user-assigned identity when AZURE_CLIENT_ID is set") {
    h.env.set("AZURE_CLIENT_ID", "app-identity");
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    const auto stats = h.fake.stats();
    CHECK(stats->getValue<int>("app_service") == 1);
    CHECK(stats->getValue<int>("imds") == 0);
    CHECK(stats->getValue<std::string>("last_app_service_client_id") == "app-identity");
  }
  SECTION("expiry written as a date is honoured") {
    h.fake.configure(R"({"app_service_dates": true})");
    h.fetch("alpha");
    h.now += 3000s;
    h.fetch("beta");
    CHECK(h.fake.count("app_service") == 1);
    h.now += 400s;
    h.fetch("alpha");
    CHECK(h.fake.count("app_service") == 2);
  }
  SECTION("a wrong header is the endpoint's refusal, without the header's value") {
    h.env.set("IDENTITY_HEADER", "wrong-identity-header");
    CHECK_THAT(h.fetch_error("alpha"), Contains("App Service identity endpoint " + h.fake.url() + "/msi/token") &&
                                           Contains("HTTP 401") && !Contains("wrong-identity-header"));
  }
}

TEST_CASE("Azure CLI: a fake az on PATH, run without a shell and within a time limit", "[azure][chain][cli]") {
  Harness h;

  SECTION("its token serves many secrets; its arguments are az's own") {
    h.az_on_path(kAzLoggedIn);
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    CHECK(h.fake.count("cli") == 1);
    const auto args = Poco::JSON::Parser()
                          .parse(mstr::test::read_file(h.az_dir() / "az-args.json"))
                          .extract<Poco::JSON::Array::Ptr>();
    CHECK(strings(args) == std::vector<std::string>{"account", "get-access-token", "--output", "json", "--resource",
                                                    "http://127.0.0.1"});
    h.now += 3400s;
    h.fetch("alpha");
    CHECK(h.fake.count("cli") == 2);
  }
  SECTION("the local-time expiry of az before 2.54") {
    h.az_on_path(kAzLegacy);
    h.fetch("alpha");
    h.now += 3000s;
    h.fetch("beta");
    CHECK(h.fake.count("cli") == 1);
    h.now += 400s;
    h.fetch("alpha");
    CHECK(h.fake.count("cli") == 2);
  }
  SECTION("not logged in: the chain says so and what to run") {
    h.az_on_path(kAzLoggedOut);
    CHECK_THAT(h.fetch_error("alpha"), Contains("no Azure credential is available") &&
                                           Contains("AzureCliCredential: not logged in (run `az login`)"));
  }
  SECTION("an az error is reported with its first line") {
    h.az_on_path(kAzFailing);
    CHECK_THAT(h.fetch_error("alpha"), Contains("Azure authentication failed") &&
                                           Contains("az account get-access-token failed (exit 2)") &&
                                           Contains("AADSTS700082"));
  }
  SECTION("an az that never answers is killed at the time limit") {
    h.az_on_path(kAzHanging);
    h.cli_timeout = 500ms;
    h.restart();
    const auto started = std::chrono::steady_clock::now();
    CHECK_THAT(h.fetch_error("alpha"), Contains("did not answer within 500 ms"));
    CHECK(std::chrono::steady_clock::now() - started < 10s);
  }
}

TEST_CASE("AZURE_AUTHORITY_HOST is where token requests go", "[azure][chain][env]") {
  Harness h;
  h.service_principal();
  h.env.set("AZURE_CLIENT_SECRET", "fake-client-secret");

  h.env.set("AZURE_AUTHORITY_HOST", h.fake.url() + "/");
  CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
  CHECK(h.fake.count("token_secret") == 1);

  h.restart();
  const std::string closed = mstr::test::closed_loopback_url();
  h.env.set("AZURE_AUTHORITY_HOST", closed);
  CHECK_THAT(h.fetch_error("alpha"),
             Contains("cannot reach the token endpoint " + closed + "/fake-tenant/oauth2/v2.0/token"));
  CHECK(h.fake.count("token_secret") == 1);
}

TEST_CASE("when no link yields a token the error lists every link, in order, with its reason", "[azure][chain]") {
  Harness h;
  const std::string imds = *h.env.get("AZURE_POD_IDENTITY_AUTHORITY_HOST");

  SECTION("nothing configured") {
    const std::string message = h.fetch_error("alpha");
    CHECK_THAT(message, Contains("no Azure credential is available for http://127.0.0.1/.default"));
    const auto environment = message.find(
        "EnvironmentCredential: not configured; unset: AZURE_TENANT_ID AZURE_CLIENT_ID "
        "AZURE_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PATH");
    const auto workload = message.find(
        "WorkloadIdentityCredential: not configured; unset: AZURE_FEDERATED_TOKEN_FILE AZURE_TENANT_ID "
        "AZURE_CLIENT_ID");
    const auto managed =
        message.find("ManagedIdentityCredential: no IMDS endpoint answered at " + imds + "/metadata/identity/oauth2/token");
    const auto cli = message.find("AzureCliCredential: the Azure CLI (az) is not on PATH");
    INFO(message);
    REQUIRE(environment != std::string::npos);
    REQUIRE(workload != std::string::npos);
    REQUIRE(managed != std::string::npos);
    REQUIRE(cli != std::string::npos);
    CHECK(environment < workload);
    CHECK(workload < managed);
    CHECK(managed < cli);
  }
  SECTION("IMDS without an identity and az logged out") {
    h.imds_at_fake();
    h.fake.configure(R"({"imds_identity": false})");
    h.az_on_path(kAzLoggedOut);
    CHECK_THAT(h.fetch_error("alpha"), Contains("IMDS at " + h.fake.url() + "/metadata/identity/oauth2/token "
                                                "knows no managed identity for this host") &&
                                           Contains("not logged in (run `az login`)"));
  }
  // The vault challenged, and never saw a token.
  CHECK(h.fake.count("secret_challenged") == 1);
  CHECK(h.fake.count("secret_authorised") == 0);
}

TEST_CASE("tokens are cached per scope: two vaults, two scopes, one token each", "[azure][chain][cache]") {
  Harness h;
  h.imds_at_fake();
  const std::string second = h.fake.second_vault_url();
  for (int round = 0; round < 3; ++round) {
    CHECK(h.fetch("alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch_from(second, "alpha").reveal() == "alpha-s3cret");
    CHECK(h.fetch("beta").reveal() == "beta-s3cret");
    CHECK(h.fetch_from(second, "beta").reveal() == "beta-s3cret");
  }
  const auto stats = h.fake.stats();
  CHECK(stats->getValue<int>("imds") == 2);
  CHECK(strings(stats->getArray("scopes")) ==
        std::vector<std::string>{"http://127.0.0.1", "http://127.0.0.1/second-vault"});
  CHECK(stats->getValue<int>("secret_challenged") == 2);
  CHECK(stats->getValue<int>("secret_authorised") == 12);
  CHECK(stats->getValue<int>("secret_rejected") == 0);
}
