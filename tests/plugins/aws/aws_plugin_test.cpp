// The real mstr-provider-aws.so as hosts use it: loaded by the PluginRegistry, resolving through
// the CredentialResolver (which shares one fetch among the fields of a secret), building references
// with the mstr::aws helpers, and logging the mstr CLI in to the mock Library server.

#include "fake_aws.hpp"

#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/aws.hpp>
#include <mstr/sdk/errors.hpp>

#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>
#include <test_support/plugins.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <filesystem>

using namespace std::chrono_literals;
namespace test = mstr::test;

namespace {

// The variables that point the chain at the fake and keep the machine's own AWS set-up out.
std::map<std::string, std::string> fake_environment(const test::TempDir& dir) {
  return {{"AWS_ACCESS_KEY_ID", test::static_key_id},
          {"AWS_SECRET_ACCESS_KEY", test::static_secret},
          {"AWS_REGION", test::fake_region},
          {"AWS_ENDPOINT_URL", test::shared_fake().url()},
          {"AWS_EC2_METADATA_DISABLED", "true"},
          {"HOME", dir.path().string()},
          {"AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").string()},
          {"AWS_CONFIG_FILE", (dir.path() / "config").string()}};
}

struct ResolverFixture {
  test::TempDir dir;
  mstr::MapEnvironment env{[this] {
    std::map<std::string, std::string, std::less<>> values;
    for (auto& [name, value] : fake_environment(dir)) values.emplace(name, value);
    return values;
  }()};
  std::shared_ptr<mstr::IHttpClient> http = mstr::make_http_client();
  std::shared_ptr<mstr::PluginRegistry> plugins = mstr::test::build_tree_plugins();
  mstr::CredentialResolver resolver{plugins, *http, env};

  ResolverFixture() { test::shared_fake().reset(); }
  std::string resolve(const mstr::CredentialReference& reference) {
    return std::string(resolver.resolve(reference).reveal());
  }
};

}  // namespace

TEST_CASE("the registry loads mstr-provider-aws.so and it claims aws-sm and aws-ssm") {
  const auto plugins = mstr::test::build_tree_plugins();
  CHECK(plugins->provider_for("aws-sm") != nullptr);
  CHECK(plugins->provider_for("aws-ssm") != nullptr);
  bool found = false;
  for (const auto& info : plugins->loaded()) {
    if (info.name != "aws") continue;
    found = true;
    CHECK(info.kind == "credential-provider");
    CHECK(info.file.filename() == "mstr-provider-aws.so");
    CHECK(info.schemes == std::vector<std::string>{"aws-sm", "aws-ssm"});
  }
  CHECK(found);
}

TEST_CASE("the helpers build the references the plugin documents") {
  CHECK(mstr::aws::secrets_manager("prod/mstr").to_string() == "aws-sm:prod/mstr");
  CHECK(mstr::aws::secrets_manager("prod/mstr", "password", "eu-west-1").to_string() ==
        "aws-sm:prod/mstr?region=eu-west-1#password");
  CHECK(mstr::aws::SecretsManagerSecret("prod/mstr", "eu-west-1").field("username").to_string() ==
        "aws-sm:prod/mstr?region=eu-west-1#username");
  CHECK(mstr::aws::SecretsManagerSecret("prod/mstr").value().to_string() == "aws-sm:prod/mstr");
  CHECK(mstr::aws::parameter_store("/mstr/password", "eu-west-1").to_string() ==
        "aws-ssm:/mstr/password?region=eu-west-1");
  CHECK(mstr::aws::ParameterStoreValues().parameter("/mstr/json", "username").to_string() ==
        "aws-ssm:/mstr/json#username");
}

