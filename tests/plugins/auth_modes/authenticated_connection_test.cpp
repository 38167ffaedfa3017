// AuthenticatedSession's share of mstrio-py's Connection: a project chosen in AuthConfig and renew().

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>

#include "test_support/mock_server_fixture.hpp"
#include "test_support/plugins.hpp"

#include <catch2/catch.hpp>

using mstr::AuthConfig;
using mstr::AuthenticatedSession;
using mstr::Credential;

namespace {

AuthConfig analyst_config(const mstr::test::MockServerFixture& mock) {
  static const auto registry = mstr::test::build_tree_plugins();
  AuthConfig config;
  config.base_url = Credential::value(mock.base_url());
  config.plugins = registry;
  config.username = Credential::value("analyst");
  config.password = Credential::value("analyst-pass");
  return config;
}

std::string project_sent(mstr::Session& session) {
  return session.get("mock/echo").json().extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("projectId");
}

}  // namespace

TEST_CASE("AuthConfig selects a project by name or id right after login, kept across re-logins",
          "[auth][project]") {
  mstr::test::MockServerFixture mock;
  AuthConfig by_name = analyst_config(mock);
  by_name.project_name = "Human Resources Analysis Module";
  AuthenticatedSession session(std::move(by_name));
  CHECK(project_sent(session.session()) == "4BAE16A340B995CAD24193AA3AC15D29");
  mock.server().expire_all_sessions();
  CHECK(session->user_info().username == "analyst");  // heals
  CHECK(session.relogin_count() == 1);
  CHECK(project_sent(session.session()) == "4BAE16A340B995CAD24193AA3AC15D29");

  AuthConfig by_id = analyst_config(mock);
  by_id.project_id = "B19DEDCC11D4E0EFC000EB9495D0F44F";
  AuthenticatedSession second(std::move(by_id));
  CHECK(second->selected_project()->name == "MicroStrategy Tutorial");
}

TEST_CASE("an unknown project in AuthConfig fails the open and leaves nothing logged in", "[auth][project]") {
  mstr::test::MockServerFixture mock;
  AuthConfig config = analyst_config(mock);
  config.project_name = "Nope";
  CHECK_THROWS_WITH(AuthenticatedSession(std::move(config)), Catch::Contains("'Nope'"));
  CHECK(mock.server().active_sessions() == 0);

  AuthConfig both = analyst_config(mock);
  both.project_name = "MicroStrategy Tutorial";
  both.project_id = "B19DEDCC11D4E0EFC000EB9495D0F44F";
  CHECK_THROWS_AS(AuthenticatedSession(std::move(both)), mstr::ConfigurationError);
  CHECK(mock.server().active_sessions() == 0);
}

TEST_CASE("renew() extends a live session and logs in again when it is gone", "[auth][renew]") {
  mstr::test::MockServerFixture mock;
  AuthenticatedSession session(analyst_config(mock));
  session.renew();
  CHECK(mock.server().requests_to("PUT", "sessions") == 1);
  CHECK(session.relogin_count() == 0);

  mock.server().expire_all_sessions();
  session.renew();
  CHECK(session.relogin_count() == 1);
  CHECK(session->is_alive());
  CHECK(mock.server().requests_to("PUT", "sessions") == 1);
}
