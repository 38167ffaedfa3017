// Reports and cubes read through mstr::Session from the mock server: every built-in table, paging
// with pages in flight, prompts, and each kind of bad input.
#include <mstr/data_writers.hpp>
#include <mstr/errors.hpp>
#include <mstr/report.hpp>
#include <mstr/session.hpp>

#include <test_support/mock_ids.hpp>
#include <test_support/mock_server_fixture.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using mstr::Cell;
using mstr::DataPage;
using mstr::ReadOptions;
using mstr::test::MockServerFixture;

namespace {

using namespace mstr::test::mock_ids;

struct LoggedIn {
  explicit LoggedIn(mstr::mock::MockServerOptions options = mstr::mock::MockServerOptions::defaults())
      : mock(std::move(options)), session(mock.base_url()) {
    mstr::LoginParams params;
    params.username = mstr::SecretValue(std::string("analyst"));
    params.password = mstr::SecretValue(std::string("analyst-pass"));
    session.login(params);
  }
  MockServerFixture mock;
  mstr::Session session;
};

ReadOptions in_tutorial(std::size_t page_size = 5000, int parallel = 4) {
  ReadOptions options;
  options.project_id = kTutorialId;
  options.page_size = page_size;
  options.parallel = parallel;
  return options;
}

std::string text(const Cell& cell) { return std::get<std::string>(cell); }
double number(const Cell& cell) { return std::get<double>(cell); }

Poco::Dynamic::Var json(const std::string& text) { return Poco::JSON::Parser().parse(text); }

}  // namespace

TEST_CASE("The small report reads back as library-data-api.md section 8", "[data][report][mock]") {
  LoggedIn server;
  const auto table = mstr::Report(server.session, kSmallReport).to_table(in_tutorial());
  REQUIRE(table.columns.size() == 4);
  CHECK(table.columns[0].name == "Region");
  CHECK(table.columns[1].name == "Category");
  CHECK(table.columns[2].name == "Revenue");
  CHECK(table.columns[3].name == "Profit");
  REQUIRE(table.rows.size() == 3);
  CHECK(table.total == 3);
  CHECK(text(table.rows[0][0]) == "Central");
  CHECK(text(table.rows[0][1]) == "Books");
  CHECK(number(table.rows[0][3]) == 61000.5);
  CHECK(text(table.rows[2][0]) == "Northeast");
  CHECK(number(table.rows[2][2]) == 1400000.0);
  CHECK(server.mock.server().requests_to("POST", "v2/reports/" + kSmallReport + "/instances") == 1);
}

TEST_CASE("Pages of 10 with page-local elements read the same serially and with 4 in flight", "[data][report][mock]") {
  LoggedIn server;
  std::vector<std::size_t> offsets;
  const auto serial = mstr::Report(server.session, kCustomerReport).to_table(in_tutorial(10, 1));
  const auto summary = mstr::Report(server.session, kCustomerReport).stream(in_tutorial(10, 4), [&](const DataPage& page) {
    offsets.push_back(page.offset);
    CHECK(page.total == 25);
  });
  CHECK(offsets == std::vector<std::size_t>{0, 10, 20});
  CHECK(summary.rows == 25);
  CHECK(summary.pages == 3);
  const auto parallel = mstr::Report(server.session, kCustomerReport).to_table(in_tutorial(10, 4));
  REQUIRE(serial.rows.size() == 25);
  CHECK(serial.rows == parallel.rows);
  REQUIRE(serial.columns.size() == 5);
  CHECK(serial.columns[0].name == "Customer@ID");
  CHECK(serial.columns[1].name == "Customer@DESC");
  CHECK(serial.columns[2].name == "City");
  CHECK(text(serial.rows[13][0]) == "1013");
  CHECK(text(serial.rows[13][1]) == "Customer 13");
  CHECK(number(serial.rows[13][3]) == 39);
  CHECK(std::holds_alternative<std::monostate>(serial.rows[12][4]));
  CHECK(number(serial.rows[13][4]) == 6.5);
}

