// The vault plugin, loaded as the host loads it (PluginRegistry over its build folder), against the
// loopback fake of Vault, and a login to the mock Library server with a password kept in Vault.
#include "fake_vault.hpp"

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/mock/mock_server.hpp>

#include <Poco/TemporaryFile.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace vault_test;

namespace {

mstr::MapEnvironment vault_env(const FakeVault& vault) {
  return env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_TOKEN", kToken}});
}

}  // namespace

TEST_CASE("the host loads the vault plugin and sees the scheme it claims", "[vault]") {
  const auto plugins = vault_plugin_only();
  REQUIRE(plugins->refused().empty());
  REQUIRE(plugins->available().size() == 1);
  CHECK(plugins->available().front().name == "vault");
  CHECK(plugins->schemes() == std::vector<std::string>{"vault"});
  // Discovery reads the plugin's metadata only; the first use loads it.
  CHECK(plugins->loaded().empty());
  CHECK(plugins->provider_for("vault") != nullptr);
  CHECK(plugins->loaded().size() == 1);
}

TEST_CASE("fields of one secret cost one read, and a version can be pinned", "[vault]") {
  FakeVault vault;
  Resolver r(vault_env(vault));
  CHECK(r.resolver.resolve("vault:secret/mstr/prod#password").reveal() == "analyst-pass");
  CHECK(r.resolver.resolve("vault:secret/mstr/prod#username").reveal() == "analyst");
  CHECK(vault.stats().reads == 1);
  CHECK(r.resolver.resolve("vault:secret/mstr/prod?version=1#password").reveal() == "old-pass");
  CHECK(r.resolver.resolve("vault:secret/team%20a/db#password").reveal() == "spaced");
  CHECK(r.resolver.resolve("vault:secret/team a/db#password").reveal() == "spaced");
  CHECK(vault.stats().reads == 4);
}

TEST_CASE("the namespace travels in X-Vault-Namespace", "[vault]") {
  FakeVault vault({"--namespace", "team-a"});
  auto env = vault_env(vault);
  {
    Resolver r(env);
    CHECK(error_of(r, "vault:secret/mstr/prod#password").find("permission denied") != std::string::npos);
  }
  env.set("VAULT_NAMESPACE", "team-a");
  Resolver r(env);
  CHECK(r.resolver.resolve("vault:secret/mstr/prod#password").reveal() == "analyst-pass");
}

TEST_CASE("Vault's refusals become errors a person can act on, without the token", "[vault]") {
  FakeVault vault;
  auto env = vault_env(vault);
  env.set("VAULT_TOKEN", "s.wrong-token");
  Resolver wrong(env);
  const auto denied = error_of(wrong, "vault:secret/mstr/prod#password");
  CHECK(denied.find("permission denied") != std::string::npos);
  CHECK(denied.find("s.wrong-token") == std::string::npos);

  Resolver r(vault_env(vault));
  CHECK(error_of(r, "vault:secret/mstr/missing#password").find("no such secret") != std::string::npos);
  CHECK(error_of(r, "vault:secret/mstr/prod?version=9#password").find("no such secret") != std::string::npos);
  CHECK(error_of(r, "vault:legacy/mstr#password").find("KV v2 mount") != std::string::npos);
  CHECK(error_of(r, "vault:secret/mstr/prod#nope").find("nope") != std::string::npos);
}

TEST_CASE("malformed vault references are refused before anything is sent", "[vault]") {
  FakeVault vault;
  Resolver r(vault_env(vault));
  CHECK(error_of(r, "vault:secret").find("no secret path") != std::string::npos);
  CHECK(error_of(r, "vault:secret//x").find("empty") != std::string::npos);
  CHECK(error_of(r, "vault:secret/../sys/seal").find("'..'") != std::string::npos);
  CHECK(error_of(r, "vault:secret/mstr/prod?version=0").find("positive integer") != std::string::npos);
  CHECK(error_of(r, "vault:secret/mstr/prod?ttl=1").find("unknown option 'ttl'") != std::string::npos);
  CHECK(vault.stats().reads == 0);
}

TEST_CASE("the server address and the token come from the environment", "[vault]") {
  FakeVault vault;
  SECTION("VAULT_ADDR is required") {
    Resolver r(env_of({{"VAULT_TOKEN", kToken}}));
    CHECK(error_of(r, "vault:secret/mstr/prod#password").find("VAULT_ADDR is not set") != std::string::npos);
  }
  SECTION("plain http:// is only for loopback") {
    Resolver r(env_of({{"VAULT_ADDR", "http://vault.example.com:8200"}, {"VAULT_TOKEN", kToken}}));
    CHECK(error_of(r, "vault:secret/mstr/prod#password").find("VAULT_ADDR") != std::string::npos);
  }
  SECTION("a token file is read when VAULT_TOKEN is unset, and refused when others can read it") {
    Poco::TemporaryFile file;
    std::ofstream(file.path()) << kToken << "\n";
    namespace fs = std::filesystem;
    fs::permissions(file.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    Resolver r(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_TOKEN_FILE", file.path()}}));
    CHECK(r.resolver.resolve("vault:secret/mstr/prod#password").reveal() == "analyst-pass");

    fs::permissions(file.path(), fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
    Resolver loose(env_of({{"VAULT_ADDR", vault.url()}, {"VAULT_TOKEN_FILE", file.path()}}));
    CHECK(error_of(loose, "vault:secret/mstr/prod#password").find("chmod 600") != std::string::npos);
  }
  SECTION("no token anywhere says where to put one") {
    Poco::TemporaryFile home;
    std::filesystem::create_directory(home.path());
    Resolver r(env_of({{"VAULT_ADDR", vault.url()}, {"HOME", home.path()}}));
    CHECK(error_of(r, "vault:secret/mstr/prod#password")
              .find("set VAULT_TOKEN or VAULT_TOKEN_FILE, VAULT_ROLE_ID") != std::string::npos);
  }
}

TEST_CASE("an AuthenticatedSession logs in to the mock Library server with a password kept in Vault",
          "[vault][mock]") {
  FakeVault vault;
  mstr::mock::MockServer library;
  library.start();
  // AuthenticatedSession lends its providers the process environment.
  ::setenv("VAULT_ADDR", vault.url().c_str(), 1);
  ::setenv("VAULT_TOKEN", kToken, 1);

  mstr::AuthConfig config;
  config.base_url = mstr::Credential::value(library.base_url());
  config.username = mstr::Credential::reference("vault:secret/mstr/prod#username");
  config.password = mstr::Credential::reference("vault:secret/mstr/prod#password");
  mstr::PluginSearchOptions search;
  search.directories = {VAULT_PLUGIN_DIR};
  config.plugins = mstr::PluginRegistry::discover(search);
  {
    mstr::AuthenticatedSession session(std::move(config));
    CHECK(session.mode() == "standard");
    CHECK(session->user_info().username == "analyst");
  }
  CHECK(vault.stats().reads == 1);
  CHECK(library.requests_to("POST", "auth/logout") == 1);
  ::unsetenv("VAULT_ADDR");
  ::unsetenv("VAULT_TOKEN");
}
