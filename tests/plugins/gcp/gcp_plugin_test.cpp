// The built mstr-provider-gcp.so as hosts use it: loaded by the plugin registry, resolving references
// (with #field) through the core's resolver, and logging the mstr CLI in to the mock Library server.

#include "fake_gcp_fixture.hpp"

#include <mstr/credential_resolver.hpp>
#include <mstr/http.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <test_support/child_process.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/paths.hpp>

#include <algorithm>

using mstr::test::FakeGcp;
using namespace std::chrono_literals;

namespace {

const std::string kLoginConfig = R"({"secrets": {
  "projects/fake-project/secrets/mstr-login/versions/latest":
    {"data": "{\"username\": \"administrator\", \"password\": \"admin-pass\"}"},
  "projects/fake-project/secrets/analyst-password/versions/1": {"data": "analyst-pass", "crc": "none"}},
  "errors": {"projects/fake-project/secrets/forbidden/versions/latest":
    {"code": 403, "status": "PERMISSION_DENIED", "message": "Permission denied on resource."}}})";
const std::string kLogin = "projects/fake-project/secrets/mstr-login/versions/latest";

std::shared_ptr<mstr::PluginRegistry> build_tree_plugins() {
  mstr::PluginSearchOptions options;
  options.directories = {mstr::test::plugin_dir()};
  options.use_environment = false;
  options.use_default_directory = false;
  return mstr::PluginRegistry::discover(options);
}

std::map<std::string, std::string> fake_environment(const FakeGcp& fake) {
  return {{"MSTR_GCP_SECRETMANAGER_ENDPOINT", fake.url()},
          {"GOOGLE_APPLICATION_CREDENTIALS", fake.file("service_account.json").string()},
          {"GCE_METADATA_HOST", "127.0.0.1:1"},
          {"HOME", fake.scratch().string()}};
}

}  // namespace

TEST_CASE("the registry loads mstr-provider-gcp.so claiming gcp-sm", "[gcp][plugin]") {
  const auto registry = build_tree_plugins();
  const auto& loaded = registry->loaded();
  const auto gcp = std::find_if(loaded.begin(), loaded.end(), [](const auto& info) { return info.name == "gcp"; });
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
  mstr::CredentialResolver resolver(build_tree_plugins(), *http, env);

  CHECK(resolver.resolve("gcp-sm:" + kLogin + "#username").reveal() == "administrator");
  CHECK(resolver.resolve("gcp-sm:" + kLogin + "#password").reveal() == "admin-pass");
  CHECK(fake.accesses(kLogin) == 1);
  CHECK(resolver.resolve("gcp-sm:projects/fake-project/secrets/analyst-password/versions/1").reveal() == "analyst-pass");
  CHECK_THROWS_AS(resolver.resolve("gcp-sm:" + kLogin + "#nope"), mstr::CredentialError);
  CHECK_THROWS_WITH(resolver.resolve("gcp-sm:projects/fake-project/secrets/forbidden"),
                    Catch::Contains("PERMISSION_DENIED"));
  CHECK(fake.count("token_jwt") == 1);
}

TEST_CASE("mstr logs in with credentials from Secret Manager", "[gcp][plugin][cli]") {
  FakeGcp fake(kLoginConfig);
  mstr::test::MockServerFixture mock;
  mstr::test::ChildProcessOptions options;
  options.env = fake_environment(fake);
  options.unset_env = {"MSTR_PLUGIN_PATH", "CLOUDSDK_CONFIG"};

  SECTION("the login succeeds and costs one fetch for both fields") {
    mstr::test::ChildProcess cli(
        (mstr::test::build_dir() / "bin/mstr").string(),
        {"--base-url", mock.base_url(), "--username", "gcp-sm:" + kLogin + "#username", "--password",
         "gcp-sm:" + kLogin + "#password", "projects"},
        options);
    REQUIRE(cli.wait(20s) == 0);
    CHECK_THAT(cli.stdout_text(), Catch::Contains("MicroStrategy Tutorial"));
    CHECK(cli.stderr_text().find("admin-pass") == std::string::npos);
    CHECK(mock.server().requests_to("POST", "auth/login") == 1);
    CHECK(fake.accesses(kLogin) == 1);
    CHECK(fake.count("token_jwt") == 1);
  }
  SECTION("a refused secret fails before any login, naming Google's status") {
    mstr::test::ChildProcess cli(
        (mstr::test::build_dir() / "bin/mstr").string(),
        {"--base-url", mock.base_url(), "--username", "gcp-sm:" + kLogin + "#username", "--password",
         "gcp-sm:projects/fake-project/secrets/forbidden#password", "projects"},
        options);
    CHECK(cli.wait(20s) != 0);
    CHECK_THAT(cli.stderr_text(), Catch::Contains("PERMISSION_DENIED"));
    CHECK(mock.server().requests_to("POST", "auth/login") == 0);
  }
}
