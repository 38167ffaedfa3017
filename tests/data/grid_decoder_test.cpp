// The grid decoder on instance replies shaped like recorded ones (library-data-api.md sections 1,
// 2 and 8): names, form values, raw metric values, page-local elements, subtotals, metrics on rows.
#include "read/grid_decoder.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <string>

using mstr::Cell;
using mstr::ColumnKind;
using mstr::internal::decode_grid;

namespace {

// The example of library-data-api.md section 8, as a server sends it.
const std::string kSection8 = R"({"name":"Revenue by Region and Category","id":"1A2B3C4D5E6F708192A3B4C5D6E7F809",
 "instanceId":"F160BAF211E8C0372DBC0080EFE59EDF","status":1,
 "definition":{"grid":{"crossTab":false,"metricsPosition":{"axis":"columns","index":0},
  "rows":[
   {"name":"Region","id":"8D679D4B11D3E4981000E787EC6DE8A4","type":"attribute",
    "forms":[{"id":"CCFBE2A5EADB4F50941FB879CCF1721C","name":"DESC","dataType":"varChar","baseFormCategory":"DESC","baseFormType":"text"}],
    "elements":[{"formValues":["Central"],"id":"h4;8D679D4B11D3E4981000E787EC6DE8A4"},
                {"formValues":["Northeast"],"id":"h1;8D679D4B11D3E4981000E787EC6DE8A4"}]},
   {"name":"Category","id":"8D679D3711D3E4981000E787EC6DE8A4","type":"attribute",
    "forms":[{"id":"CCFBE2A5EADB4F50941FB879CCF1721C","name":"DESC","dataType":"nVarChar","baseFormCategory":"DESC","baseFormType":"text"}],
    "elements":[{"formValues":["Books"],"id":"h1;8D679D3711D3E4981000E787EC6DE8A4"},
                {"formValues":["Electronics"],"id":"h2;8D679D3711D3E4981000E787EC6DE8A4"}]}],
  "columns":[{"name":"Metrics","id":"00000000000000000000000000000000","type":"templateMetrics",
   "elements":[{"name":"Revenue","id":"4C05177011D3E877C000B3B2D86C964F","type":"metric"},
               {"name":"Profit","id":"4C051DB611D3E877C000B3B2D86C964F","type":"metric"}]}],
  "pageBy":[],"subtotals":{"defined":false,"visible":false}}},
 "data":{"currentPageBy":[],"paging":{"total":3,"current":3,"offset":0,"limit":1000},
  "headers":{"rows":[[0,0],[0,1],[1,1]],"columns":[[0,1]]},
  "metricValues":{"raw":[[420000.0,61000.5],[1850000.0,302000.25],[1400000.0,215500.0]],
                  "formatted":[["$420,000","$61,001"],["$1,850,000","$302,000"],["$1,400,000","$215,500"]]}}})";

std::string text(const Cell& cell) { return std::get<std::string>(cell); }
double number(const Cell& cell) { return std::get<double>(cell); }

}  // namespace

TEST_CASE("The section 8 example decodes to the table mstrio-py makes of it", "[data][decoder]") {
  const auto page = decode_grid(kSection8);
  REQUIRE(page.columns.size() == 4);
  CHECK(page.columns[0].name == "Region");
  CHECK(page.columns[0].kind == ColumnKind::attribute);
  CHECK(page.columns[1].name == "Category");
  CHECK(page.columns[2].name == "Revenue");
  CHECK(page.columns[2].kind == ColumnKind::metric);
  CHECK(page.columns[3].name == "Profit");
  CHECK(page.columns[3].object_id == "4C051DB611D3E877C000B3B2D86C964F");
  REQUIRE(page.rows.size() == 3);
  CHECK(text(page.rows[0][0]) == "Central");
  CHECK(text(page.rows[0][1]) == "Books");
  CHECK(number(page.rows[0][2]) == 420000.0);
  CHECK(number(page.rows[0][3]) == 61000.5);
  CHECK(text(page.rows[1][1]) == "Electronics");
  CHECK(number(page.rows[1][3]) == 302000.25);
  CHECK(text(page.rows[2][0]) == "Northeast");
  CHECK(number(page.rows[2][2]) == 1400000.0);
  CHECK(page.paging.total == 3);
  CHECK(page.paging.current == 3);
  CHECK(page.instance_id == "F160BAF211E8C0372DBC0080EFE59EDF");
  CHECK(page.status == 1);
}

