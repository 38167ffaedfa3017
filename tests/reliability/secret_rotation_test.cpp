// A host holding a session while its password rotates, and while its vault is down: the secret
// cache's time to live, the refetch after a refused login, and stale-if-error, through
// AuthenticatedSession against the mock and the scripted test provider.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include "captured_log.hpp"
#include "reliability_fixtures.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace std::chrono_literals;
using mstr::AuthenticatedSession;
using mstr::Credential;

namespace {

std::string whoami(mstr::Session& session) {
  return session.user_info().username;
}

std::shared_ptr<mstr::PluginRegistry> plugins_with_scripted_vault() {
  static const auto registry = [] {
    mstr::PluginSearchOptions options;
    options.directories = {mstr::test::plugin_dir(), MSTR_SCRIPTED_PLUGIN_DIR};
    options.use_environment = false;
    options.use_default_directory = false;
    return mstr::PluginRegistry::discover(options);
  }();
  return registry;
}

// The analyst's password lives in a scripted vault; `script` says what the vault answers next.
struct RotationFixture {
  mstr::test::MockServerFixture mock;
  mstr::test::TempDir dir;
  std::filesystem::path secret = dir.path() / "vault-secret";

  void script(const std::string& line) { mstr::test::write_file(secret, line + "\n"); }

  mstr::AuthConfig config() {
    mstr::AuthConfig config = mstr::test::analyst_config(mock);
    config.plugins = plugins_with_scripted_vault();
    config.password = Credential::reference("scripted:" + secret.string() + "#value");
    return config;
  }
};

}  // namespace

TEST_CASE_METHOD(RotationFixture, "a password rotated at the vault and the server is used by the next login",
                 "[secrets][rotation]") {
  auto& server = mock.server();
  script("value:analyst-pass");
  AuthenticatedSession auth(config());
  REQUIRE(whoami(auth.session()) == "analyst");

  // The administrator rotates the password in both places while the host holds its session.
  script("value:rotated-pass");
  REQUIRE(server.set_password("analyst", "rotated-pass"));
  CHECK(whoami(auth.session()) == "analyst");  // the open session is unaffected
  server.reset_counters();

  server.expire_all_sessions();
  CHECK(whoami(auth.session()) == "analyst");
  CHECK(server.requests_to("POST", "auth/login") == 1);  // the new password at once, never the old one
  CHECK(auth.relogin_count() == 1);
}

TEST_CASE_METHOD(RotationFixture,
                 "a refused login fetches the credentials again and retries once if they changed",
                 "[secrets][rotation]") {
  auto& server = mock.server();

  SECTION("the vault answered the old password first: the retry uses the new one") {
    script("values:analyst-pass-before-rotation,analyst-pass");
    AuthenticatedSession auth(config());
    CHECK(whoami(auth.session()) == "analyst");
    CHECK(server.requests_to("POST", "auth/login") == 2);
  }
  SECTION("the same refused password is never sent twice") {
    script("value:wrong-pass");
    try {
      AuthenticatedSession auth(config());
      FAIL("a wrong password logged in");
    } catch (const mstr::LoginFailureException& error) {
      CHECK(std::string(error.what()).find("wrong-pass") == std::string::npos);
    }
    CHECK(server.requests_to("POST", "auth/login") == 1);
  }
  SECTION("the vault lags the server: the healing login is refused, asks again and gets the new one") {
    script("value:analyst-pass");
    AuthenticatedSession auth(config());
    REQUIRE(server.set_password("analyst", "rotated-pass"));
    // Fetches count on: the re-login's (2nd) still gets the old password, the one after ERR003 the new.
    script("values:analyst-pass,analyst-pass,rotated-pass");
    server.reset_counters();
    server.expire_all_sessions();
    CHECK(whoami(auth.session()) == "analyst");
    CHECK(server.requests_to("POST", "auth/login") == 2);
  }
}

TEST_CASE_METHOD(RotationFixture,
                 "a vault outage while sessions expire: the last password for the grace period",
                 "[secrets][outage]") {
  auto& server = mock.server();
  script("value:analyst-pass");
  mstr::AuthConfig cfg = config();
  cfg.secret_cache.stale_grace = 3s;  // the re-login below must come within it on a loaded machine
  AuthenticatedSession auth(cfg);
  REQUIRE(whoami(auth.session()) == "analyst");

  mstr::test::CapturedLog log("mstr.credentials");
  script("outage");
  server.expire_all_sessions();
  CHECK(whoami(auth.session()) == "analyst");  // logged in again with the stale value
  CHECK(auth.relogin_count() == 1);
  const auto messages = log.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].first == Poco::Message::PRIO_WARNING);
  CHECK_THAT(messages[0].second,
             Catch::Contains("scripted:" + secret.string()) && Catch::Contains("last value"));
  CHECK(messages[0].second.find("analyst-pass") == std::string::npos);

  // Past the grace the outage is the request's error, and it says what to look at.
  std::this_thread::sleep_for(3100ms);
  server.expire_all_sessions();
  try {
    auth->user_info();
    FAIL("the request succeeded after the grace period");
  } catch (const mstr::VaultUnavailableError& error) {
    CHECK(error.provider() == "scripted");
    CHECK_THAT(error.what(), Catch::Contains("test vault unreachable"));
  }

  // Once the vault is back the session heals.
  script("value:analyst-pass");
  CHECK(whoami(auth.session()) == "analyst");
}

TEST_CASE_METHOD(RotationFixture,
                 "a vault that denies access or lost the secret never gets the stale value used",
                 "[secrets][outage]") {
  auto& server = mock.server();
  script("value:analyst-pass");
  AuthenticatedSession auth(config());
  REQUIRE(whoami(auth.session()) == "analyst");
  server.reset_counters();

  SECTION("denied") { script("denied"); }
  SECTION("gone") { std::filesystem::remove(secret); }
  server.expire_all_sessions();
  try {
    auth->user_info();
    FAIL("the request succeeded with a secret the vault refused");
  } catch (const mstr::VaultUnavailableError&) {
    FAIL("a refusal was reported as an outage");
  } catch (const mstr::CredentialError& error) {
    CHECK(error.provider() == "scripted");
  }
  CHECK(server.requests_to("POST", "auth/login") == 0);

  // The refusal dropped the value: an outage now has nothing to fall back on.
  script("outage");
  CHECK_THROWS_AS(auth->user_info(), mstr::VaultUnavailableError);
  CHECK(server.requests_to("POST", "auth/login") == 0);
}
