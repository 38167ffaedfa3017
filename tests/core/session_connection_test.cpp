// mstrio-py's Connection surface on Session against the in-process mock Library server: project
// selection, typed user info, is_alive(), server versions.

#include <mstr/errors.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

namespace {

using namespace mstr::test::mock_ids;

mstr::LoginParams analyst() {
  mstr::LoginParams params;
  params.username = mstr::SecretValue(std::string("analyst"));
  params.password = mstr::SecretValue(std::string("analyst-pass"));
  return params;
}

// The X-MSTR-ProjectID the mock saw on a request.
std::string project_sent(mstr::Session& session, const mstr::RequestOptions& options = {}) {
  return session.get("mock/echo", options).json().extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("projectId");
}

}  // namespace

TEST_CASE("a selected project goes with every request unless the request says otherwise", "[session][project]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  session.login(analyst());
  CHECK_FALSE(session.selected_project().has_value());
  CHECK(project_sent(session).empty());

  session.select_project_by_name("MicroStrategy Tutorial");
  REQUIRE(session.selected_project());
  CHECK(session.selected_project()->id == kTutorialId);
  CHECK(session.selected_project()->name == "MicroStrategy Tutorial");
  CHECK(project_sent(session) == kTutorialId);

  mstr::RequestOptions own;
  own.project_id = kHrId;
  CHECK(project_sent(session, own) == kHrId);
  mstr::RequestOptions header;
  header.headers.emplace_back("x-mstr-projectid", kHrId);
  CHECK(project_sent(session, header) == kHrId);
  mstr::RequestOptions opt_out;
  opt_out.use_selected_project = false;
  CHECK(project_sent(session, opt_out).empty());

  session.select_project_by_id(kHrId);
  CHECK(session.selected_project()->name == "Human Resources Analysis Module");
  CHECK(project_sent(session) == kHrId);
  session.clear_project();
  CHECK_FALSE(session.selected_project().has_value());
  CHECK(project_sent(session).empty());
}

TEST_CASE("selecting an unknown project throws naming it and keeps the selection", "[session][project]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  session.login(analyst());
  session.select_project_by_id(kTutorialId);
  CHECK_THROWS_AS(session.select_project_by_name("No Such Project"), mstr::ResourceNotFoundException);
  CHECK_THROWS_WITH(session.select_project_by_name("No Such Project"), Catch::Contains("'No Such Project'"));
  CHECK_THROWS_AS(session.select_project_by_id("0000"), mstr::ResourceNotFoundException);
  CHECK_THROWS_WITH(session.select_project_by_id("0000"), Catch::Contains("'0000'"));
  CHECK_THROWS_AS(session.select_project_by_id("bad\r\nX-Injected: 1"), mstr::ConfigurationError);
  CHECK(session.selected_project()->id == kTutorialId);
  // Without a session, GET projects is refused.
  mstr::Session anonymous(mock.base_url());
  CHECK_THROWS_AS(anonymous.select_project_by_id(kTutorialId), mstr::SessionException);
}

TEST_CASE("the selected project survives persistence", "[session][project][persistence]") {
  mstr::test::MockServerFixture mock;
  std::string saved;
  {
    mstr::Session session(mock.base_url());
    session.login(analyst());
    session.select_project_by_id(kHrId);
    saved = session.to_json();
  }
  mstr::Session restored = mstr::Session::from_json(saved);
  REQUIRE(restored.selected_project());
  CHECK(restored.selected_project()->id == kHrId);
  CHECK(project_sent(restored) == kHrId);

  Poco::JSON::Parser parser;
  auto document = parser.parse(saved).extract<Poco::JSON::Object::Ptr>();
  document->remove("project");
  std::ostringstream without;
  document->stringify(without);
  CHECK_FALSE(mstr::Session::from_json(without.str()).selected_project().has_value());

  for (const std::string bad : {R"([1])", R"({"name":"n"})", R"({"id":""})", R"({"id":"a\r\nb"})", R"({"id":"a","name":7})"}) {
    INFO(bad);
    document->set("project", Poco::JSON::Parser().parse(bad));
    std::ostringstream text;
    document->stringify(text);
    CHECK_THROWS_WITH(mstr::Session::from_json(text.str()), Catch::Contains("malformed") && Catch::Contains("project"));
  }
}

TEST_CASE("user_info() is typed and keeps the raw answer", "[session]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  CHECK_THROWS_AS(session.user_info(), mstr::SessionException);
  session.login(analyst());
  const mstr::UserInfo info = session.user_info();
  CHECK(info.id == "7FC05A65473CE2FD845CE6A1D3F13233");
  CHECK(info.full_name == "Analyst");
  CHECK(info.initials == "A");
  CHECK(info.username == "analyst");
  REQUIRE(info.raw);
  CHECK(info.raw->getValue<bool>("metadataUser"));
}

TEST_CASE("is_alive() tells a live session from a gone one and throws for the unexpected", "[session][status]") {
  mstr::test::MockServerFixture mock;
  mstr::Session session(mock.base_url());
  CHECK_FALSE(session.is_alive());
  session.login(analyst());
  CHECK(session.is_alive());
  mock.server().expire_all_sessions();
  CHECK_FALSE(session.is_alive());
  CHECK(session.has_session());  // is_alive() only asks

  session.login(analyst());
  mock.server().fail_next(1, 500, R"({"code":"ERR001","message":"the server is unwell"})");
  CHECK_THROWS_AS(session.is_alive(), mstr::MSTRException);
  CHECK(session.is_alive());
}

TEST_CASE("require_server_version compares against GET status", "[session][version]") {
  mstr::test::MockServerFixture mock;  // reports 11.3.1200.0000
  mstr::Session session(mock.base_url());
  CHECK_NOTHROW(session.require_server_version("11.3.1200", "the feature"));
  CHECK_NOTHROW(session.require_server_version("11.2", "the feature"));
  CHECK_NOTHROW(session.require_server_version("11.3.1200.0000.0", "the feature"));
  try {
    session.require_server_version("11.3.1300", "Pushing to a cube");
    FAIL("no VersionException");
  } catch (const mstr::VersionException& error) {
    CHECK(error.required() == "11.3.1300");
    CHECK(error.actual() == "11.3.1200.0000");
    CHECK_THAT(error.what(), Catch::Contains("Pushing to a cube") && Catch::Contains("11.3.1300") &&
                                 Catch::Contains("11.3.1200.0000"));
  }
  CHECK_THROWS_AS(session.require_server_version("12", "x"), mstr::NotSupportedError);
  for (const char* bad : {"", "11..3", "eleven", "11.3.", "-1"}) {
    INFO(bad);
    CHECK_THROWS_AS(session.require_server_version(bad, "x"), mstr::ConfigurationError);
  }
}

TEST_CASE("a session opened on the Library application's URL talks to its api/", "[session][url]") {
  mstr::test::MockServerFixture mock;
  std::string library = mock.base_url();
  REQUIRE(library.size() > 4);
  library.resize(library.size() - 4);  // ".../MicroStrategyLibrary/"
  for (const std::string& base : {library, library.substr(0, library.size() - 1)}) {
    INFO(base);
    mstr::Session session(base);
    CHECK(session.base_url() == mock.base_url());
    session.login(analyst());
    CHECK(session.is_alive());
  }
}