TEST_CASE("A multi-form attribute gives Attr@Form columns, nulls stay null", "[data][decoder]") {
  const auto page = decode_grid(std::string(R"({"instanceId":"I","status":1,"definition":{"grid":{
    "rows":[{"name":"Customer","id":"C","forms":[{"name":"ID"},{"name":"DESC"}],
             "elements":[{"formValues":["7","Ann"]},{"formValues":["9",null]}]}],
    "columns":[{"name":"Metrics","type":"templateMetrics","elements":[{"name":"Orders","id":"M1"},{"name":"Discount","id":"M2"}]}]}},
    "data":{"paging":{"total":2,"current":2,"offset":0,"limit":5},"headers":{"rows":[[1],[0]]},
            "metricValues":{"raw":[[3,null],[12.5,"0.25"]]}}})"));
  REQUIRE(page.columns.size() == 4);
  CHECK(page.columns[0].name == "Customer@ID");
  CHECK(page.columns[1].name == "Customer@DESC");
  REQUIRE(page.rows.size() == 2);
  CHECK(text(page.rows[0][0]) == "9");
  CHECK(std::holds_alternative<std::monostate>(page.rows[0][1]));
  CHECK(number(page.rows[0][2]) == 3.0);
  CHECK(std::holds_alternative<std::monostate>(page.rows[0][3]));
  CHECK(text(page.rows[1][1]) == "Ann");
  CHECK(number(page.rows[1][3]) == 0.25);
}

TEST_CASE("Elements are page-local: the same index means what each page says", "[data][decoder]") {
  auto page_with = [](const std::string& first, const std::string& second, std::size_t offset) {
    return decode_grid(R"({"instanceId":"I","definition":{"grid":{"rows":[{"name":"City","forms":[{"name":"DESC"}],
      "elements":[{"formValues":[")" + first + R"("]},{"formValues":[")" + second + R"("]}]}],"columns":[]}},
      "data":{"paging":{"total":4,"current":2,"offset":)" + std::to_string(offset) + R"(,"limit":2},
      "headers":{"rows":[[1],[0]]},"metricValues":{"raw":[[],[]]}}})");
  };
  const auto first = page_with("Oslo", "Rome", 0);
  const auto second = page_with("Lima", "Kyiv", 2);
  CHECK(text(first.rows[0][0]) == "Rome");
  CHECK(text(first.rows[1][0]) == "Oslo");
  CHECK(text(second.rows[0][0]) == "Kyiv");
  CHECK(text(second.rows[1][0]) == "Lima");
  CHECK(second.paging.offset == 2);
}

TEST_CASE("Metrics on rows are transposed, attributes come from the column headers", "[data][decoder]") {
  const auto page = decode_grid(std::string(R"({"instanceId":"I","definition":{"grid":{
    "metricsPosition":{"axis":"rows","index":0},
    "rows":[{"name":"Metrics","type":"templateMetrics","elements":[{"name":"Revenue"},{"name":"Cost"}]}],
    "columns":[{"name":"Year","forms":[{"name":"ID"}],"elements":[{"formValues":["2024"]},{"formValues":["2025"]}]}]}},
    "data":{"paging":{"total":2,"current":2,"offset":0,"limit":10},"headers":{"columns":[[0],[1]],"rows":[[0],[1]]},
            "metricValues":{"raw":[[10,20],[1,2]]}}})"));
  REQUIRE(page.columns.size() == 3);
  CHECK(page.columns[0].name == "Year");
  CHECK(page.columns[1].name == "Revenue");
  CHECK(page.columns[2].name == "Cost");
  REQUIRE(page.rows.size() == 2);
  CHECK(text(page.rows[0][0]) == "2024");
  CHECK(number(page.rows[0][1]) == 10);
  CHECK(number(page.rows[0][2]) == 1);
  CHECK(text(page.rows[1][0]) == "2025");
  CHECK(number(page.rows[1][1]) == 20);
  CHECK(number(page.rows[1][2]) == 2);
}

