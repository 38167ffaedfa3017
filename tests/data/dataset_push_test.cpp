// Pushing datasets through the C++ API against the mock server: create from CSV, update with each
// policy and read back, publish status spellings, a failing chunk, healing, the publish deadline.

#include <mstr/authenticated_session.hpp>
#include <mstr/csv_reader.hpp>
#include <mstr/dataset.hpp>
#include <mstr/errors.hpp>
#include <mstr/http.hpp>
#include <mstr/report.hpp>

#include "reliability_fixtures.hpp"
#include "test_support/temp_dir.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace std::chrono_literals;

namespace {

const char* const kTutorial = "B19DEDCC11D4E0EFC000EB9495D0F44F";

// The mock's admin URL for `path` ("/__mock/datasets").
std::string admin_url(const mstr::test::MockServerFixture& mock, const std::string& path) {
  const std::string base = mock.base_url();
  return base.substr(0, base.find("/MicroStrategyLibrary")) + path;
}

mstr::HttpResponse admin(const mstr::test::MockServerFixture& mock, const std::string& method,
                         const std::string& path, const std::string& body = {}) {
  static const auto client = mstr::make_http_client();
  mstr::HttpRequest request;
  request.method = method;
  request.url = admin_url(mock, path);
  request.body = body;
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  return client->send(request);
}

void configure(const mstr::test::MockServerFixture& mock, const std::string& settings) {
  REQUIRE(admin(mock, "POST", "/__mock/datasets", settings).status == 204);
}

// What the mock holds for a dataset: {columns:[{name,dataType,kind}], rows:[[...]], cancelledSessions}.
Poco::JSON::Object::Ptr stored(const mstr::test::MockServerFixture& mock, const std::string& id) {
  const auto response = admin(mock, "GET", "/__mock/datasets/" + id);
  REQUIRE(response.status == 200);
  return Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Object::Ptr>();
}

// The stored rows as text, one "a|b|1.5" line per row, for comparisons that read well.
std::vector<std::string> stored_rows(const mstr::test::MockServerFixture& mock, const std::string& id) {
  std::vector<std::string> result;
  auto rows = stored(mock, id)->getArray("rows");
  for (std::size_t i = 0; i < rows->size(); ++i) {
    auto row = rows->getArray(i);
    std::string text;
    for (std::size_t j = 0; j < row->size(); ++j) {
      if (j > 0) text += '|';
      text += row->isNull(j) ? std::string("null") : row->get(j).toString();
    }
    result.push_back(text);
  }
  return result;
}

struct Pusher {
  mstr::test::MockServerFixture mock;
  mstr::test::TempDir dir;
  mstr::Session session{mock.base_url()};
  mstr::PushOptions options;

  Pusher() {
    mstr::test::login_analyst(session);
    options.project_id = kTutorial;
    options.poll_interval = 5ms;
    options.max_poll_interval = 20ms;
  }

  std::filesystem::path csv(const std::string& name, const std::string& text) {
    auto file = dir.path() / name;
    mstr::test::write_file(file, text);
    return file;
  }

  mstr::PushResult push(const std::filesystem::path& file,
                        std::optional<std::string> dataset_id = std::nullopt,
                        mstr::UpdatePolicy policy = mstr::UpdatePolicy::replace) {
    mstr::CsvPush push{file, "Sales", "sales", "", std::move(dataset_id), policy, {}};
    return mstr::push_csv(session, push, options);
  }
};

const char* const kSales =
    "region,product,units,price,launched,on_sale\n"
    "North,Widget,10,2.5,2024-01-05,true\n"
    "South,\"Gadget, large\",3,,2024-02-29,false\n"
    "East,Widget,7,1.25,2023-12-31,TRUE\n";

}  // namespace

