// mstr report and mstr cube beyond their rows, against the in-process mock server: --describe,
// --elements, --attributes, --metrics, --filter with names and the usage errors of unknown ones,
// --sql, cube publish and status, --max-time, and the progress line on a terminal.
#include "cli_runner.hpp"

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

using mstr::test::MockServerFixture;
using mstr::test::ProgramRun;
using mstr::test::run_mstr;

namespace {

using namespace mstr::test::mock_ids;

ProgramRun run_as_analyst(const MockServerFixture& mock, std::vector<std::string> args) {
  return mstr::test::run_mstr_as(mock.base_url(), "analyst", "analyst-pass", std::move(args));
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("mstr report --describe lists attributes with forms and metrics", "[cli][data]") {
  MockServerFixture mock;
  const auto run = run_as_analyst(mock, {"report", kCustomerReport, "--project-id", kTutorialId, "--describe", "--format", "csv"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out ==
        "kind,id,name,forms\r\n"
        "attribute,8D679D3C11D3E4981000E787EC6DE8A4,Customer,\"ID, DESC\"\r\n"
        "attribute,8D679D3811D3E4981000E787EC6DE8A4,City,DESC\r\n"
        "metric,4C0517A811D3E877C000B3B2D86C964F,Orders,\r\n"
        "metric,4C0517B911D3E877C000B3B2D86C964F,Discount,\r\n");
}

TEST_CASE("mstr cube --elements lists an attribute's elements with --limit", "[cli][data]") {
  MockServerFixture mock;
  const auto all = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--elements", "region", "--format", "csv"});
  REQUIRE(all.exit_code == 0);
  CHECK(all.out == "id,name\r\n" + kRegion + ":Central,Central\r\n" + kRegion + ":Northeast,Northeast\r\n" + kRegion +
                       ":South,South\r\n" + kRegion + ":West,West\r\n");
  const auto two = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--elements", kRegion,
                                         "--limit", "2", "--format", "csv"});
  CHECK(two.out == "id,name\r\n" + kRegion + ":Central,Central\r\n" + kRegion + ":Northeast,Northeast\r\n");
  const auto unknown = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--elements", "Quater"});
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "no attribute 'Quater' in cube " + kSalesCube + "; the closest: 'Quarter'"));
  const auto limit_alone = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--limit", "2"});
  CHECK(limit_alone.exit_code == 2);
}

TEST_CASE("mstr report --attributes --metrics --filter ask the server for less", "[cli][data]") {
  MockServerFixture mock;
  const auto by_name = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--attributes", "Region",
                                             "--metrics", "revenue", "--filter", "Category=Electronics"});
  REQUIRE(by_name.exit_code == 0);
  CHECK(by_name.out == "Region,Revenue\r\nCentral,1850000\r\nNortheast,1400000\r\n");
  // Ids, NotIn, two filters (And), and element ids in the grid's spelling.
  const auto by_id = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--filter",
                                           kRegion + "!=" + kRegion + ":Central", "--filter",
                                           "Category=hElectronics;" + kCategory});
  REQUIRE(by_id.exit_code == 0);
  CHECK(by_id.out == "Region,Category,Revenue,Profit\r\nNortheast,Electronics,1400000,215500\r\n");
  // No attributes: one row of totals.
  const auto totals = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--attributes", "",
                                            "--metrics", "Revenue"});
  CHECK(totals.out == "Revenue\r\n3670000\r\n");
  // The filter goes to the server with the instance: one instance POST, no client-side filtering.
  mock.server().reset_counters();
  const auto counted = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--filter",
                                             "Region=Central,Northeast"});
  CHECK(counted.exit_code == 0);
  CHECK(mock.server().requests_to("POST", "v2/reports/" + kSmallReport + "/instances") == 1);
  CHECK(mock.server().requests_to("GET", "reports/" + kSmallReport + "/attributes/" + kRegion + "/elements") == 1);
}

TEST_CASE("unknown attribute metric and element names are usage errors naming the closest", "[cli][data]") {
  MockServerFixture mock;
  mock.server().reset_counters();
  const auto attribute = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--filter", "Regoin=Central"});
  CHECK(attribute.exit_code == 2);
  CHECK(contains(attribute.err, "no attribute 'Regoin' in report " + kSmallReport + "; the closest: 'Region', 'Category'"));
  const auto metric = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--metrics", "Revnue"});
  CHECK(metric.exit_code == 2);
  CHECK(contains(metric.err, "no metric 'Revnue' in report " + kSmallReport + "; the closest: 'Revenue', 'Profit'"));
  const auto element = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--filter", "Region!=Centrl"});
  CHECK(element.exit_code == 2);
  CHECK(contains(element.err, "no element 'Centrl' of attribute Region in report " + kSmallReport +
                                  "; the closest: 'Central', 'Northeast'"));
  const auto malformed = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--filter", "Region"});
  CHECK(malformed.exit_code == 2);
  CHECK(contains(malformed.err, "--filter takes ATTRIBUTE=ELEMENT[,ELEMENT...]"));
  // Refused before the report ran.
  CHECK(mock.server().requests_to("POST", "v2/reports/" + kSmallReport + "/instances") == 0);
}

