// The mock's deeper data endpoints: instance prompts, requestedObjects and viewFilter, attribute
// elements, SQL views, cube publish and status, multi-table datasets and a later publish.

#include <Poco/Base64Encoder.h>

#include <test_support/mock_ids.hpp>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <sstream>

#include "raw_client.hpp"
#include "test_support/mock_server_fixture.hpp"

using mstr::test::MockServerFixture;
using mstr::test::RawClient;
using mstr::test::RawResponse;

namespace {

using namespace mstr::test::mock_ids;

Poco::Dynamic::Var parse(const RawResponse& response) { return Poco::JSON::Parser().parse(response.body); }
Poco::JSON::Object::Ptr object(const RawResponse& response) { return parse(response).extract<Poco::JSON::Object::Ptr>(); }

const std::map<std::string, std::string> kProject{{"X-MSTR-ProjectID", kTutorialId}, {"Content-Type", "application/json"}};

// The rows of an instance reply as "form|form|metric|metric" strings.
std::vector<std::string> rows_of(const RawResponse& response) {
  const auto root = object(response);
  const auto grid = root->getObject("definition")->getObject("grid");
  const auto units = grid->getArray("rows");
  const auto data = root->getObject("data");
  const auto headers = data->getObject("headers")->getArray("rows");
  const auto raw = data->getObject("metricValues")->getArray("raw");
  std::vector<std::string> rows;
  for (std::size_t r = 0; r < headers->size(); ++r) {
    std::string row;
    const auto indexes = headers->getArray(static_cast<unsigned>(r));
    for (std::size_t u = 0; u < units->size(); ++u) {
      const auto element = units->getObject(static_cast<unsigned>(u))
                               ->getArray("elements")
                               ->getObject(indexes->getElement<unsigned>(static_cast<unsigned>(u)));
      row += element->getArray("formValues")->getElement<std::string>(0) + "|";
    }
    const auto values = raw->getArray(static_cast<unsigned>(r));
    for (std::size_t m = 0; m < values->size(); ++m) {
      const auto value = values->get(static_cast<unsigned>(m));
      row += (value.isEmpty() ? std::string() : value.toString()) + "|";
    }
    rows.push_back(row);
  }
  return rows;
}

std::string base64(const std::string& text) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << text;
  encoder.close();
  return out.str();
}

}  // namespace

TEST_CASE("the instance prompts endpoint lists the prompts and the answer given", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const auto run = client.send("POST", "v2/reports/" + kPromptedReport + "/instances", "{}", kProject);
  REQUIRE(run.status == 200);
  const std::string instance = object(run)->getValue<std::string>("instanceId");
  const std::string prompts_path = "reports/" + kPromptedReport + "/instances/" + instance + "/prompts?closed=false";
  const auto before = client.send("GET", prompts_path, "", kProject);
  REQUIRE(before.status == 200);
  auto list = parse(before).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::string>("key") == "A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10");
  CHECK_FALSE(list->getObject(0)->has("answers"));
  const auto answered = client.send("PUT", "reports/" + kPromptedReport + "/instances/" + instance + "/prompts/answers",
                                    R"({"prompts":[{"key":"A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10","type":"VALUE","answers":3}]})",
                                    kProject);
  CHECK(answered.status == 204);
  list = parse(client.send("GET", prompts_path, "", kProject)).extract<Poco::JSON::Array::Ptr>();
  CHECK(list->getObject(0)->getValue<int>("answers") == 3);
  CHECK(client.send("GET", "reports/" + kPromptedReport + "/instances/FFFF/prompts", "", kProject).status == 404);
}

TEST_CASE("requestedObjects chooses columns and sums the rows left alike", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const std::string path = "v2/reports/" + kSmallReport + "/instances";
  const auto region_revenue = client.send(
      "POST", path,
      R"({"requestedObjects":{"attributes":[{"id":")" + kRegion + R"("}],"metrics":[{"id":")" + kRevenue + R"("}]}})",
      kProject);
  REQUIRE(region_revenue.status == 200);
  CHECK(rows_of(region_revenue) == std::vector<std::string>{"Central|2270000|", "Northeast|1400000|"});
  // Asking in another order changes nothing: the columns come in the report's order.
  const auto everything = client.send(
      "POST", path,
      R"({"requestedObjects":{"attributes":[{"id":")" + kCategory + R"("},{"id":")" + kRegion + R"("}]}})", kProject);
  CHECK(rows_of(everything) ==
        std::vector<std::string>{"Central|Books|", "Central|Electronics|", "Northeast|Electronics|"});
  const auto no_attributes = client.send("POST", path, R"({"requestedObjects":{"metrics":[{"id":")" + kRevenue + R"("}]}})",
                                         kProject);
  CHECK(rows_of(no_attributes) == std::vector<std::string>{"3670000|"});
}

