// mstr dataset push against the in-process mock server: create, update, read back, and the exit
// codes of bad files, bad options and server refusals.
#include "cli_runner.hpp"

#include <mstr/http.hpp>

#include <test_support/mock_server_fixture.hpp>
#include <test_support/temp_dir.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

using mstr::test::MockServerFixture;
using mstr::test::ProgramRun;

namespace {

const char* const kTutorialId = "B19DEDCC11D4E0EFC000EB9495D0F44F";

ProgramRun push(const MockServerFixture& mock, std::vector<std::string> args) {
  mstr::test::ChildProcessOptions options;
  options.env = {
      {"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
  std::vector<std::string> full = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME",
                                   "--password", "env:MSTR_PASSWORD", "dataset",    "push"};
  full.insert(full.end(), args.begin(), args.end());
  auto run = mstr::test::run_mstr(full, options);
  CHECK(mstr::test::free_of_default_secrets(run.err));
  return run;
}

mstr::HttpResponse admin(const MockServerFixture& mock, const std::string& method, const std::string& path,
                         const std::string& body = {}) {
  static const auto client = mstr::make_http_client();
  const std::string base = mock.base_url();
  mstr::HttpRequest request;
  request.method = method;
  request.url = base.substr(0, base.find("/MicroStrategyLibrary")) + path;
  request.body = body;
  return client->send(request);
}

// The dataset's stored rows, one "a|b|1" line each.
std::vector<std::string> rows_of(const MockServerFixture& mock, const std::string& id) {
  const auto response = admin(mock, "GET", "/__mock/datasets/" + id);
  REQUIRE(response.status == 200);
  auto rows = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>()->getArray("rows");
  std::vector<std::string> result;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    std::string text;
    for (std::size_t j = 0; j < rows->getArray(i)->size(); ++j) {
      text +=
          (j > 0 ? "|" : "") + (rows->getArray(i)->isNull(j) ? "null" : rows->getArray(i)->get(j).toString());
    }
    result.push_back(text);
  }
  return result;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("mstr dataset push creates a dataset, prints its id, and updates it with a policy", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto base = dir.path() / "base.csv";
  mstr::test::write_file(base,
                         "\xEF\xBB\xBF"
                         "city,sales\r\n\"M\xC3\xBCnchen, Bayern\",10\r\nParis,\r\n");
  const auto run = push(mock, {"--name", "Cities", "--table", "cities", "--csv", base.string(), "--project",
                               "MicroStrategy Tutorial"});
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());  // no progress line when stderr is not a terminal
  REQUIRE(run.out.size() == 33);
  const std::string id = run.out.substr(0, 32);
  CHECK(rows_of(mock, id) == std::vector<std::string>{"M\xC3\xBCnchen, Bayern|10", "Paris|null"});

  const auto more = dir.path() / "more.csv";
  mstr::test::write_file(more, "city,sales\nParis,7\nRome,3\n");
  REQUIRE(admin(mock, "POST", "/__mock/datasets", R"({"statusAsString":true})").status == 204);
  const auto upsert = push(mock, {"--table", "cities", "--csv", more.string(), "--project-id", kTutorialId,
                                  "--dataset-id", id, "--update-policy", "upsert"});
  REQUIRE(upsert.exit_code == 0);
  CHECK(upsert.out == id + "\n");
  CHECK(rows_of(mock, id) == std::vector<std::string>{"M\xC3\xBCnchen, Bayern|10", "Paris|7", "Rome|3"});
  const auto replace = push(
      mock, {"--table", "cities", "--csv", more.string(), "--project-id", kTutorialId, "--dataset-id", id});
  REQUIRE(replace.exit_code == 0);
  CHECK(rows_of(mock, id) == std::vector<std::string>{"Paris|7", "Rome|3"});
}

TEST_CASE("mstr dataset push: a ragged row names the line and is a usage error", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto file = dir.path() / "ragged.csv";
  mstr::test::write_file(file, "a,b\n1,2\n\"multi\nline\",3\n4\n");
  const auto run =
      push(mock, {"--name", "R", "--table", "t", "--csv", file.string(), "--project-id", kTutorialId});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "ragged.csv, line 5: the row has 1 fields but the header has 2"));
  CHECK(run.out.empty());
  CHECK(mock.server().requests() == 0);  // nothing was sent
}