TEST_CASE("a CSV becomes a dataset: inferred columns, rows published and readable back", "[push]") {
  Pusher p;
  p.options.chunk_rows = 2;
  const auto result = p.push(p.csv("sales.csv", kSales));
  CHECK(result.rows == 3);
  CHECK(result.chunks == 2);
  CHECK(result.dataset_id.size() == 32);

  auto dataset = stored(p.mock, result.dataset_id);
  CHECK(dataset->getValue<bool>("published"));
  CHECK(dataset->getValue<std::string>("tableName") == "sales");
  auto columns = dataset->getArray("columns");
  std::vector<std::string> described;
  for (std::size_t i = 0; i < columns->size(); ++i) {
    auto column = columns->getObject(i);
    described.push_back(column->getValue<std::string>("name") + ":" +
                        column->getValue<std::string>("dataType") + ":" +
                        column->getValue<std::string>("kind"));
  }
  CHECK(described == std::vector<std::string>{"region:STRING:attribute", "product:STRING:attribute",
                                              "launched:DATE:attribute", "on_sale:BOOL:attribute",
                                              "units:INTEGER:metric", "price:DOUBLE:metric"});
  CHECK(stored_rows(p.mock, result.dataset_id) ==
        std::vector<std::string>{"North|Widget|2024-01-05|true|10|2.5",
                                 "South|Gadget, large|2024-02-29|false|3|null",
                                 "East|Widget|2023-12-31|true|7|1.25"});
  CHECK(stored(p.mock, result.dataset_id)->getValue<int>("cancelledSessions") == 0);

  // mstrio-py's look-ups see it as a published dataset (type 3, subtype 779) with one table.
  mstr::RequestOptions in_project;
  in_project.project_id = kTutorial;
  in_project.params = {{"type", "3"}};
  auto object =
      p.session.get("objects/" + result.dataset_id, in_project).json().extract<Poco::JSON::Object::Ptr>();
  CHECK(object->getValue<int>("subtype") == 779);
  CHECK(object->getValue<std::string>("name") == "Sales");
  in_project.params = {{"fields", "tables"}, {"fields", "columns"}};
  auto definition =
      p.session.get("datasets/" + result.dataset_id, in_project).json().extract<Poco::JSON::Object::Ptr>();
  auto available = definition->getObject("result")->getObject("definition")->getObject("availableObjects");
  CHECK(available->getArray("tables")->getObject(0)->getValue<std::string>("name") == "sales");
  CHECK(available->getArray("columns")->size() == 6);
  // It sits in My Reports (pre-defined folder 7), counted in X-MSTR-Total-Count.
  in_project.params = {{"offset", "0"}, {"limit", "10"}};
  auto folder = p.session.get("folders/preDefined/7", in_project);
  CHECK(folder.header("X-MSTR-Total-Count") == "1");
}

TEST_CASE("updating a dataset applies each policy to its rows", "[push]") {
  Pusher p;
  const auto base = p.csv("base.csv", "region,units\nNorth,1\nSouth,2\n");
  const auto change = p.csv("change.csv", "region,units\nSouth,20\nWest,30\n");
  const std::string id = p.push(base).dataset_id;

  p.push(change, id, mstr::UpdatePolicy::add);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1", "South|2", "South|20", "West|30"});
  p.push(base, id, mstr::UpdatePolicy::replace);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1", "South|2"});
  p.push(change, id, mstr::UpdatePolicy::update);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1", "South|20"});
  p.push(change, id, mstr::UpdatePolicy::upsert);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1", "South|20", "West|30"});
  // A header-only file replaces the rows with none.
  p.push(p.csv("empty.csv", "region,units\n"), id, mstr::UpdatePolicy::replace);
  CHECK(stored_rows(p.mock, id).empty());
}

