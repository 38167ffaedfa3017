// Every auth mode logging in and out through AuthenticatedSession against the in-process mock
// Library server, with credentials from env: and file: references.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>
#include <mstr/sdk/errors.hpp>

#include "captured_log.hpp"
#include "test_support/plugins.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/paths.hpp"
#include "test_support/scoped_env.hpp"
#include "test_support/temp_dir.hpp"

#include <catch2/catch.hpp>


#include <algorithm>
#include <optional>
#include <string>

using mstr::AuthConfig;
using mstr::AuthenticatedSession;
using mstr::Credential;

namespace {

std::shared_ptr<mstr::PluginRegistry> builtin_plugins() {
  static const auto registry = mstr::test::build_tree_plugins();
  return registry;
}

AuthConfig config_for(const mstr::test::MockServerFixture& mock) {
  AuthConfig config;
  config.base_url = Credential::value(mock.base_url());
  config.plugins = builtin_plugins();
  return config;
}

std::string logged_in_user(AuthenticatedSession& session) {
  return session->user_info().username;
}

// Where a test's secrets come from: environment variables or private files.
struct SecretSource {
  mstr::test::ScopedEnv env;
  mstr::test::TempDir dir;
  bool from_file;

  explicit SecretSource(bool use_files) : from_file(use_files) {}

  Credential put(const std::string& name, const std::string& value) {
    if (from_file) {
      const auto path = dir.path() / name;
      mstr::test::write_file(path, value + "\n");
      return Credential::reference("file:" + path.string());
    }
    env.set("MSTR_TEST_" + name, value);
    return Credential::reference("env:MSTR_TEST_" + name);
  }
};

}  // namespace

TEST_CASE("each auth mode logs in and out with credentials from env: and file:", "[auth][modes]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  const bool from_file = GENERATE(false, true);
  SecretSource secrets(from_file);
  AuthConfig config = config_for(mock);
  std::string expected_user;

  SECTION("standard") {
    config.mode = "standard";
    config.username = secrets.put("USER", "administrator");
    config.password = secrets.put("PASSWORD", "admin-pass");
    expected_user = "administrator";
  }
  SECTION("ldap") {
    config.mode = "ldap";
    config.username = secrets.put("USER", "ldap-user");
    config.password = secrets.put("PASSWORD", "ldap-pass");
    expected_user = "ldap-user";
  }
  SECTION("api-key") {
    config.api_key = secrets.put("API_KEY", "api-token-analyst");
    expected_user = "analyst";
  }
  SECTION("anonymous") {
    expected_user = "";
  }
  INFO("credentials from " << (from_file ? "file:" : "env:"));
  {
    auto session = AuthenticatedSession::open(config);
    CHECK(session->has_session());
    CHECK(server.active_sessions() == 1);
    if (!expected_user.empty()) CHECK(logged_in_user(session) == expected_user);
  }
  CHECK(server.requests_to("POST", "auth/login") == 1);
  CHECK(server.requests_to("POST", "auth/logout") == 1);
  CHECK(server.active_sessions() == 0);
}

TEST_CASE("the mode is inferred from the credentials given", "[auth][modes]") {
  mstr::test::MockServerFixture mock;
  AuthConfig config = config_for(mock);
  SECTION("nothing: anonymous") { CHECK(AuthenticatedSession::open(config).mode() == "anonymous"); }
  SECTION("user name and password: standard") {
    config.username = Credential::value(std::string("analyst"));
    config.password = Credential::value(std::string("analyst-pass"));
    CHECK(AuthenticatedSession::open(config).mode() == "standard");
  }
  SECTION("an API key wins over a user name") {
    config.username = Credential::value(std::string("analyst"));
    config.api_key = Credential::value(std::string("api-token-analyst"));
    CHECK(AuthenticatedSession::open(config).mode() == "api-key");
  }
}

