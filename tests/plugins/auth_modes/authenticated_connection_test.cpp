// AuthenticatedSession's share of mstrio-py's Connection: a project chosen in AuthConfig, renew(),
// sessions taken over from Workstation's connection data, and proxy credentials as references.

#include <mstr/authenticated_session.hpp>
#include <mstr/errors.hpp>

#include "test_support/forward_proxy.hpp"
#include "test_support/mock_server_fixture.hpp"
#include "test_support/plugins.hpp"
#include "test_support/scoped_env.hpp"

#include <Poco/JSON/Parser.h>

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

namespace {

// Workstation's connection data for a session opened by `session`: its token and cookies.
std::string connection_data(const std::string& library_url, const mstr::Session& session) {
  const auto saved = Poco::JSON::Parser().parse(session.to_json()).extract<Poco::JSON::Object::Ptr>();
  Poco::JSON::Object::Ptr environment = new Poco::JSON::Object;
  environment->set("url", library_url);
  Poco::JSON::Object::Ptr headers = new Poco::JSON::Object;
  headers->set("X-MSTR-AuthToken", saved->getObject("headers")->getValue<std::string>("X-MSTR-AuthToken"));
  environment->set("headers", headers);
  Poco::JSON::Array::Ptr cookies = new Poco::JSON::Array;
  const auto saved_cookies = saved->getArray("cookies");
  for (std::size_t index = 0; index < saved_cookies->size(); ++index) {
    const auto cookie = saved_cookies->getObject(static_cast<unsigned>(index));
    Poco::JSON::Object::Ptr entry = new Poco::JSON::Object;
    entry->set("name", cookie->getValue<std::string>("name"));
    entry->set("value", cookie->getValue<std::string>("value"));
    entry->set("path", cookie->getValue<std::string>("path"));
    cookies->add(entry);
  }
  environment->set("cookies", cookies);
  Poco::JSON::Object document;
  document.set("defaultEnvironment", environment);
  std::ostringstream text;
  document.stringify(text);
  return text.str();
}

}  // namespace

TEST_CASE("from_connection_data takes over Workstation's session through an identity token", "[auth][connection-data]") {
  mstr::test::MockServerFixture mock;
  mstr::Session workstation(mock.base_url());
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("analyst"));
  params.password = mstr::SecretValue(std::string("analyst-pass"));
  workstation.login(params);
  std::string library = mock.base_url();
  library.resize(library.size() - 4);  // Workstation gives the Library URL, without api/
  const std::string document = connection_data(library, workstation);

  AuthConfig config = analyst_config(mock);
  config.project_name = "MicroStrategy Tutorial";
  {
    AuthenticatedSession session = AuthenticatedSession::from_connection_data(document, config);
    CHECK(session.mode() == "identity");
    CHECK(session->user_info().username == "analyst");
    CHECK(session->base_url() == mock.base_url());
    CHECK(session->selected_project()->id == "B19DEDCC11D4E0EFC000EB9495D0F44F");
    CHECK(mock.server().requests_to("POST", "auth/identityToken") == 1);
    CHECK(mock.server().requests_to("POST", "auth/delegate") == 1);
  }
  CHECK(workstation.is_alive());  // Workstation's own session is left alone

  mock.server().expire_all_sessions();
  CHECK_THROWS_WITH(AuthenticatedSession::from_connection_data(document, config),
                    Catch::Contains("has ended") && Catch::Contains("Workstation"));
}

TEST_CASE("malformed connection data is a configuration error that quotes none of its values", "[auth][connection-data]") {
  mstr::test::MockServerFixture mock;
  const std::string secret = "Tok-5ecret-9f2";
  for (const std::string& document :
       {std::string("not json"), std::string("[]"), std::string(R"({"other": {}})"),
        R"({"defaultEnvironment": {"headers": {"X-MSTR-AuthToken": ")" + secret + R"("}}})",
        R"({"defaultEnvironment": {"url": ")" + mock.base_url() + R"(", "headers": {"X-MSTR-AuthToken": 5}}})",
        R"({"defaultEnvironment": {"url": ")" + mock.base_url() + R"(", "headers": {"X-A": ")" + secret + R"(\r\nX-B: 1"}}})",
        R"({"defaultEnvironment": {"url": ")" + mock.base_url() + R"(", "cookies": [{"name": "J", "value": ")" + secret + R"(;x"}]}})",
        R"({"defaultEnvironment": {"url": ")" + mock.base_url() + R"(", "cookies": {}}})",
        R"({"defaultEnvironment": {"url": ")" + mock.base_url() + R"("}})"}) {
    INFO(document);
    try {
      AuthenticatedSession::from_connection_data(document, analyst_config(mock));
      FAIL("accepted");
    } catch (const mstr::ConfigurationError& error) {
      CHECK_THAT(error.what(), Catch::Contains("connection data") && !Catch::Contains(secret));
    }
  }
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("proxy credentials given as references are resolved and sent to the proxy", "[auth][proxy]") {
  mstr::test::MockServerFixture mock;
  mstr::test::ForwardProxy proxy("corp-user:corp-pass");
  mstr::test::ScopedEnv env{{"MSTR_TEST_PROXY_PASSWORD", "corp-pass"}};
  for (const char* name : {"http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"}) env.unset(name);
  AuthConfig config = analyst_config(mock);
  config.options.proxy = mstr::ProxyOptions::from_url(proxy.url());
  config.proxy_username = Credential::value("corp-user");
  config.proxy_password = Credential::reference("env:MSTR_TEST_PROXY_PASSWORD");
  AuthenticatedSession session(std::move(config));
  CHECK(session->user_info().username == "analyst");
  const auto requests = proxy.requests();
  REQUIRE(requests.size() >= 2);
  for (const auto& request : requests) CHECK(request.proxy_auth_ok);

  AuthConfig without_proxy = analyst_config(mock);
  without_proxy.proxy_password = Credential::value("x");
  CHECK_THROWS_AS(AuthenticatedSession(std::move(without_proxy)), mstr::ConfigurationError);
}