TEST_CASE("a viewFilter keeps the rows of the elements named in either spelling", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const std::string path = "v2/reports/" + kSmallReport + "/instances";
  auto in = [&](const std::string& op, const std::string& attribute, const std::string& element) {
    return R"({"operator":")" + op + R"(","operands":[{"type":"attribute","id":")" + attribute +
           R"("},{"type":"elements","elements":[{"id":")" + element + R"("}]}]})";
  };
  const auto electronics = client.send("POST", path, "{\"viewFilter\":" + in("In", kCategory, kCategory + ":Electronics") + "}",
                                       kProject);
  REQUIRE(electronics.status == 200);
  CHECK(rows_of(electronics).size() == 2);
  const auto both = client.send("POST", path,
                                R"({"viewFilter":{"operator":"And","operands":[)" +
                                    in("In", kCategory, "hElectronics;" + kCategory) + "," +
                                    in("NotIn", kRegion, kRegion + ":Central") + "]}}",
                                kProject);
  CHECK(rows_of(both) == std::vector<std::string>{"Northeast|Electronics|1400000|215500|"});
  // A later page of the instance keeps the filter.
  const std::string instance = object(both)->getValue<std::string>("instanceId");
  CHECK(rows_of(client.send("GET", path + "/" + instance + "?offset=0&limit=10", "", kProject)).size() == 1);

  const auto wrong_element = client.send("POST", path, "{\"viewFilter\":" + in("In", kRegion, kCategory + ":Books") + "}", kProject);
  CHECK(wrong_element.status == 400);
  CHECK(object(wrong_element)->getValue<std::string>("message") == "Invalid element id - " + kCategory + ":Books");
  const auto unknown_attribute = client.send(
      "POST", path, "{\"viewFilter\":" + in("In", "0123456789ABCDEF0123456789ABCDEF", "x") + "}", kProject);
  CHECK(object(unknown_attribute)->getValue<std::string>("message") ==
        "Failed to find the attribute 0123456789ABCDEF0123456789ABCDEF in the report or cube.");
  const auto bad_operator = client.send("POST", path, "{\"viewFilter\":" + in("in", kRegion, kRegion + ":Central") + "}", kProject);
  CHECK(bad_operator.status == 400);
  CHECK(object(bad_operator)->getValue<std::string>("message").rfind("Invalid operator - in", 0) == 0);
  const auto unknown_metric = client.send(
      "POST", path, R"({"requestedObjects":{"metrics":[{"id":"0123456789ABCDEF0123456789ABCDEF"}]}})", kProject);
  CHECK(object(unknown_metric)->getValue<std::string>("message") ==
        "Failed to find the metric 0123456789ABCDEF0123456789ABCDEF in the report or cube.");
}

TEST_CASE("attribute elements are listed in pages with their total count", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const auto first = client.send("GET", "cubes/" + kSalesCube + "/attributes/" + kRegion + "/elements?offset=0&limit=3", "", kProject);
  REQUIRE(first.status == 200);
  CHECK(first.header("X-MSTR-Total-Count") == "4");
  auto list = parse(first).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(list->size() == 3);
  CHECK(list->getObject(0)->getValue<std::string>("id") == kRegion + ":Central");
  CHECK(list->getObject(0)->getArray("formValues")->getElement<std::string>(0) == "Central");
  list = parse(client.send("GET", "cubes/" + kSalesCube + "/attributes/" + kRegion + "/elements?offset=3&limit=3", "", kProject))
             .extract<Poco::JSON::Array::Ptr>();
  REQUIRE(list->size() == 1);
  CHECK(list->getObject(0)->getValue<std::string>("id") == kRegion + ":West");
  const auto report = client.send("GET", "reports/" + kSmallReport + "/attributes/" + kCategory + "/elements", "", kProject);
  CHECK(report.header("X-MSTR-Total-Count") == "2");
  CHECK(client.send("GET", "reports/" + kSmallReport + "/attributes/" + kRevenue + "/elements", "", kProject).status == 404);
}

TEST_CASE("the SQL view of a report instance and of a cube", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const auto resolved = client.send("POST", "v2/reports/" + kSmallReport + "/instances?executionStage=resolve_prompts", "",
                                    kProject);
  REQUIRE(resolved.status == 200);
  CHECK_FALSE(object(resolved)->has("definition"));
  CHECK(object(resolved)->getValue<int>("status") == 1);
  const std::string instance = object(resolved)->getValue<std::string>("instanceId");
  const auto sql = client.send("GET", "v2/reports/" + kSmallReport + "/instances/" + instance + "/sqlView", "", kProject);
  REQUIRE(sql.status == 200);
  CHECK(object(sql)->getValue<std::string>("sqlStatement").rfind("select\ta11.Region", 0) == 0);
  const auto cube = client.send("GET", "v2/cubes/" + kSalesCube + "/sqlView", "", kProject);
  CHECK(object(cube)->getValue<std::string>("sqlStatement").find("Quarter") != std::string::npos);
}