TEST_CASE("identity: a delegated session from an identity token is never logged out", "[auth][modes][identity]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  const bool from_file = GENERATE(false, true);
  SecretSource secrets(from_file);

  AuthConfig owner_config = config_for(mock);
  owner_config.username = Credential::value(std::string("administrator"));
  owner_config.password = Credential::value(std::string("admin-pass"));
  auto owner = AuthenticatedSession::open(owner_config);
  const mstr::SecretValue token = owner->create_identity_token();

  AuthConfig config = config_for(mock);
  config.identity_token = secrets.put("IDENTITY_TOKEN", std::string(token.reveal()));
  {
    auto delegated = AuthenticatedSession::open(config);
    CHECK(delegated.mode() == "identity");
    CHECK(logged_in_user(delegated) == "administrator");
    CHECK(server.requests_to("POST", "auth/delegate") == 1);
    CHECK_THROWS_AS(delegated.relogin(), mstr::SessionException);
  }
  CHECK(server.requests_to("POST", "auth/logout") == 0);
  owner.close();
  CHECK(server.requests_to("POST", "auth/logout") == 1);

  // The token was single-use: a second delegation is a login failure from the server.
  CHECK_THROWS_AS(AuthenticatedSession::open(config), mstr::LoginFailureException);
}

TEST_CASE("wrong credentials are a LoginFailureException and leave nothing to log out", "[auth][failures]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  AuthConfig config = config_for(mock);
  SECTION("standard") {
    config.username = Credential::value(std::string("administrator"));
    config.password = Credential::value(std::string("wrong-pass"));
  }
  SECTION("ldap: a standard account is not an LDAP one") {
    config.mode = "ldap";
    config.username = Credential::value(std::string("administrator"));
    config.password = Credential::value(std::string("admin-pass"));
  }
  SECTION("api-key") { config.api_key = Credential::value(std::string("not-a-token")); }
  SECTION("identity") { config.identity_token = Credential::value(std::string("not-a-token")); }
  try {
    AuthenticatedSession::open(config);
    FAIL("expected a LoginFailureException");
  } catch (const mstr::LoginFailureException& e) {
    CHECK(e.code() == "ERR003");
    CHECK_THAT(e.what(), !Catch::Contains("wrong-pass"));
    CHECK_THAT(e.what(), !Catch::Contains("not-a-token"));
  }
  CHECK(server.requests_to("POST", "auth/logout") == 0);
  CHECK(server.active_sessions() == 0);
}

TEST_CASE("a mode the server has disabled fails at login", "[auth][failures]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.anonymous_enabled = false;
  mstr::test::MockServerFixture mock(options);
  CHECK_THROWS_AS(AuthenticatedSession::open(config_for(mock)), mstr::LoginFailureException);
  CHECK(mock.server().requests_to("POST", "auth/login") == 1);
}

