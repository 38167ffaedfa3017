// Reports and cubes beyond their rows, against the mock server: the view filter builder's JSON,
// requested objects and filters sent to the server, definitions, paged attribute elements, SQL,
// cube publish and status, and the whole-read deadline.
#include <mstr/errors.hpp>
#include <mstr/report.hpp>
#include <mstr/session.hpp>
#include <mstr/view_filter.hpp>

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>

#include <Poco/JSON/Stringifier.h>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using mstr::ReadOptions;
using mstr::ViewFilter;
using mstr::test::MockServerFixture;

namespace {

using namespace mstr::test::mock_ids;

struct LoggedIn {
  LoggedIn() : session(mock.base_url()) {
    mstr::LoginParams params;
    params.username = mstr::SecretValue(std::string("analyst"));
    params.password = mstr::SecretValue(std::string("analyst-pass"));
    session.login(params);
  }
  MockServerFixture mock;
  mstr::Session session;
};

ReadOptions in_tutorial() {
  ReadOptions options;
  options.project_id = kTutorialId;
  return options;
}

std::string compact(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

}  // namespace

TEST_CASE("the view filter builder writes the viewFilter tree of the fact sheet", "[data][filter]") {
  CHECK(compact(ViewFilter::in(kRegion, {kRegion + ":4"}).to_json()) ==
        R"({"operator":"In","operands":[{"type":"attribute","id":")" + kRegion +
            R"("},{"type":"elements","elements":[{"id":")" + kRegion + R"(:4"}]}]})");
  const auto both = ViewFilter::all_of({ViewFilter::not_in(kRegion, {kRegion + ":4"}),
                                        ViewFilter::not_in(kCategory, {"h2;" + kCategory})});
  CHECK(compact(both.to_json()) ==
        R"({"operator":"And","operands":[{"operator":"NotIn","operands":[{"type":"attribute","id":")" + kRegion +
            R"("},{"type":"elements","elements":[{"id":")" + kRegion + R"(:4"}]}]},{"operator":"NotIn","operands":[{"type":"attribute","id":")" +
            kCategory + R"("},{"type":"elements","elements":[{"id":"h2;)" + kCategory + R"("}]}]}]})");
  // One condition is itself; Or and Not nest.
  CHECK(compact(ViewFilter::all_of({ViewFilter::in(kRegion, {"x"})}).to_json()) ==
        compact(ViewFilter::in(kRegion, {"x"}).to_json()));
  CHECK(compact(ViewFilter::negate(ViewFilter::any_of({ViewFilter::in(kRegion, {"a"}), ViewFilter::in(kRegion, {"b"})}))
                    .to_json())
            .rfind(R"({"operator":"Not","operands":[{"operator":"Or",)", 0) == 0);
  CHECK(compact(mstr::RequestedObjects{{kRegion}, {kRevenue}}.to_json()) ==
        R"({"attributes":[{"id":")" + kRegion + R"("}],"metrics":[{"id":")" + kRevenue + R"("}]})");
  CHECK_THROWS_AS(ViewFilter::in(kRegion, {}), mstr::ConfigurationError);
  CHECK_THROWS_WITH(ViewFilter::in(kRegion, {kCategory + ":2"}),
                    "element " + kCategory + ":2 is not an element of attribute " + kRegion);
  CHECK_THROWS_AS(ViewFilter::all_of({}), mstr::ConfigurationError);
}

TEST_CASE("requested objects and a view filter are applied by the server", "[data][filter]") {
  LoggedIn server;
  ReadOptions options = in_tutorial();
  options.requested_objects = mstr::RequestedObjects{{kRegion}, {kRevenue}}.to_json();
  options.view_filter = ViewFilter::not_in(kCategory, {kCategory + ":Books"}).to_json();
  const auto table = mstr::Report(server.session, kSmallReport).to_table(options);
  REQUIRE(table.columns.size() == 2);
  CHECK(table.columns[0].name == "Region");
  CHECK(table.columns[1].name == "Revenue");
  REQUIRE(table.rows.size() == 2);
  CHECK(std::get<double>(table.rows[0][1]) == 1850000.0);
  // A filter that keeps nothing reads as an empty table with its columns.
  options.view_filter = ViewFilter::all_of({ViewFilter::in(kCategory, {kCategory + ":Books"}),
                                            ViewFilter::in(kRegion, {kRegion + ":Northeast"})})
                            .to_json();
  const auto none = mstr::Report(server.session, kSmallReport).to_table(options);
  CHECK(none.rows.empty());
  CHECK(none.columns.size() == 2);
  // The server's refusal is a caller error with its message.
  options.view_filter = ViewFilter::in(kCustomer, {kCustomer + ":1"}).to_json();
  CHECK_THROWS_AS(mstr::Report(server.session, kSmallReport).to_table(options), mstr::InvalidRequestException);
}