TEST_CASE("A subtotal's one label is copied to every form", "[data][decoder]") {
  const auto page = decode_grid(std::string(R"({"instanceId":"I","definition":{"grid":{
    "rows":[{"name":"Category","forms":[{"name":"ID"},{"name":"DESC"}],
             "elements":[{"formValues":["1","Books"],"id":"h1;C"},{"formValues":["Total"],"id":"j1;C","subtotal":true}]}],
    "columns":[{"name":"Metrics","elements":[{"name":"Revenue"}]}]}},
    "data":{"paging":{"total":2,"current":2,"offset":0,"limit":10},"headers":{"rows":[[0],[1]]},
            "metricValues":{"raw":[[5],[5]]}}})"));
  REQUIRE(page.rows.size() == 2);
  CHECK(text(page.rows[1][0]) == "Total");
  CHECK(text(page.rows[1][1]) == "Total");
}

TEST_CASE("An empty result keeps its columns", "[data][decoder]") {
  const auto page = decode_grid(std::string(R"({"instanceId":"I","definition":{"grid":{
    "rows":[{"name":"Region","forms":[{"name":"DESC"}],"elements":[]}],
    "columns":[{"name":"Metrics","elements":[{"name":"Revenue"}]}]}},
    "data":{"paging":{"total":0,"current":0,"offset":0,"limit":10},"headers":{"rows":[]},"metricValues":{"raw":[]}}})"));
  CHECK(page.columns.size() == 2);
  CHECK(page.rows.empty());
  CHECK(page.paging.total == 0);
}

TEST_CASE("A prompted instance decodes to its status alone", "[data][decoder]") {
  const auto page = decode_grid(std::string(R"({"id":"R","instanceId":"I2","status":2})"));
  CHECK(page.status == 2);
  CHECK(page.instance_id == "I2");
  CHECK(page.columns.empty());
}

TEST_CASE("Malformed grids are refused with what is wrong", "[data][decoder]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(decode_grid(std::string("[1,2]")), Contains("not a JSON object"));
  CHECK_THROWS_WITH(decode_grid(std::string(R"({"status":1,"data":{}})")), Contains("definition"));
  // An index past the page's elements.
  CHECK_THROWS_WITH(decode_grid(std::string(R"({"definition":{"grid":{"rows":[{"name":"A","forms":[{"name":"F"}],
      "elements":[{"formValues":["x"]}]}],"columns":[]}},"data":{"headers":{"rows":[[3]]},"metricValues":{"raw":[[]]}}})")),
                    Contains("element 3"));
  // Fewer metric rows than header rows.
  CHECK_THROWS_WITH(decode_grid(std::string(R"({"definition":{"grid":{"rows":[{"name":"A","forms":[{"name":"F"}],
      "elements":[{"formValues":["x"]}]}],"columns":[{"name":"M","elements":[{"name":"m"}]}]}},
      "data":{"headers":{"rows":[[0],[0]]},"metricValues":{"raw":[[1]]}}})")),
                    Contains("metricValues.raw"));
  CHECK_THROWS_AS(decode_grid(std::string(R"({"definition":{"grid":{"rows":[{"name":"A","forms":[{"name":"F"}],
      "elements":[{"formValues":["x"]}]}],"columns":[]}},"data":{"headers":{"rows":[[-1]]}}})")),
                  mstr::Error);
  CHECK_THROWS_AS(decode_grid(std::string(R"({"definition":{"grid":{"rows":"nope"}},"data":{}})")), mstr::Error);
}