TEST_CASE("Pages read in place write the same CSV and JSON as Rows, with the same progress", "[data][report][cube][mock]") {
  LoggedIn server;
  for (const bool cube : {false, true}) {
    INFO((cube ? "cube" : "report"));
    for (const int parallel : {1, 4}) {
      std::ostringstream csv_rows, csv_views, json_rows, json_views;
      mstr::CsvWriter csv_a(csv_rows), csv_b(csv_views);
      mstr::JsonRowWriter json_a(json_rows), json_b(json_views);
      std::vector<std::size_t> offsets_rows, offsets_views, widths_rows, widths_views;
      const auto options = in_tutorial(cube ? 7 : 10, parallel);
      auto on_rows = [&](const DataPage& page) {
        csv_a.write(page);
        json_a.write(page);
        offsets_rows.push_back(page.offset);
        widths_rows.push_back(page.columns.size());
      };
      auto on_view = [&](const mstr::PageView& page) {
        csv_b.write(page);
        json_b.write(page);
        offsets_views.push_back(page.offset());
        CHECK(page.total() == (cube ? 40u : 25u));
        widths_views.push_back(page.columns().size());
      };
      const auto by_rows = cube ? mstr::Cube(server.session, kSalesCube).stream(options, on_rows)
                                : mstr::Report(server.session, kCustomerReport).stream(options, on_rows);
      const auto by_views = cube ? mstr::Cube(server.session, kSalesCube).stream_view(options, on_view)
                                 : mstr::Report(server.session, kCustomerReport).stream_view(options, on_view);
      json_a.finish();
      json_b.finish();
      CHECK(by_views.rows == by_rows.rows);
      CHECK(by_views.pages == by_rows.pages);
      CHECK(offsets_views == offsets_rows);
      CHECK(widths_views == widths_rows);
      CHECK(csv_views.str() == csv_rows.str());
      CHECK(json_views.str() == json_rows.str());
      CHECK(csv_views.str().size() > 200);
    }
  }
}

TEST_CASE("The subtotal report copies the total label to every form", "[data][report][mock]") {
  LoggedIn server;
  const auto table = mstr::Report(server.session, kSubtotalReport).to_table(in_tutorial());
  REQUIRE(table.rows.size() == 6);
  CHECK(table.columns[1].name == "Category@ID");
  CHECK(text(table.rows[2][1]) == "Total");
  CHECK(text(table.rows[2][2]) == "Total");
  CHECK(number(table.rows[5][3]) == 120.0);
}

TEST_CASE("A generated report arrives whole and in order with pages in flight", "[data][report][mock]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 20000;
  LoggedIn server(options);
  std::size_t expected = 0;
  bool in_order = true;
  const auto summary =
      mstr::Report(server.session, kGeneratedReport).stream(in_tutorial(1500, 4), [&](const DataPage& page) {
        for (const auto& row : page.rows) {
          in_order = in_order && text(row[0]) == "Store " + std::to_string(expected % 100) &&
                     number(row[2]) == static_cast<double>(expected % 1000) + 0.25;
          ++expected;
        }
      });
  CHECK(in_order);
  CHECK(summary.rows == 20000);
  CHECK(summary.pages == 14);
  CHECK(summary.total == 20000);
}

TEST_CASE("An empty report keeps its columns", "[data][report][mock]") {
  auto options = mstr::mock::MockServerOptions::defaults();
  options.generated_report_rows = 0;
  LoggedIn server(options);
  const auto table = mstr::Report(server.session, kGeneratedReport).to_table(in_tutorial());
  CHECK(table.columns.size() == 4);
  CHECK(table.rows.empty());
  CHECK(table.total == 0);
}

TEST_CASE("A cube reads like a report, HEAD tells its status", "[data][cube][mock]") {
  LoggedIn server;
  const auto table = mstr::Cube(server.session, kSalesCube).to_table(in_tutorial(7, 3));
  REQUIRE(table.rows.size() == 40);
  CHECK(table.columns[1].name == "Quarter");
  CHECK(text(table.rows[39][0]) == "West");
  CHECK(number(table.rows[39][3]) == 39.0);
  mstr::RequestOptions head;
  head.project_id = kTutorialId;
  CHECK(server.session.head("cubes/" + kSalesCube, head).header("X-MSTR-CubeStatus") == "64");
  // A cube is not a report.
  CHECK_THROWS_AS(mstr::Report(server.session, kSalesCube).to_table(in_tutorial()), mstr::ResourceNotFoundException);
}

TEST_CASE("A prompted report without answers names its prompts", "[data][prompts][mock]") {
  LoggedIn server;
  mstr::Report report(server.session, kPromptedReport);
  try {
    report.to_table(in_tutorial());
    FAIL("a prompted report without answers was read");
  } catch (const mstr::PromptedContentError& error) {
    CHECK(error.unanswered_prompts() == std::vector<std::string>{"Top N"});
    CHECK(std::string(error.what()).find("Top N") != std::string::npos);
  }
  const auto prompts = report.prompts(in_tutorial());
  REQUIRE(prompts.type() == typeid(Poco::JSON::Array::Ptr));
  CHECK(prompts.extract<Poco::JSON::Array::Ptr>()->getObject(0)->getValue<std::string>("type") == "VALUE");
}