TEST_CASE("the publish status is waited for whether it comes as a number or a string", "[push]") {
  for (bool as_string : {false, true}) {
    Pusher p;
    configure(p.mock,
              std::string(R"({"runningPolls":2,"statusAsString":)") + (as_string ? "true" : "false") + "}");
    std::vector<bool> publishing;
    p.options.on_progress = [&](const mstr::PushProgress& progress) {
      publishing.push_back(progress.publishing);
    };
    const auto result = p.push(p.csv("sales.csv", kSales));
    CHECK(stored(p.mock, result.dataset_id)->getValue<bool>("published"));
    CHECK(publishing == std::vector<bool>{false, true});
    // Two "running" answers, then done.
    const auto by_endpoint = Poco::JSON::Parser()
                                 .parse(admin(p.mock, "GET", "/__mock/stats").body)
                                 .extract<Poco::JSON::Object::Ptr>()
                                 ->getObject("byEndpoint");
    int polls = 0;
    for (const auto& [key, count] : *by_endpoint) {
      if (key.find("publishStatus") != std::string::npos) polls += count.convert<int>();
    }
    CHECK(polls == 3);
  }
}

TEST_CASE("a failing chunk cancels the upload session and the error names the chunk", "[push]") {
  Pusher p;
  const std::string id = p.push(p.csv("base.csv", "region,units\nNorth,1\n")).dataset_id;
  configure(p.mock, R"({"failChunk":2})");
  p.options.chunk_rows = 2;
  try {
    p.push(p.csv("more.csv", "region,units\na,1\nb,2\nc,3\nd,4\ne,5\n"), id, mstr::UpdatePolicy::add);
    FAIL("the push succeeded although chunk 2 was refused");
  } catch (const mstr::DatasetUploadError& error) {
    CHECK(error.chunk_index() == 2);
    CHECK_THAT(error.what(), Catch::Contains("chunk 2 (rows 3-4)") && Catch::Contains("cancelled") &&
                                 Catch::Contains("could not be stored"));
    CHECK_THROWS_AS(std::rethrow_exception(error.cause()), mstr::MSTRException);
  }
  auto dataset = stored(p.mock, id);
  CHECK(dataset->getValue<int>("cancelledSessions") == 1);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1"});  // nothing of the failed push
}

TEST_CASE("a value that does not fit its declared column names the line and cancels", "[push]") {
  Pusher p;
  const std::string id = p.push(p.csv("base.csv", "region,units\nNorth,1\n")).dataset_id;
  mstr::CsvPush push{p.csv("bad.csv", "region,units\nSouth,2\nWest,many\n"),
                     "",
                     "sales",
                     "",
                     id,
                     mstr::UpdatePolicy::add,
                     {{"region", mstr::ColumnType::string}, {"units", mstr::ColumnType::integer}}};
  try {
    mstr::push_csv(p.session, push, p.options);
    FAIL("a text value was pushed into an INTEGER column");
  } catch (const mstr::CsvError& error) {
    CHECK(error.line() == 3);
    CHECK_THAT(error.what(), Catch::Contains("bad.csv, line 3") &&
                                 Catch::Contains("'units' is not a INTEGER") && !Catch::Contains("many"));
  }
  CHECK(stored(p.mock, id)->getValue<int>("cancelledSessions") == 1);
}

TEST_CASE("a session that expires in the middle of an upload heals and the push completes",
          "[push][healing]") {
  mstr::test::MockServerFixture mock;
  mstr::AuthenticatedSession auth(mstr::test::analyst_config(mock));
  mstr::test::TempDir dir;
  std::string text = "id,value\n";
  for (int i = 0; i < 50; ++i) text += "k" + std::to_string(i) + "," + std::to_string(i) + "\n";
  mstr::test::write_file(dir.path() / "rows.csv", text);
  mstr::PushOptions options;
  options.project_id = kTutorial;
  options.chunk_rows = 10;
  options.poll_interval = 5ms;
  options.on_progress = [&](const mstr::PushProgress& progress) {
    if (progress.chunks_uploaded == 2) mock.server().expire_all_sessions();
  };
  mstr::CsvPush push{dir.path() / "rows.csv",     "Healing", "rows", "", std::nullopt,
                     mstr::UpdatePolicy::replace, {}};
  const auto result = mstr::push_csv(auth.session(), push, options);
  CHECK(result.chunks == 5);
  CHECK(auth.relogin_count() == 1);
  CHECK(stored_rows(mock, result.dataset_id).size() == 50);
}

