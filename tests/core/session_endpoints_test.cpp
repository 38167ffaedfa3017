// Every Session endpoint against the in-process mock Library server, over loopback sockets.

#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <thread>

using namespace std::chrono_literals;

namespace {

using namespace mstr::test::mock_ids;

mstr::LoginParams login_params(const std::string& user, const std::string& password, int mode = 1) {
  mstr::LoginParams params;
  params.username = mstr::SecretValue(user);
  params.password = mstr::SecretValue(password);
  params.login_mode = mode;
  return params;
}

// Removes the cookies from a persisted session, keeping its token.
std::string without_cookies(const std::string& document) {
  Poco::JSON::Parser parser;
  auto object = parser.parse(document).extract<Poco::JSON::Object::Ptr>();
  object->set("cookies", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  std::ostringstream text;
  object->stringify(text);
  return text.str();
}

}  // namespace

TEST_CASE("standard login, session calls, projects, status and logout", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  CHECK_FALSE(session.has_session());
  session.login(login_params("administrator", "admin-pass"));
  REQUIRE(session.has_session());
  CHECK(session.mstr_headers().count("X-MSTR-AuthToken") == 1);
  CHECK(session.to_json().find("JSESSIONID") != std::string::npos);

  const auto info = session.get_session_info();
  CHECK(info->getValue<std::string>("username") == "administrator");
  CHECK(info->getValue<int>("timeout") > 0);
  session.extend_session();
  CHECK(mock.server().requests_to("PUT", "sessions") == 1);
  CHECK(session.user_info().username == "administrator");

  const auto projects = session.get_projects();
  REQUIRE(projects.size() == 2);
  CHECK_THROWS_WITH(session.get_project_id("MicroStrategy Tutorial"), Catch::Contains("load_projects"));
  CHECK(session.load_projects().size() == 2);
  CHECK(session.get_project_id("MicroStrategy Tutorial") == kTutorialId);
  CHECK(session.get_project_name(kTutorialId) == "MicroStrategy Tutorial");
  CHECK_FALSE(session.get_project_id("Human Resources Analysis Module").empty());
  CHECK_THROWS_AS(session.get_project_id("No Such Project"), mstr::ResourceNotFoundException);
  CHECK_THROWS_AS(session.get_project_name("00000000000000000000000000000000"), mstr::ResourceNotFoundException);

  const auto status = session.get_status();
  CHECK(status.web_version == "11.3.1200.0000");
  CHECK(status.iserver_version == "11.3.1200.0000");

  session.logout();
  CHECK_FALSE(session.has_session());
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("session calls without a token raise SessionException before sending anything", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  mock.server().reset_counters();
  CHECK_THROWS_AS(session.get_session_info(), mstr::SessionException);
  CHECK_THROWS_AS(session.extend_session(), mstr::SessionException);
  CHECK_THROWS_AS(session.user_info(), mstr::SessionException);
  CHECK_THROWS_AS(session.logout(), mstr::SessionException);
  CHECK_THROWS_AS(session.create_identity_token(), mstr::SessionException);
  try {
    session.user_info();
  } catch (const mstr::SessionException& error) {
    CHECK(error.http_status() == 0);
    CHECK_THAT(std::string(error.what()), Catch::Contains("log in"));
  }
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("a wrong password is a LoginFailureException that names the iServer code, not the password", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  try {
    session.login(login_params("analyst", "wrong-password-123"));
    FAIL("login succeeded");
  } catch (const mstr::LoginFailureException& error) {
    CHECK(error.http_status() == 401);
    CHECK(error.code() == "ERR003");
    CHECK(error.iserver_code().has_value());
    CHECK_FALSE(error.ticket_id().empty());
    CHECK_THAT(std::string(error.what()), !Catch::Contains("wrong-password-123"));
    CHECK_THAT(std::string(error.what()), Catch::StartsWith("HTTP 401 ERR003: "));
  }
  CHECK_FALSE(session.has_session());
}

TEST_CASE("LDAP, API token and anonymous logins", "[session]") {
  mstr::test::MockServerFixture mock;
  SECTION("LDAP users log in with mode 16 only") {
    mstr::Session session(mock.base_url());
    CHECK_THROWS_AS(session.login(login_params("ldap-user", "ldap-pass", 1)), mstr::LoginFailureException);
    session.login(login_params("ldap-user", "ldap-pass", 16));
    CHECK(session.user_info().username == "ldap-user");
  }
  SECTION("an API token goes in username with mode 4096") {
    mstr::Session session(mock.base_url());
    mstr::LoginParams params;
    params.username = mstr::SecretValue("api-token-analyst");
    params.login_mode = 4096;
    session.login(params);
    CHECK(session.user_info().username == "analyst");
  }
  SECTION("anonymous, mode 8, without a user") {
    mstr::Session session(mock.base_url());
    mstr::LoginParams params;
    params.login_mode = 8;
    session.login(params);
    CHECK(session.has_session());
    CHECK(session.get_projects().size() == 2);
  }
}

TEST_CASE("identity tokens: create, validate, delegate", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session owner(mock.base_url());
  owner.login(login_params("analyst", "analyst-pass"));
  const mstr::SecretValue token = owner.create_identity_token();
  CHECK_FALSE(token.empty());
  // The identity token is handed over, never kept as a session header.
  CHECK(owner.mstr_headers().count("X-MSTR-IdentityToken") == 0);
  CHECK(owner.validate_identity_token(token));
  CHECK_FALSE(owner.validate_identity_token(mstr::SecretValue("not-a-token")));

  mstr::Session delegated(mock.base_url());
  delegated.delegate(token);
  REQUIRE(delegated.has_session());
  CHECK(delegated.user_info().username == "analyst");

  mstr::Session again(mock.base_url());
  CHECK_THROWS_AS(again.delegate(mstr::SecretValue("not-a-token")), mstr::LoginFailureException);
  CHECK_FALSE(again.has_session());
}

TEST_CASE("a persisted session continues in another Session, its token alone is not enough", "[session][persistence]") {
  mstr::test::MockServerFixture mock;
  std::string saved;
  {
    mstr::Session session(mock.base_url());
    session.login(login_params("analyst", "analyst-pass"));
    saved = session.to_json();
  }
  mstr::Session restored = mstr::Session::from_json(saved);
  CHECK(restored.user_info().username == "analyst");

  mstr::Session token_only = mstr::Session::from_json(without_cookies(saved));
  REQUIRE(token_only.has_session());
  try {
    token_only.user_info();
    FAIL("a token without its cookie was accepted");
  } catch (const mstr::SessionException& error) {
    CHECK(error.http_status() == 401);
    CHECK(error.code() == "ERR009");
  }
}

TEST_CASE("an expired server session is a SessionException from the server", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  session.login(login_params("analyst", "analyst-pass"));
  mock.server().expire_all_sessions();
  CHECK_THROWS_AS(session.get_session_info(), mstr::SessionException);

  mock.server().set_session_timeout(2000ms);  // the request right after the login must come within it
  session.login(login_params("analyst", "analyst-pass"));
  CHECK(session.get("sessions").ok());
  std::this_thread::sleep_for(2500ms);
  CHECK_THROWS_AS(session.get("sessions"), mstr::SessionException);
}

TEST_CASE("project_id scopes a request with X-MSTR-ProjectID", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  session.login(login_params("analyst", "analyst-pass"));
  mstr::RequestOptions scoped;
  scoped.project_id = kTutorialId;
  CHECK(session.get("searches/results", scoped).json().extract<Poco::JSON::Object::Ptr>()->has("totalItems"));
  CHECK_THROWS_AS(session.get("searches/results"), mstr::InvalidRequestException);
  scoped.project_id = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  CHECK_THROWS_AS(session.get("searches/results", scoped), mstr::ResourceNotFoundException);
  CHECK(session.get("/projects/" + kTutorialId).json().extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") ==
        "MicroStrategy Tutorial");
}