TEST_CASE("definitions list attributes with their forms and metrics", "[data][definition]") {
  LoggedIn server;
  const auto report = mstr::Report(server.session, kCustomerReport).definition(in_tutorial());
  CHECK(report.name == "Customers with Forms and Nulls");
  REQUIRE(report.attributes.size() == 2);
  CHECK(report.attributes[0].name == "Customer");
  CHECK(report.attributes[0].id == kCustomer);
  REQUIRE(report.attributes[0].forms.size() == 2);
  CHECK(report.attributes[0].forms[1].name == "DESC");
  REQUIRE(report.metrics.size() == 2);
  CHECK(report.metrics[0].name == "Orders");
  const auto cube = mstr::Cube(server.session, kSalesCube).definition(in_tutorial());
  CHECK(cube.attributes.size() == 2);
  CHECK(cube.metrics.size() == 2);
}

TEST_CASE("attribute elements are read lazily a page at a time", "[data][definition]") {
  LoggedIn server;
  server.mock.server().reset_counters();
  auto elements = mstr::Report(server.session, kCustomerReport).elements(kCustomer, in_tutorial(), 10);
  CHECK(server.mock.server().requests() == 0);  // nothing is fetched before the walk
  std::vector<std::string> ids;
  std::vector<std::string> names;
  for (const auto& element : elements) {
    ids.push_back(element.id);
    names.push_back(element.form_values.at(1));
  }
  REQUIRE(ids.size() == 25);
  CHECK(ids.front() == kCustomer + ":1000");
  CHECK(names.back() == "Customer 24");
  CHECK(server.mock.server().requests() == 3);  // 10 + 10 + 5
  // Stopping early fetches no more.
  server.mock.server().reset_counters();
  auto first = elements.begin();
  CHECK(first->id == kCustomer + ":1000");
  CHECK(server.mock.server().requests() == 1);
  CHECK_THROWS_AS(*mstr::Report(server.session, kSmallReport).elements(kRevenue, in_tutorial()).begin(),
                  mstr::ResourceNotFoundException);
}

TEST_CASE("the SQL of a report instance and of a cube", "[data][sql]") {
  LoggedIn server;
  ReadOptions options = in_tutorial();
  options.requested_objects = mstr::RequestedObjects{{kRegion}, {kRevenue}}.to_json();
  const std::string sql = mstr::Report(server.session, kSmallReport).sql(options);
  CHECK(sql.rfind("select\ta11.Region,\n\tsum(a11.Revenue)", 0) == 0);
  CHECK(sql.find("a11.Category") == std::string::npos);
  CHECK(mstr::Cube(server.session, kSalesCube).sql(in_tutorial()).find("Quarter") != std::string::npos);
}

TEST_CASE("a cube publish is waited for and a publish that never ends times out", "[data][cube]") {
  LoggedIn server;
  mstr::Cube cube(server.session, kSalesCube);
  CHECK(cube.status(in_tutorial()).names() == std::vector<std::string>{"READY"});
  cube.publish(in_tutorial());
  int polls = 0;
  const auto ready = cube.wait_until_ready(std::chrono::steady_clock::now() + std::chrono::minutes(5), in_tutorial(),
                                           [&](const mstr::CubeStatus&) { ++polls; });
  CHECK_FALSE(ready.processing());
  CHECK(polls == 3);
  CHECK(mstr::CubeStatus{17518}.names() ==
        std::vector<std::string>{"ACTIVE", "PERSISTED", "DIRTY_INFO", "LOADED", "READY", "IMPORTED", "UNKNOWN3"});

  CHECK_THROWS_AS(mstr::Cube(server.session, "0123456789ABCDEF0123456789ABCDEF").status(in_tutorial()),
                  mstr::ResourceNotFoundException);

  mstr::Cube stuck(server.session, kStuckCube);
  stuck.publish(in_tutorial());
  CHECK_THROWS_WITH(stuck.wait_until_ready(std::chrono::steady_clock::now() + std::chrono::milliseconds(600), in_tutorial()),
                    Catch::Contains("still publishing when the deadline passed (status 65: PROCESSING, READY)"));
}

TEST_CASE("a read past its whole-read deadline stops and says how far it got", "[data][deadline]") {
  LoggedIn server;
  ReadOptions options = in_tutorial();
  options.page_size = 10;
  options.parallel = 1;
  options.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK_THROWS_WITH(mstr::Report(server.session, kGeneratedReport).to_table(options),
                    "the read of report " + kGeneratedReport + " passed its deadline after 0 of 100000 rows");
  // A deadline met leaves the read alone.
  options.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  CHECK(mstr::Report(server.session, kSmallReport).to_table(options).rows.size() == 3);
}
