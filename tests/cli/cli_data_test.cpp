// mstr report and mstr cube against the in-process mock server: the three formats, prompts, and
// the exit codes and messages of each failure.
#include "cli_runner.hpp"

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using mstr::test::ChildProcessOptions;
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

TEST_CASE("mstr report prints CSV when stdout is not a terminal", "[cli][data]") {
  MockServerFixture mock;
  const auto run = run_as_analyst(mock, {"report", kSmallReport, "--project", "MicroStrategy Tutorial"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.out ==
        "Region,Category,Revenue,Profit\r\n"
        "Central,Books,420000,61000.5\r\n"
        "Central,Electronics,1850000,302000.25\r\n"
        "Northeast,Electronics,1400000,215500\r\n");
  CHECK(run.err.empty());
}

TEST_CASE("mstr report --format json and table", "[cli][data]") {
  MockServerFixture mock;
  const auto json = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--format", "json"});
  REQUIRE(json.exit_code == 0);
  CHECK(contains(json.out, "{\"Region\":\"Central\",\"Category\":\"Books\",\"Revenue\":420000,\"Profit\":61000.5}"));
  CHECK(json.out.front() == '[');
  const auto table = run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--format", "table"});
  REQUIRE(table.exit_code == 0);
  CHECK(contains(table.out, "Region     Category     Revenue     Profit\n"));
  CHECK(contains(table.out, "Northeast  Electronics  1400000     215500\n"));
}

TEST_CASE("mstr report pages with quoting, nulls and pages in flight", "[cli][data]") {
  MockServerFixture mock;
  const auto run = run_as_analyst(
      mock, {"report", kCustomerReport, "--project-id", kTutorialId, "--page-size", "4", "--parallel", "3"});
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "Customer@ID,Customer@DESC,City,Orders,Discount\r\n1000,Customer 0,\"Paris, France\",0,\r\n"));
  CHECK(contains(run.out, "1002,Customer 2,\"\"\"Quoted\"\" Town\",6,1\r\n"));
  CHECK(contains(run.out, "1004,Customer 4,\"New\nLine\",12,\r\n"));
  CHECK(contains(run.out, "1024,Customer 24,\"New\nLine\",72,\r\n"));
}

TEST_CASE("mstr cube prints the cube", "[cli][data]") {
  MockServerFixture mock;
  const auto run = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId});
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "Region,Quarter,Revenue,Units\r\nCentral,Q1 2020,1000,0\r\n"));
  const auto answers = run_as_analyst(mock, {"cube", kSalesCube, "--project-id", kTutorialId, "--answers", "x"});
  CHECK(answers.exit_code == 2);
}

TEST_CASE("mstr report with prompts: without answers, with answers, with a bad answers file", "[cli][data]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto without = run_as_analyst(mock, {"report", kPromptedReport, "--project-id", kTutorialId});
  CHECK(without.exit_code == 2);
  CHECK(contains(without.err, "has prompts (Top N); answer them with --answers FILE"));

  const auto good = (dir.path() / "answers.json").string();
  std::ofstream(good) << R"({"prompts":[{"key":"A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10","type":"VALUE","answers":"2"}]})";
  const auto answered = run_as_analyst(mock, {"report", kPromptedReport, "--project-id", kTutorialId, "--answers", good});
  REQUIRE(answered.exit_code == 0);
  CHECK(answered.out == "Rank,Revenue\r\nRank 1,10000\r\nRank 2,9900\r\n");

  const auto bad = (dir.path() / "bad.json").string();
  std::ofstream(bad) << "{\"prompts\": [";
  const auto broken = run_as_analyst(mock, {"report", kPromptedReport, "--project-id", kTutorialId, "--answers", bad});
  CHECK(broken.exit_code == 2);
  CHECK(contains(broken.err, bad));
  CHECK(contains(broken.err, "not valid JSON"));
}

TEST_CASE("mstr report failures: unknown report, server timeout, bad options", "[cli][data]") {
  MockServerFixture mock;
  const auto unknown =
      run_as_analyst(mock, {"report", "00000000000000000000000000000001", "--project-id", kTutorialId});
  CHECK(unknown.exit_code == 5);
  CHECK(contains(unknown.err, "ERR004"));
  const auto timeout = run_as_analyst(mock, {"report", kTimeoutReport, "--project-id", kTutorialId});
  CHECK(timeout.exit_code == 5);
  CHECK(contains(timeout.err, "timed out"));
  const auto no_project = run_as_analyst(mock, {"report", kSmallReport});
  CHECK(no_project.exit_code == 2);
  CHECK(contains(no_project.err, "--project"));
  CHECK(run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--format", "xml"}).exit_code == 2);
  CHECK(run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--parallel", "0"}).exit_code == 2);
  CHECK(run_as_analyst(mock, {"report", kSmallReport, "--project-id", kTutorialId, "--page-size", "x"}).exit_code == 2);
  CHECK(run_as_analyst(mock, {"report", "not-an-id", "--project-id", kTutorialId}).exit_code == 2);
  const auto unknown_project = run_as_analyst(mock, {"report", kSmallReport, "--project", "Nope"});
  CHECK(unknown_project.exit_code == 5);
  CHECK(contains(unknown_project.err, "Nope"));
}