TEST_CASE_METHOD(ResolverFixture, "N fields of one secret cost one GetSecretValue") {
  const mstr::aws::SecretsManagerSecret secret("prod/mstr", "eu-west-1");
  CHECK(resolve(secret.field("username")) == "administrator");
  CHECK(resolve(secret.field("password")) == "admin-pass");
  CHECK(resolve(secret.field("username")) == "administrator");
  CHECK(test::shared_fake().count("GetSecretValue") == 1);

  SECTION("a missing field names the field, not the secret's content") {
    try {
      resolve(secret.field("api_key"));
      FAIL("a missing field resolved");
    } catch (const mstr::CredentialError& error) {
      const std::string message = error.what();
      CHECK(message.find("api_key") != std::string::npos);
      CHECK(message.find("admin-pass") == std::string::npos);
    }
  }
}

TEST_CASE_METHOD(ResolverFixture,
                 "a secret by name and by its ARN in the same region costs one GetSecretValue") {
  CHECK(resolve(mstr::CredentialReference::parse("aws-sm:prod/mstr?region=eu-west-1#username")) ==
        "administrator");
  CHECK(resolve(mstr::CredentialReference::parse(
            "aws-sm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/mstr-AbCdEf#password")) ==
        "admin-pass");
  CHECK(test::shared_fake().count("GetSecretValue") == 1);
}

TEST_CASE_METHOD(ResolverFixture,
                 "each Parameter Store name is fetched once, fields of a JSON parameter too") {
  const mstr::aws::ParameterStoreValues values("eu-west-1");
  CHECK(resolve(values.parameter("/mstr/username")) == "administrator");
  CHECK(resolve(values.parameter("/mstr/username")) == "administrator");
  CHECK(resolve(values.parameter("/mstr/json", "username")) == "analyst");
  CHECK(resolve(values.parameter("/mstr/json", "password")) == "analyst-pass");
  CHECK(test::shared_fake().count("GetParameter") == 2);
}

TEST_CASE_METHOD(ResolverFixture,
                 "a provider failure reaches the host as a CredentialError from the aws plugin") {
  try {
    resolve(mstr::aws::secrets_manager("does/not/exist", "password"));
    FAIL("a missing secret resolved");
  } catch (const mstr::CredentialError& error) {
    CHECK(std::string(error.what()).find("ResourceNotFoundException") != std::string::npos);
  }
}

namespace {

// Runs build/bin/mstr --verbose against the mock Library server with the chain pointed at the fake; the
// debug log it prints must hold no secret either.
std::pair<int, std::string> run_cli(const std::string& base_url, const std::string& username,
                                    const std::string& password, const test::TempDir& dir) {
  test::ChildProcessOptions options;
  options.env = fake_environment(dir);
  options.unset_env = {"MSTR_PLUGIN_PATH",
                       "AWS_PROFILE",
                       "AWS_DEFAULT_PROFILE",
                       "AWS_SESSION_TOKEN",
                       "AWS_WEB_IDENTITY_TOKEN_FILE",
                       "AWS_ROLE_ARN",
                       "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                       "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                       "AWS_DEFAULT_REGION",
                       "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                       "AWS_ENDPOINT_URL_SSM",
                       "AWS_EC2_METADATA_SERVICE_ENDPOINT"};
  test::ChildProcess cli((test::build_dir() / "bin" / "mstr").string(),
                         {"--verbose", "--base-url", base_url, "--plugin-dir", test::plugin_dir().string(),
                          "--username", username, "--password", password, "projects"},
                         options);
  const int code = cli.wait(20s);
  return {code, cli.stdout_text() + cli.stderr_text()};
}

}  // namespace