TEST_CASE("a publish that never finishes ends at the deadline and cancels", "[push]") {
  Pusher p;
  configure(p.mock, R"({"runningPolls":1000000})");
  p.options.publish_timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  try {
    p.push(p.csv("sales.csv", kSales));
    FAIL("the publish never finished but the push returned");
  } catch (const mstr::DatasetPublishError& error) {
    CHECK(error.timed_out());
    CHECK_THAT(error.what(),
               Catch::Contains("did not finish within 300 ms") && Catch::Contains("publishStatus 6"));
  }
  CHECK(std::chrono::steady_clock::now() - started < 20s);  // without the deadline it polls for ever
}

TEST_CASE("a publish that reports failure is a DatasetPublishError and changes nothing", "[push]") {
  Pusher p;
  const std::string id = p.push(p.csv("base.csv", "region,units\nNorth,1\n")).dataset_id;
  configure(p.mock, R"({"publishFails":true,"statusAsString":true})");
  try {
    p.push(p.csv("more.csv", "region,units\nSouth,2\n"), id, mstr::UpdatePolicy::add);
    FAIL("a failed publish was reported as success");
  } catch (const mstr::DatasetPublishError& error) {
    CHECK_FALSE(error.timed_out());
    CHECK_THAT(error.what(), Catch::Contains("failed (publishStatus -1"));
  }
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1"});
}

TEST_CASE("data calls name the project, the dataset and the upload session they need", "[push]") {
  Pusher p;
  const auto file = p.csv("sales.csv", kSales);
  mstr::PushOptions no_project = p.options;
  no_project.project_id.reset();
  CHECK_THROWS_AS(mstr::push_csv(p.session, {file, "S", "sales", "", std::nullopt, {}, {}}, no_project),
                  mstr::InvalidRequestException);
  no_project.project_id = "00000000000000000000000000000000";
  CHECK_THROWS_AS(mstr::push_csv(p.session, {file, "S", "sales", "", std::nullopt, {}, {}}, no_project),
                  mstr::ResourceNotFoundException);
  CHECK_THROWS_AS(p.push(file, std::string("0123456789ABCDEF0123456789ABCDEF")),
                  mstr::ResourceNotFoundException);
  const std::string id = p.push(file).dataset_id;
  mstr::CsvPush wrong_table{file, "", "other", "", id, mstr::UpdatePolicy::add, {}};
  CHECK_THROWS_AS(mstr::push_csv(p.session, wrong_table, p.options), mstr::ResourceNotFoundException);
  // A ragged row is found while inferring the columns, before anything is sent.
  p.mock.server().reset_counters();
  CHECK_THROWS_AS(p.push(p.csv("ragged.csv", "a,b\n1,2\n3\n")), mstr::CsvError);
  CHECK(p.mock.server().requests() == 0);
}