TEST_CASE("a cube publish reads as processing for two status reads and the stuck cube never finishes", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  CHECK(client.send("HEAD", "cubes/" + kSalesCube, "", kProject).header("X-MSTR-CubeStatus") == "64");
  const auto publish = client.send("POST", "v2/cubes/" + kSalesCube, "", kProject);
  CHECK(publish.status == 202);
  CHECK(object(publish)->has("jobId"));
  CHECK(client.send("HEAD", "cubes/" + kSalesCube, "", kProject).header("X-MSTR-CubeStatus") == "65");
  CHECK(client.send("HEAD", "cubes/" + kSalesCube, "", kProject).header("X-MSTR-CubeStatus") == "65");
  CHECK(client.send("HEAD", "cubes/" + kSalesCube, "", kProject).header("X-MSTR-CubeStatus") == "64");
  CHECK(client.send("POST", "v2/cubes/" + kStuckCube, "", kProject).status == 202);
  for (int i = 0; i < 5; ++i) {
    CHECK(client.send("HEAD", "cubes/" + kStuckCube, "", kProject).header("X-MSTR-CubeStatus") == "65");
  }
  CHECK(client.send("POST", "v2/reports/" + kSmallReport, "", kProject).status == 404);
}

TEST_CASE("a dataset of two tables is uploaded then published later and read back as one cube", "[mock][data]") {
  MockServerFixture mock;
  RawClient client(mock.server());
  client.login_standard("analyst", "analyst-pass");
  const auto model = client.send("POST", "datasets/models", R"({"name":"Two tables","tables":[
      {"name":"Stores","columnHeaders":[{"name":"Store","dataType":"STRING"},{"name":"Area","dataType":"DOUBLE"}]},
      {"name":"Sales","columnHeaders":[{"name":"Store","dataType":"STRING"},{"name":"Amount","dataType":"INTEGER"}]}],
      "metrics":[{"name":"Area","expressions":[{"tableName":"Stores","columnName":"Area"}]},
                 {"name":"Amount","expressions":[{"tableName":"Sales","columnName":"Amount"}]}]})",
                                 kProject);
  REQUIRE(model.status == 200);
  const std::string id = object(model)->getValue<std::string>("id");
  const auto opened = client.send("POST", "datasets/" + id + "/uploadSessions", R"({"tables":[
      {"name":"Stores","updatePolicy":"REPLACE","columnHeaders":["Store","Area"]},
      {"name":"Sales","updatePolicy":"add","columnHeaders":["Amount","Store"]}]})",
                                  kProject);
  REQUIRE(opened.status == 200);
  const std::string session = "datasets/" + id + "/uploadSessions/" + object(opened)->getValue<std::string>("uploadSessionId");
  CHECK(client.send("PUT", session, R"({"tableName":"Stores","index":1,"data":")" + base64(R"([["North",120.5],["South",80]])") + "\"}", kProject).status == 204);
  CHECK(client.send("PUT", session, R"({"tableName":"Sales","index":1,"data":")" + base64(R"([[10,"North"]])") + "\"}", kProject).status == 204);
  CHECK(client.send("PUT", session, R"({"tableName":"Sales","index":2,"data":")" + base64(R"([[20,"South"]])") + "\"}", kProject).status == 204);
  const auto other = client.send("PUT", session, R"({"tableName":"Nope","index":1,"data":"W10="})", kProject);
  CHECK(other.status == 400);
  // Uploaded, not published: the definition is there, the data are not.
  const auto definition = object(client.send("GET", "datasets/" + id + "?fields=tables&fields=columns", "", kProject));
  CHECK(definition->getObject("result")->getObject("definition")->getObject("availableObjects")->getArray("tables")->size() == 2);
  CHECK(client.send("POST", "v2/cubes/" + id + "/instances", "{}", kProject).status == 404);

  CHECK(client.send("POST", session + "/publish", "", kProject).status == 204);
  const auto cube = client.send("POST", "v2/cubes/" + id + "/instances", "{}", kProject);
  REQUIRE(cube.status == 200);
  CHECK(rows_of(cube) == std::vector<std::string>{"North|120.5||", "South|80||", "North||10|", "South||20|"});
}