TEST_CASE("mstr dataset push: bad options are usage errors", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto file = dir.path() / "ok.csv";
  mstr::test::write_file(file, "a,b\n1,2\n");
  const std::string csv = file.string();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--name", "N", "--csv", csv, "--project-id", kTutorialId}, "needs --table"},
      {{"--name", "N", "--table", "t", "--project-id", kTutorialId}, "needs --csv"},
      {{"--name", "N", "--table", "t", "--csv", csv}, "needs --project NAME or --project-id ID"},
      {{"--table", "t", "--csv", csv, "--project-id", kTutorialId}, "needs --name NAME"},
      {{"--name", "N", "--table", "t", "--csv", csv, "--project-id", kTutorialId, "--update-policy", "merge"},
       "unknown update policy 'merge'"},
      {{"--name", "N", "--table", "t", "--csv", csv, "--project-id", kTutorialId, "--update-policy", "add"},
       "need --dataset-id"},
      {{"--name", "N", "--table", "t", "--csv", (dir.path() / "missing.csv").string(), "--project-id",
        kTutorialId},
       "missing.csv: No such file or directory"},
      {{"--name", "N", "--table", "t", "--csv", csv, "--project-id", kTutorialId, "--show"},
       "--show does not apply to the dataset command"},
  };
  for (const auto& c : cases) {
    const auto run = push(mock, c.args);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, c.message));
  }
  CHECK(mock.server().requests() == 0);
}

TEST_CASE("mstr dataset push: server refusals exit 5 and say what failed", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto file = dir.path() / "ok.csv";
  mstr::test::write_file(file, "a,b\n1,2\n");
  const std::string csv = file.string();

  const auto unknown = push(mock, {"--table", "t", "--csv", csv, "--project-id", kTutorialId, "--dataset-id",
                                   "0123456789ABCDEF0123456789ABCDEF"});
  CHECK(unknown.exit_code == 5);
  CHECK(contains(unknown.err, "ERR004"));

  const auto project = push(mock, {"--name", "N", "--table", "t", "--csv", csv, "--project", "Nope"});
  CHECK(project.exit_code == 5);
  CHECK(contains(project.err, "no project is named 'Nope'"));

  REQUIRE(admin(mock, "POST", "/__mock/datasets", R"({"failChunk":1})").status == 204);
  const auto failed = push(mock, {"--name", "N", "--table", "t", "--csv", csv, "--project-id", kTutorialId});
  CHECK(failed.exit_code == 5);
  CHECK(contains(failed.err, "uploading chunk 1 (rows 1-1) of table 't'"));
  CHECK(contains(failed.err, "was cancelled"));
}

TEST_CASE("mstr dataset push of two tables with a policy per table reads back as one cube", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto stores = dir.path() / "stores.csv";
  const auto sales = dir.path() / "sales.csv";
  mstr::test::write_file(stores, "store,area\nNorth,120.5\nSouth,80\n");
  mstr::test::write_file(sales, "store,amount\nNorth,10\nSouth,20\n");
  const auto run = push(mock, {"--name", "Shop", "--table", "stores", "--csv", stores.string(), "--table", "sales",
                               "--csv", sales.string(), "--project-id", kTutorialId});
  REQUIRE(run.exit_code == 0);
  const std::string id = run.out.substr(0, 32);
  const auto stored = admin(mock, "GET", "/__mock/datasets/" + id);
  const auto tables = Poco::JSON::Parser().parse(stored.body).extract<Poco::JSON::Object::Ptr>()->getArray("tables");
  REQUIRE(tables->size() == 2);
  CHECK(tables->getObject(1)->getValue<std::string>("name") == "sales");
  CHECK(tables->getObject(1)->getArray("rows")->size() == 2);
  const auto cube = mstr::test::run_mstr(
      {"--base-url", mock.base_url(), "--username", "analyst", "--password", "env:MSTR_PASSWORD", "cube", id,
       "--project-id", kTutorialId},
      [] {
        mstr::test::ChildProcessOptions options;
        options.env = {{"MSTR_PASSWORD", "analyst-pass"}};
        return options;
      }());
  REQUIRE(cube.exit_code == 0);
  CHECK(cube.out == "store,area,amount\r\nNorth,120.5,\r\nSouth,80,\r\nNorth,,10\r\nSouth,,20\r\n");

  // Another upload: sales added to, stores left as they were by naming only sales' policy.
  mstr::test::write_file(sales, "store,amount\nWest,5\n");
  const auto add = push(mock, {"--dataset-id", id, "--table", "sales", "--csv", sales.string(), "--update-policy",
                               "sales=add", "--project-id", kTutorialId});
  REQUIRE(add.exit_code == 0);
  const auto after = Poco::JSON::Parser()
                         .parse(admin(mock, "GET", "/__mock/datasets/" + id).body)
                         .extract<Poco::JSON::Object::Ptr>()
                         ->getArray("tables");
  CHECK(after->getObject(0)->getArray("rows")->size() == 2);
  CHECK(after->getObject(1)->getArray("rows")->size() == 3);

  const auto uneven = push(mock, {"--name", "X", "--table", "a", "--csv", stores.string(), "--table", "b",
                                  "--project-id", kTutorialId});
  CHECK(uneven.exit_code == 2);
  CHECK(contains(uneven.err, "one --csv FILE for each --table NAME"));
  const auto unknown_table = push(mock, {"--dataset-id", id, "--table", "sales", "--csv", sales.string(),
                                         "--update-policy", "salez=add", "--project-id", kTutorialId});
  CHECK(unknown_table.exit_code == 2);
  CHECK(contains(unknown_table.err, "no --table salez was given"));
}