TEST_CASE("the mock refuses what a server would: bad data, chunk order, publishing nothing", "[push][mock]") {
  Pusher p;
  const std::string id = p.push(p.csv("base.csv", "region,units\nNorth,1\n")).dataset_id;
  mstr::RequestOptions request;
  request.project_id = kTutorial;
  request.json = Poco::JSON::Parser().parse(
      R"({"tables":[{"name":"sales","updatePolicy":"add","columnHeaders":["units","region"]}]})");
  const std::string sid = p.session.post("datasets/" + id + "/uploadSessions", request)
                              .json()
                              .extract<Poco::JSON::Object::Ptr>()
                              ->getValue<std::string>("uploadSessionId");
  const std::string path = "datasets/" + id + "/uploadSessions/" + sid;
  request.allow_error_status = true;
  request.json.reset();
  CHECK(p.session.post(path + "/publish", request).status() == 400);  // nothing uploaded yet

  auto chunk = [&](int index, const std::string& rows_json) {
    std::ostringstream data;
    Poco::Base64Encoder encoder(data);
    encoder.rdbuf()->setLineLength(0);
    encoder << rows_json;
    encoder.close();
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("tableName", "sales");
    body->set("index", index);
    body->set("data", data.str());
    request.json = Poco::Dynamic::Var(body);
    return p.session.put(path, request);
  };
  CHECK(chunk(2, "[[5,\"East\"]]").status() == 400);         // index must start at 1
  CHECK(chunk(1, "[[5]]").status() == 400);                  // row width
  CHECK(chunk(1, "[[\"five\",\"East\"]]").status() == 400);  // a metric that is not a number
  CHECK(chunk(1, "not json").status() == 400);
  Poco::JSON::Object::Ptr not_base64 = new Poco::JSON::Object;
  not_base64->set("tableName", "sales");
  not_base64->set("index", 1);
  not_base64->set("data", "!!not base64!!");
  request.json = Poco::Dynamic::Var(not_base64);
  const auto bad_base64 = p.session.put(path, request);
  CHECK(bad_base64.status() == 400);
  CHECK_THAT(bad_base64.text(), Catch::Contains("not valid base64"));
  CHECK(chunk(1, "[[5,\"East\"]]").status() == 204);  // columns in the session's order
  CHECK(chunk(1, "[[5,\"East\"]]").status() == 204);  // a retried chunk changes nothing
  CHECK(chunk(3, "[[6,\"West\"]]").status() == 400);  // out of order
  request.json.reset();
  CHECK(p.session.post(path + "/publish", request).status() == 204);
  CHECK(p.session.post(path + "/publish", request).status() == 400);
  CHECK(p.session.get(path + "/publishStatus", request).status() == 200);
  CHECK(stored_rows(p.mock, id) == std::vector<std::string>{"North|1", "East|5"});
  CHECK(p.session.del(path, request).status() == 204);
  CHECK(p.session.get(path + "/publishStatus", request).status() == 404);
}

TEST_CASE("a 500 on one chunk is healed by the retry policy without a duplicate row", "[push]") {
  mstr::test::MockServerFixture mock;
  mstr::SessionOptions session_options;
  session_options.retry = mstr::test::quick_retries(3);
  mstr::Session session(mock.base_url(), session_options);
  mstr::test::login_analyst(session);
  mstr::test::TempDir dir;
  mstr::test::write_file(dir.path() / "rows.csv", "id,value\na,1\nb,2\nc,3\nd,4\n");
  mstr::PushOptions options;
  options.project_id = kTutorial;
  options.chunk_rows = 2;
  options.poll_interval = 5ms;
  options.on_progress = [&](const mstr::PushProgress& progress) {
    if (progress.chunks_uploaded == 1) mock.server().fail_next(1, 500);
  };
  mstr::CsvPush push{dir.path() / "rows.csv",     "Retried", "rows", "", std::nullopt,
                     mstr::UpdatePolicy::replace, {}};
  const auto result = mstr::push_csv(session, push, options);
  CHECK(result.chunks == 2);
  CHECK(stored_rows(mock, result.dataset_id) == std::vector<std::string>{"a|1", "b|2", "c|3", "d|4"});
  CHECK(stored(mock, result.dataset_id)->getValue<int>("cancelledSessions") == 0);
}