TEST_CASE("a missing required field fails before any request is sent", "[auth][failures]") {
  mstr::test::MockServerFixture mock;
  AuthConfig config = config_for(mock);
  std::string missing;
  std::string mode;
  SECTION("standard without a password") {
    config.username = Credential::value(std::string("administrator"));
    missing = "password";
    mode = "standard";
  }
  SECTION("ldap without a user name") {
    config.mode = "ldap";
    config.password = Credential::value(std::string("ldap-pass"));
    missing = "username";
    mode = "ldap";
  }
  SECTION("api-key chosen explicitly without a key") {
    config.mode = "api-key";
    missing = "api_key";
    mode = "api-key";
  }
  SECTION("a required field that resolves to an empty value") {
    config.mode = "identity";
    config.identity_token = Credential::value(std::string());
    missing = "identity_token";
    mode = "identity";
  }
  try {
    AuthenticatedSession::open(config);
    FAIL("expected a ConfigurationError");
  } catch (const mstr::ConfigurationError& e) {
    CHECK_THAT(e.what(), Catch::Contains("'" + missing + "'"));
    CHECK_THAT(e.what(), Catch::Contains("'" + mode + "'"));
  }
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("configuration mistakes are clear errors before any request", "[auth][failures]") {
  mstr::test::MockServerFixture mock;
  AuthConfig config = config_for(mock);
  SECTION("an unknown mode lists the modes available") {
    config.mode = "kerberos";
    CHECK_THROWS_WITH(AuthenticatedSession::open(config),
                      Catch::Contains("'kerberos'") && Catch::Contains("anonymous, api-key, identity, ldap, standard"));
  }
  SECTION("no base URL") {
    config.base_url = Credential::value(std::string());
    CHECK_THROWS_AS(AuthenticatedSession::open(config), mstr::ConfigurationError);
  }
  SECTION("a credential reference that cannot be resolved") {
    mstr::test::ScopedEnv env;
    env.unset("MSTR_TEST_NOT_SET");
    config.username = Credential::value(std::string("administrator"));
    config.password = Credential::reference("env:MSTR_TEST_NOT_SET");
    CHECK_THROWS_WITH(AuthenticatedSession::open(config), Catch::Contains("MSTR_TEST_NOT_SET"));
  }
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("the base URL is a credential too", "[auth]") {
  mstr::test::MockServerFixture mock;
  mstr::test::ScopedEnv env;
  env.set("MSTR_TEST_BASE_URL", mock.base_url());
  AuthConfig config = config_for(mock);
  config.base_url = Credential::reference("env:MSTR_TEST_BASE_URL");
  auto session = AuthenticatedSession::open(config);
  CHECK(session->base_url() == mock.base_url());
}

TEST_CASE("an AuthenticatedSession moves, lives in std::optional and logs out once", "[auth][lifetime]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  AuthConfig config = config_for(mock);
  config.username = Credential::value(std::string("analyst"));
  config.password = Credential::value(std::string("analyst-pass"));

  std::optional<AuthenticatedSession> kept;
  kept.emplace(AuthenticatedSession::open(config));
  AuthenticatedSession moved = std::move(*kept);
  kept.reset();
  CHECK(server.requests_to("POST", "auth/logout") == 0);
  CHECK(logged_in_user(moved) == "analyst");

  // Assigning over a live session logs the old one out.
  moved = AuthenticatedSession::open(config);
  CHECK(server.requests_to("POST", "auth/logout") == 1);
  moved.close();
  moved.close();
  CHECK(server.requests_to("POST", "auth/logout") == 2);
}

TEST_CASE("relogin() logs in again after the server forgot the session", "[auth][relogin]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  mstr::test::TempDir dir;
  const auto password_file = dir.path() / "password";
  mstr::test::write_file(password_file, "analyst-pass\n");
  AuthConfig config = config_for(mock);
  config.username = Credential::value(std::string("analyst"));
  config.password = Credential::reference("file:" + password_file.string());

  auto session = AuthenticatedSession::open(config);
  // The file is read again: a password rotated since the first login is picked up, both by the
  // request that heals the expired session and by relogin().
  mstr::test::write_file(password_file, "wrong-now\n");
  server.expire_all_sessions();
  CHECK_THROWS_AS(session->user_info(), mstr::LoginFailureException);
  CHECK_THROWS_AS(session.relogin(), mstr::LoginFailureException);
  mstr::test::write_file(password_file, "analyst-pass\n");
  session.relogin();
  CHECK(logged_in_user(session) == "analyst");
  CHECK(server.requests_to("POST", "auth/login") == 4);
}

TEST_CASE("a failed logout in the destructor is logged, never thrown", "[auth][lifetime]") {
  mstr::test::MockServerFixture mock;
  auto& server = mock.server();
  const mstr::test::CapturedLog log("mstr.auth");
  {
    auto session = AuthenticatedSession::open(config_for(mock));
    server.fail_next(1, 500);
  }
  CHECK(server.requests_to("POST", "auth/logout") == 1);
  const auto messages = log.messages();
  const auto warning = std::find_if(messages.begin(), messages.end(), [](const auto& message) {
    return message.first == Poco::Message::PRIO_WARNING && message.second.find("logging out of") != std::string::npos;
  });
  CHECK(warning != messages.end());
}