TEST_CASE("mstr dataset push --no-publish then dataset publish --wait", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto file = dir.path() / "cities.csv";
  mstr::test::write_file(file, "city,sales\nParis,7\n");
  const auto uploaded = push(mock, {"--name", "Later", "--table", "cities", "--csv", file.string(), "--project-id",
                                    kTutorialId, "--no-publish"});
  REQUIRE(uploaded.exit_code == 0);
  REQUIRE(uploaded.out.size() == 66);  // DATASET_ID UPLOAD_SESSION_ID
  const std::string id = uploaded.out.substr(0, 32);
  const std::string session = uploaded.out.substr(33, 32);
  CHECK(rows_of(mock, id).empty());  // uploaded, not published

  mstr::test::ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
  const std::vector<std::string> login = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME",
                                          "--password", "env:MSTR_PASSWORD"};
  auto args = login;
  for (const auto& more : {"dataset", "publish", id.c_str(), session.c_str(), "--project-id", kTutorialId, "--wait"}) {
    args.emplace_back(more);
  }
  const auto published = mstr::test::run_mstr(args, options);
  REQUIRE(published.exit_code == 0);
  CHECK(published.out == id + "\n");
  CHECK(rows_of(mock, id) == std::vector<std::string>{"Paris|7"});
  // Published once: the session cannot be published again.
  CHECK(mstr::test::run_mstr(args, options).exit_code == 5);
  auto missing = login;
  for (const auto& more : {"dataset", "publish", id.c_str(), "--project-id", kTutorialId}) missing.emplace_back(more);
  CHECK(mstr::test::run_mstr(missing, options).exit_code == 2);
}

TEST_CASE("mstr dataset push past --max-time stops saying how far it got and exits 6", "[cli][push]") {
  MockServerFixture mock;
  mstr::test::TempDir dir;
  const auto file = dir.path() / "cities.csv";
  mstr::test::write_file(file, "city,sales\nParis,7\n");
  // Every request takes 200 ms: the login alone outlasts the deadline, so the first chunk is never sent.
  mock.server().set_latency(std::chrono::milliseconds(200));
  const auto run = push(mock, {"--name", "Late", "--table", "cities", "--csv", file.string(), "--project-id",
                               kTutorialId});
  mock.server().set_latency(std::chrono::milliseconds(0));
  CHECK(run.exit_code == 0);  // without --max-time the slow server only makes it slow
  mock.server().set_latency(std::chrono::milliseconds(200));
  mstr::test::ChildProcessOptions options;
  options.env = {{"MSTR_BASE_URL", mock.base_url()}, {"MSTR_USERNAME", "analyst"}, {"MSTR_PASSWORD", "analyst-pass"}};
  std::vector<std::string> full = {"--base-url", "env:MSTR_BASE_URL", "--username", "env:MSTR_USERNAME",
                                   "--password", "env:MSTR_PASSWORD", "--max-time", "0.3", "dataset", "push",
                                   "--name", "Late", "--table", "cities", "--csv", file.string(), "--project-id",
                                   kTutorialId};
  const auto late = mstr::test::run_mstr(full, options);
  mock.server().set_latency(std::chrono::milliseconds(0));
  CHECK(late.exit_code == 6);
  CHECK(contains(late.err, "passed its deadline after 0 rows in 0 chunks (table 'cities')"));
}