TEST_CASE("the look-ups mstrio-py makes around a push", "[push][mock]") {
  Pusher p;
  mstr::RequestOptions request;
  request.allow_error_status = true;
  request.params = {{"type", "32"}};
  auto project = p.session.get(std::string("objects/") + kTutorial, request);
  REQUIRE(project.status() == 200);
  CHECK(project.json().extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("name") ==
        "MicroStrategy Tutorial");
  request.params = {{"type", "3"}};
  CHECK(p.session.get(std::string("objects/") + kTutorial, request).status() ==
        404);  // a project, not a report

  const std::string id = p.push(p.csv("sales.csv", kSales)).dataset_id;
  CHECK(p.session.get("objects/" + id, request).status() ==
        400);  // a project-scoped object needs the project
  request.project_id = kTutorial;
  CHECK(p.session.get("objects/" + id, request).status() == 200);
  request.params = {{"type", "8"}};
  CHECK(p.session.get("objects/" + id, request).status() == 404);
  request.params = {};
  auto other_folder = p.session.get("folders/preDefined/6", request);
  CHECK(other_folder.status() == 200);
  CHECK(other_folder.header("X-MSTR-Total-Count") == "0");
  CHECK(other_folder.text() == "[]");
  request.project_id.reset();
  auto nodes = p.session.get("monitors/iServer/nodes", request).json().extract<Poco::JSON::Object::Ptr>();
  auto node = nodes->getArray("nodes")->getObject(0);
  CHECK(node->getValue<std::string>("status") == "running");
  CHECK(node->getArray("projects")->size() == 2);
}

TEST_CASE("push_tables uploads two tables through one session and leaves them unpublished until publish_dataset", "[push]") {
  Pusher p;
  p.options.chunk_rows = 2;
  mstr::DatasetModel model;
  model.name = "Shop";
  model.tables = {{"stores", {{"store", mstr::ColumnType::string}, {"area", mstr::ColumnType::double_number}}},
                  {"sales", {{"store", mstr::ColumnType::string}, {"amount", mstr::ColumnType::integer}}}};
  const std::string id = mstr::create_dataset(p.session, model, p.options);
  // Rows handed over one at a time: nothing is held beyond a chunk.
  auto rows_of = [](std::vector<std::vector<std::string>> rows) {
    return [rows = std::move(rows), next = std::size_t{0}](std::vector<std::string>& row) mutable {
      if (next == rows.size()) return false;
      row = rows[next++];
      return true;
    };
  };
  const std::vector<mstr::TableRows> tables = {
      {"stores", model.tables[0].columns, mstr::UpdatePolicy::replace, rows_of({{"North", "120.5"}, {"South", "80"}})},
      {"sales", model.tables[1].columns, mstr::UpdatePolicy::add,
       rows_of({{"North", "10"}, {"South", "20"}, {"North", "30"}})}};
  p.options.publish = false;
  const auto uploaded = mstr::push_tables(p.session, id, tables, p.options);
  CHECK(uploaded.rows == 5);
  CHECK(uploaded.chunks == 3);  // 2 + (2 + 1)
  REQUIRE(uploaded.upload_session_id.size() == 32);
  CHECK_FALSE(stored(p.mock, id)->getValue<bool>("published"));

  mstr::publish_dataset(p.session, id, uploaded.upload_session_id, true, p.options);
  const auto after = stored(p.mock, id)->getArray("tables");
  REQUIRE(after->size() == 2);
  CHECK(after->getObject(0)->getArray("rows")->size() == 2);
  CHECK(after->getObject(1)->getArray("rows")->size() == 3);
  mstr::ReadOptions read;
  read.project_id = kTutorial;
  const auto cube = mstr::Cube(p.session, id).to_table(read);
  CHECK(cube.rows.size() == 5);

  // A bad value names its table.
  const std::vector<mstr::TableRows> bad = {
      {"sales", model.tables[1].columns, mstr::UpdatePolicy::add, rows_of({{"North", "many"}})}};
  CHECK_THROWS_WITH(mstr::push_tables(p.session, id, bad, p.options),
                    Catch::Contains("table 'sales', row 1: the value in column 'amount' is not a INTEGER"));
  // A model may not give both forms of its table.
  model.table_name = "t";
  CHECK_THROWS_AS(mstr::create_dataset(p.session, model, p.options), mstr::ConfigurationError);
}