TEST_CASE("the mstr CLI logs in with credentials from Secrets Manager and from Parameter Store") {
  test::MockServerFixture mock;
  test::TempDir dir;
  auto& fake = test::shared_fake();
  fake.reset();

  SECTION("aws-sm: two fields of one secret, one fetch") {
    const auto [code, output] =
        run_cli(mock.base_url(), "aws-sm:prod/mstr#username", "aws-sm:prod/mstr#password", dir);
    INFO(output);
    CHECK(code == 0);
    CHECK(output.find("MicroStrategy Tutorial") != std::string::npos);
    CHECK(output.find("admin-pass") == std::string::npos);
    CHECK(output.find(test::static_secret) == std::string::npos);
    CHECK(fake.count("GetSecretValue") == 1);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  }
  SECTION("aws-ssm: one parameter per field") {
    const auto [code, output] =
        run_cli(mock.base_url(), "aws-ssm:/mstr/username", "aws-ssm:/mstr/password", dir);
    INFO(output);
    CHECK(code == 0);
    CHECK(output.find("MicroStrategy Tutorial") != std::string::npos);
    CHECK(output.find("admin-pass") == std::string::npos);
    CHECK(fake.count("GetParameter") == 2);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  }
  SECTION("a wrong password from the vault is the server's login failure, not a crash") {
    const auto [code, output] = run_cli(mock.base_url(), "aws-ssm:/mstr/json#username", "aws-sm:plain", dir);
    INFO(output);
    CHECK(code != 0);
    CHECK(output.find("just-a-string") == std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
  }
}

TEST_CASE(
    "the mstr CLI logs in through a role profile and an IAM Identity Center profile the reference names") {
  test::MockServerFixture mock;
  test::TempDir dir;
  auto& fake = test::shared_fake();
  fake.reset();
  const std::string role = "arn:aws:iam::111111111111:role/mstr-cli-reader";
  fake.merge_config(R"({"roles": {")" + role + R"(": {"principals": [")" + test::profile_key_id + R"("]}},
                        "sso": {"token": "cli-sso-token", "account_id": "444455556666", "role_name": "MstrReader"}})");
  test::write_file(dir.path() / "credentials",
                   std::string("[base]\naws_access_key_id = ") + test::profile_key_id +
                       "\naws_secret_access_key = " + test::profile_secret + "\n");
  test::write_file(dir.path() / "config",
                   "[profile reader]\nrole_arn = " + role +
                       "\nsource_profile = base\n\n[profile work]\nsso_session = corp\n"
                       "sso_account_id = 444455556666\nsso_role_name = MstrReader\n\n"
                       "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
                       "sso_region = eu-west-1\n");
  // sha1("corp"), the name the AWS CLI gives the session's token file.
  const auto token_file =
      dir.path() / ".aws" / "sso" / "cache" / "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

  SECTION("AssumeRole through source_profile, although the environment holds other keys") {
    const auto [code, output] = run_cli(mock.base_url(), "aws-sm:prod/mstr?profile=reader#username",
                                        "aws-sm:prod/mstr?profile=reader#password", dir);
    INFO(output);
    CHECK(code == 0);
    CHECK(output.find("MicroStrategy Tutorial") != std::string::npos);
    CHECK(output.find("admin-pass") == std::string::npos);
    CHECK(output.find(test::profile_secret) == std::string::npos);
    CHECK(fake.count("AssumeRole") == 1);
    CHECK(fake.count("GetSecretValue") == 1);
    CHECK(fake.rejected("AccessDenied") == 0);
  }
  SECTION("IAM Identity Center with the token aws sso login cached") {
    std::filesystem::create_directories(token_file.parent_path());
    test::write_file(token_file, R"({"accessToken": "cli-sso-token", "expiresAt": "2199-01-01T00:00:00Z"})");
    const auto [code, output] = run_cli(mock.base_url(), "aws-ssm:/mstr/username?profile=work",
                                        "aws-ssm:/mstr/password?profile=work", dir);
    INFO(output);
    CHECK(code == 0);
    CHECK(output.find("MicroStrategy Tutorial") != std::string::npos);
    CHECK(output.find("cli-sso-token") == std::string::npos);
    CHECK(fake.count("GetRoleCredentials") == 1);
    CHECK(fake.count("GetParameter") == 2);
  }
  SECTION("no cached SSO token: the message says how to log in, and nothing reaches the server") {
    const auto [code, output] = run_cli(mock.base_url(), "aws-ssm:/mstr/username?profile=work",
                                        "aws-ssm:/mstr/password?profile=work", dir);
    INFO(output);
    CHECK(code != 0);
    CHECK(output.find("aws sso login --sso-session corp") != std::string::npos);
    CHECK(fake.count("GetRoleCredentials") == 0);
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
  }
}