TEST_CASE("A prompted report answered reads rows that depend on the answer, after a 202", "[data][prompts][mock]") {
  LoggedIn server;
  auto options = in_tutorial();
  options.prompt_answers = json(R"({"prompts":[{"key":"A1B2C3D4E5F60718293A4B5C6D7E8F90@0@10","type":"VALUE","answers":"7"}]})");
  const auto table = mstr::Report(server.session, kPromptedReport).to_table(options);
  REQUIRE(table.rows.size() == 7);
  CHECK(text(table.rows[6][0]) == "Rank 7");

  SECTION("answers that answer another prompt leave it unanswered") {
    options.prompt_answers = json(R"({"prompts":[{"key":"OTHER","type":"VALUE","answers":"3"}]})");
    CHECK_THROWS_AS(mstr::Report(server.session, kPromptedReport).to_table(options), mstr::PromptedContentError);
  }
  SECTION("an answer out of range is the server's ERR006") {
    options.prompt_answers = json(R"({"prompts":[{"name":"Top N","type":"VALUE","answers":[0]}]})");
    CHECK_THROWS_AS(mstr::Report(server.session, kPromptedReport).to_table(options), mstr::InvalidRequestException);
  }
  SECTION("a deadline shorter than the Retry-After is a timeout") {
    options.execution_deadline = std::chrono::milliseconds(100);
    CHECK_THROWS_AS(mstr::Report(server.session, kPromptedReport).to_table(options), mstr::MstrTimeoutError);
  }
}

TEST_CASE("A server-side timeout is MstrTimeoutError, still an MSTRException", "[data][errors][mock]") {
  LoggedIn server;
  try {
    mstr::Report(server.session, kTimeoutReport).to_table(in_tutorial());
    FAIL("the timeout report returned");
  } catch (const mstr::MstrTimeoutError& error) {
    CHECK(error.iserver_code() == -2147206497);
    const mstr::MSTRException& base = error;
    CHECK(base.http_status() == 500);
  }
}

TEST_CASE("Bad input of every kind is refused with a reason", "[data][errors][mock]") {
  LoggedIn server;
  using Catch::Matchers::Contains;
  // Unknown report: the server's ERR004.
  CHECK_THROWS_AS(mstr::Report(server.session, "00000000000000000000000000000001").to_table(in_tutorial()),
                  mstr::ResourceNotFoundException);
  // Not an object id: refused before any request.
  CHECK_THROWS_WITH(mstr::Report(server.session, "not-an-id").to_table(in_tutorial()), Contains("32 hexadecimal"));
  CHECK_THROWS_AS(mstr::Cube(server.session, "12").to_table(in_tutorial()), mstr::ConfigurationError);
  // No project anywhere.
  CHECK_THROWS_WITH(mstr::Report(server.session, kSmallReport).to_table(ReadOptions{}), Contains("needs a project"));
  // An unknown project.
  auto elsewhere = in_tutorial();
  elsewhere.project_id = "0123456789ABCDEF0123456789ABCDEF";
  CHECK_THROWS_AS(mstr::Report(server.session, kSmallReport).to_table(elsewhere), mstr::ResourceNotFoundException);
  // An exception from the page handler stops the read and reaches the caller.
  CHECK_THROWS_WITH(mstr::Report(server.session, kCustomerReport).stream(in_tutorial(5, 3), [](const DataPage& page) {
    if (page.offset == 10) throw std::runtime_error("stop here");
  }),
                    "stop here");
}

TEST_CASE("The mock leaves out formatted values and extras when asked", "[data][mock]") {
  LoggedIn server;
  mstr::RequestOptions request;
  request.project_id = kTutorialId;
  request.json = json("{}");
  const auto full = server.session.post("v2/reports/" + kSmallReport + "/instances", request).text();
  CHECK(full.find("\"formatted\"") != std::string::npos);
  CHECK(full.find("\"extras\"") != std::string::npos);
  request.params = {{"fields", "-data.metricValues.extras,-data.metricValues.formatted"}};
  const auto lean = server.session.post("v2/reports/" + kSmallReport + "/instances", request).text();
  CHECK(lean.find("\"formatted\"") == std::string::npos);
  CHECK(lean.find("\"extras\"") == std::string::npos);
  // Without a project the mock refuses with ERR005.
  mstr::RequestOptions no_project;
  CHECK_THROWS_AS(server.session.get("v2/reports/" + kSmallReport, no_project), mstr::InvalidRequestException);
}