TEST_CASE("mstr report --sql prints the instance's SQL", "[cli][data]") {
  MockServerFixture mock;
  const auto run = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--sql", "--attributes", "Region"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.rfind("select\ta11.Region,\n\tsum(a11.Revenue)  WJXBFS1,", 0) == 0);
  CHECK(run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--sql"}).exit_code == 0);
  CHECK(run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--sql", "--describe"}).exit_code == 2);
}

TEST_CASE("mstr cube publish --wait and cube status and a publish past --timeout exits 5 with its flags", "[cli][data]") {
  MockServerFixture mock;
  const auto started = run_as_analyst(mock, {"cube", "publish", kSalesCube, "--project-id", kTutorialId, "--format", "csv"});
  REQUIRE(started.exit_code == 0);
  CHECK(started.out == "id,published\r\n" + kSalesCube + ",started\r\n");
  const auto processing = run_as_analyst(mock, {"cube", "status", kSalesCube, "--project-id", kTutorialId, "--format", "csv"});
  CHECK(processing.out == "id,status,flags\r\n" + kSalesCube + ",65,PROCESSING READY\r\n");
  const auto waited = run_as_analyst(mock, {"cube", "publish", kSalesCube, "--project-id", kTutorialId, "--wait", "--format", "csv"});
  REQUIRE(waited.exit_code == 0);
  CHECK(waited.out == "id,status,flags\r\n" + kSalesCube + ",64,READY\r\n");
  CHECK(waited.err.empty());

  const auto stuck = run_as_analyst(mock, {"--timeout", "1", "cube", "publish", kStuckCube, "--project-id", kTutorialId, "--wait"});
  CHECK(stuck.exit_code == 5);
  CHECK(contains(stuck.err, "cube " + kStuckCube + " was still publishing when the deadline passed (status 65: PROCESSING, READY)"));
  const auto max_time = run_as_analyst(mock, {"--max-time", "1", "cube", "publish", kStuckCube, "--project-id", kTutorialId, "--wait"});
  CHECK(max_time.exit_code == 6);
  CHECK(contains(max_time.err, "(--max-time)"));
  CHECK(run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--wait"}).exit_code == 2);
  CHECK(run_as_analyst(mock, {"cube", "publish", "--project-id", kTutorialId}).exit_code == 2);
}

TEST_CASE("mstr report --max-time stops a long read saying how far it got", "[cli][data]") {
  MockServerFixture mock;
  mock.server().set_page_latency(std::chrono::milliseconds(50));
  const auto run = run_as_analyst(mock, {"--max-time", "0.2", "report", kGeneratedReport, "--project-id", kTutorialId,
                                         "--page-size", "10", "--parallel", "1"});
  CHECK(run.exit_code == 6);
  CHECK(contains(run.err, "the read of report " + kGeneratedReport + " passed its deadline after "));
  CHECK(contains(run.err, " of 100000 rows"));
}

TEST_CASE("the progress line on a terminal is erased before the table is printed", "[cli][data]") {
  MockServerFixture mock;
  auto options = mstr::test::account_env(mock.base_url(), "analyst", "analyst-pass");
  const auto run = mstr::test::run_mstr_on_terminal(
      mstr::test::with_account_flags({"report", kSmallReport, "--project-id", kTutorialId}), options);
  REQUIRE(run.exit_code == 0);
  // The first page draws the line at once; it is erased (CR, erase to end of line) before the table.
  const auto erased = run.out.rfind("\r\x1b[K");
  REQUIRE(erased != std::string::npos);
  CHECK(contains(run.out, "100%  3 of 3 rows"));
  CHECK(run.out.substr(erased + 4).rfind("Region", 0) == 0);
  // Off a terminal there is no line at all.
  const auto piped = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId});
  CHECK(piped.err.empty());
}

TEST_CASE("the progress line stays in view while the rows go to a file", "[cli][data]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  // Pages far apart enough for the line to be redrawn between them.
  mock.server().set_page_latency(std::chrono::milliseconds(60));
  auto options = mstr::test::account_env(mock.base_url(), "analyst", "analyst-pass");
  const std::string file = (dir.path() / "rows.csv").string();
  const auto run = mstr::test::run_mstr_on_terminal(
      mstr::test::with_account_flags({"report", kGeneratedReport, "--project-id", kTutorialId, "--page-size", "10000",
                                      "--parallel", "1", "--format", "csv", "-o", file}),
      options);
  REQUIRE(run.exit_code == 0);
  // Each redraw replaces the line in place; the only bare erase is the last one, when the command ends.
  const std::string erase = "\r\x1b[K";
  std::size_t bare = 0;
  for (auto at = run.out.find(erase); at != std::string::npos; at = run.out.find(erase, at + erase.size())) {
    const auto next = at + erase.size();
    if (next == run.out.size() || run.out.compare(next, erase.size(), erase) == 0 || run.out[next] == '\n') ++bare;
  }
  CHECK(run.out.find(" of 100000 rows") != std::string::npos);
  CHECK(bare == 1);
}
