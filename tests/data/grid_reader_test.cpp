// The instance page reader: strict JSON (grammar, escapes, surrogate pairs, UTF-8, numbers,
// nesting) and what it puts in the flat vectors and fields of a page.
#include "read/grid_decoder.hpp"
#include "read/grid_reader.hpp"

#include <mstr/sdk/errors.hpp>

#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>
#include <string>

using mstr::internal::Presence;
using mstr::internal::read_grid;

namespace {

// A reply whose data.metricValues.raw is one row holding `values`.
std::string raw_row(const std::string& values) {
  return R"({"definition":{},"data":{"metricValues":{"raw":[[)" + values + "]]}}}";
}

std::string header_row(const std::string& indexes) {
  return R"({"definition":{},"data":{"headers":{"rows":[[)" + indexes + "]]}}}";
}

std::vector<std::vector<std::int64_t>> rows_of(const mstr::internal::FlatRows<std::int64_t>& flat) {
  std::vector<std::vector<std::int64_t>> rows;
  for (std::size_t r = 0; r < flat.size(); ++r) rows.emplace_back(flat[r].begin(), flat[r].end());
  return rows;
}

const mstr::Cell& only_cell(const mstr::internal::ParsedGrid& grid) {
  REQUIRE(grid.raw.size() == 1);
  REQUIRE(grid.raw[0].size() == 1);
  return grid.raw[0][0];
}

double only_number(const std::string& value) {
  const auto grid = read_grid(raw_row(value));
  const auto* number = std::get_if<double>(&only_cell(grid));
  REQUIRE(number != nullptr);
  return *number;
}

std::string only_text(const std::string& value) {
  const auto grid = read_grid(raw_row(value));
  const auto* text = std::get_if<std::string>(&only_cell(grid));
  REQUIRE(text != nullptr);
  return *text;
}

}  // namespace

TEST_CASE("The reader puts the bulk of a page in flat vectors and the rest in plain fields", "[data][reader]") {
  const auto grid = read_grid(R"( {"instanceId":"I\u0031","status":1,"definition":{"grid":{"rows":[]}},
    "data":{"paging":{"total":7,"current":2,"offset":5,"limit":2,"other":{"x":[1]}},
            "headers":{"rows":[[0,1],[1,0]],"columns":[[2]]},
            "metricValues":{"raw":[[1.5,null],["2",""]],"formatted":[["x"]]}}} )");
  CHECK(grid.instance_id == "I1");
  CHECK(grid.status == 1);
  CHECK(grid.definition == Presence::present);
  CHECK(grid.grid == Presence::present);
  CHECK(grid.rows.presence == Presence::present);
  CHECK(grid.rows.units.empty());
  CHECK(grid.columns.presence == Presence::missing);
  CHECK(grid.has_data);
  CHECK(grid.total == 7);
  CHECK(grid.current == 2);
  CHECK(grid.offset == 5);
  CHECK(grid.limit == 2);
  CHECK(rows_of(grid.header_rows) == std::vector<std::vector<std::int64_t>>{{0, 1}, {1, 0}});
  CHECK(rows_of(grid.header_columns) == std::vector<std::vector<std::int64_t>>{{2}});
  REQUIRE(grid.raw.size() == 2);
  CHECK(std::get<double>(grid.raw[0][0]) == 1.5);
  CHECK(std::holds_alternative<std::monostate>(grid.raw[0][1]));
  CHECK(std::get<double>(grid.raw[1][0]) == 2.0);
  CHECK(std::holds_alternative<std::monostate>(grid.raw[1][1]));
  CHECK(grid.problem.empty());
}

TEST_CASE("The reader decodes every escape, surrogate pairs included, and keeps UTF-8", "[data][reader]") {
  CHECK(only_text(R"("a\"b\\c\/d\be\ff\ng\rh\ti")") == "a\"b\\c/d\be\ff\ng\rh\ti");
  CHECK(only_text(R"("\u0041\u00e9\u20AC")") == "A\xC3\xA9\xE2\x82\xAC");
  CHECK(only_text(R"("\ud83d\ude00!")") == "\xF0\x9F\x98\x80!");
  CHECK(only_text("\"Z\xC3\xBCrich \xE2\x82\xAC\"") == "Z\xC3\xBCrich \xE2\x82\xAC");
  CHECK(only_text(R"("x\u0000y")") == std::string("x\0y", 3));
}

TEST_CASE("The reader reads numbers per RFC 8259", "[data][reader]") {
  const double negative_zero = only_number("-0");
  CHECK(negative_zero == 0.0);
  CHECK(std::signbit(negative_zero));
  CHECK(only_number("1e308") == 1e308);
  CHECK(only_number("-2.5E-3") == -2.5e-3);
  CHECK(only_number("12345678901234567890123") == 12345678901234567890123.0);
  CHECK(only_number("1e-400") == 0.0);  // below the smallest double: reads as zero
  // Beyond a double: refused rather than written as infinity.
  CHECK_THROWS_AS(read_grid(raw_row("1e400")), mstr::Error);
  CHECK_THROWS_WITH(read_grid(raw_row("-1e400")), Catch::Matchers::Contains("too large"));
  // A string holding a number is a number, as mstrio-py reads it; true and false are 1 and 0.
  CHECK(only_number(R"("3.25")") == 3.25);
  CHECK(only_number("true") == 1.0);
  CHECK(only_number("false") == 0.0);

  // Header indexes: non-negative integers; anything else is -1 (the decoder refuses it).
  CHECK(rows_of(read_grid(header_row("0,-0,3.0,9007199254740993")).header_rows)[0] ==
        std::vector<std::int64_t>{0, 0, 3, 9007199254740993});
  CHECK(rows_of(read_grid(header_row("-1,1.5,99999999999999999999,\"1\",true")).header_rows)[0] ==
        std::vector<std::int64_t>{-1, -1, -1, -1, -1});
  CHECK(read_grid(header_row("null")).problem == "a header index is not a number");
}

TEST_CASE("The reader refuses malformed JSON with the grid error", "[data][reader]") {
  const char* const bad[] = {
      "", " ", "[]", "1", "\"x\"", "null", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1}x", "{\"a\":1}{}",
      "{a:1}", "{'a':1}", "{\"a\":[1,]}", "{\"a\":[1 2]}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}",
      // numbers
      "{\"a\":01}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":0x1}",
      "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-01}",
      // strings
      "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}",
      "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ud83dx\"}", "{\"a\":\"\\ude00\"}", "{\"a\":\"\\ud83d\\u0041\"}",
      "{\"a\":\"\xC3\"}", "{\"a\":\"\xC0\xAF\"}", "{\"a\":\"\xED\xA0\x80\"}", "{\"a\":\"\xF5\x80\x80\x80\"}",
      "{\"a\":\"\xFF\"}",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(read_grid(text), mstr::Error);
  }
  // The same in the bulk arrays, and in members the grid does not use.
  CHECK_THROWS_AS(read_grid(raw_row("1,")), mstr::Error);
  CHECK_THROWS_AS(read_grid(raw_row("\"\\q\"")), mstr::Error);
  CHECK_THROWS_AS(read_grid(header_row("00")), mstr::Error);
  CHECK_THROWS_AS(read_grid(R"({"definition":{"x":[{"y":"\q"}]},"data":{}})"), mstr::Error);
  CHECK_THROWS_AS(read_grid(R"({"unused":[1,{"a":01}],"data":{}})"), mstr::Error);
  CHECK_THROWS_AS(read_grid(R"({"unused":[nul],"data":{}})"), mstr::Error);
  CHECK_THROWS_WITH(read_grid("[1]"), Catch::Matchers::Contains("not a JSON object"));
  CHECK_THROWS_WITH(read_grid("{\"a\":1.}"), Catch::Matchers::Contains("not valid JSON"));
}

TEST_CASE("The reader bounds nesting depth", "[data][reader]") {
  auto nested = [](int depth) {
    return "{\"definition\":{},\"data\":{\"x\":" + std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "}}";
  };
  CHECK_NOTHROW(read_grid(nested(100)));
  CHECK_THROWS_WITH(read_grid(nested(100000)), Catch::Matchers::Contains("nested deeper"));
  CHECK_THROWS_AS(read_grid("{\"x\":" + std::string(5000, '[')), mstr::Error);
}

TEST_CASE("The reader reports misplaced containers as the decoder's problems", "[data][reader]") {
  CHECK(read_grid(R"({"data":[]})").problem == "data is not an object");
  CHECK(read_grid(R"({"data":{"headers":{"rows":[{}]}}})").problem == "a header row is not an array");
  CHECK(read_grid(R"({"data":{"headers":{"rows":[[[0]]]}}})").problem == "a header index is not a number");
  CHECK(read_grid(R"({"data":{"metricValues":{"raw":[{}]}}})").problem ==
        "a row of data.metricValues.raw is not an array");
  CHECK(read_grid(raw_row("[1]")).problem == "a metric value is neither a number, a string nor null");
  // A member of the wrong kind is absent, as before.
  const auto grid = read_grid(R"({"data":{"paging":[1],"headers":{"rows":{}},"metricValues":{"raw":"x"}}})");
  CHECK(grid.problem.empty());
  CHECK_FALSE(grid.has_header_rows);
  CHECK_FALSE(grid.has_raw);
  CHECK_FALSE(grid.total);
}

TEST_CASE("A page with escapes everywhere decodes to the same text the server meant", "[data][reader]") {
  const auto page = mstr::internal::decode_grid(
      R"({"status":1,"definition":{"grid":{"rows":[{"name":"Caf\u00e9","forms":[{"name":"DESC"}],
      "elements":[{"formValues":["a\"b,\n\ud83d\ude00"]}]}],"columns":[{"name":"Metrics","elements":[{"name":"M\/1"}]}]}},
      "data":{"headers":{"rows":[[0]]},"metricValues":{"raw":[["\u0031\u002e5"]]}}})");
  REQUIRE(page.columns.size() == 2);
  CHECK(page.columns[0].name == "Caf\xC3\xA9");
  CHECK(page.columns[1].name == "M/1");
  REQUIRE(page.rows.size() == 1);
  CHECK(std::get<std::string>(page.rows[0][0]) == "a\"b,\n\xF0\x9F\x98\x80");
  CHECK(std::get<double>(page.rows[0][1]) == 1.5);
}

TEST_CASE("The reader's numbers are exactly what std::from_chars reads", "[data][reader]") {
  // Short numbers take a fast path; every path must give the correctly rounded double.
  std::uint64_t state = 0x2545F4914F6CDD1Du;
  auto next = [&state] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return state >> 17;
  };
  std::string values;
  std::vector<std::string> texts = {"0",       "-0",    "0.0",   "1e22", "1e23",  "123456789012345",
                                    "1234567890123456", "0.1",   "2.675", "9007199254740993", "1e-22",
                                    "4.9e-324", "1.7976931348623157e308", "0.30000000000000004", "-12.5E+2"};
  for (int i = 0; i < 3000; ++i) {
    std::string text = (next() % 2) ? "-" : "";
    text += std::to_string(next() % 100000000000ull);
    if (next() % 2) text += "." + std::to_string(next() % 10000000);
    if (next() % 3 == 0) text += "e" + std::to_string(static_cast<int>(next() % 60) - 30);
    texts.push_back(text);
  }
  for (const std::string& text : texts) {
    if (!values.empty()) values += ',';
    values += text;
  }
  const auto grid = read_grid(raw_row(values));
  REQUIRE(grid.raw.size() == 1);
  REQUIRE(grid.raw[0].size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    double expected = 0;
    std::from_chars(texts[i].data(), texts[i].data() + texts[i].size(), expected);
    const double got = std::get<double>(grid.raw[0][i]);
    if (got != expected || std::signbit(got) != std::signbit(expected)) FAIL_CHECK(texts[i] << " read as " << got);
  }
  CHECK(rows_of(read_grid(header_row("9223372036854775807,9223372036854775808,123456789012345678")).header_rows)[0] ==
        std::vector<std::int64_t>{9223372036854775807, -1, 123456789012345678});
}

namespace {

// A page with a two-form attribute on rows (an escape, a null, a subtotal) and metrics on columns.
const std::string kElementsPage = R"({"instanceId":"I","status":1,"definition":{"grid":{
 "metricsPosition":{"axis":"columns"},
 "rows":[{"name":"City","id":"C","forms":[{"name":"ID"},{"name":"DESC"}],
   "elements":[{"formValues":["1","Caf\u00e9 \"Nord\""],"id":"h1;C"},{"formValues":["2",null],"id":"h2;C"},
               {"formValues":["Total"],"id":"j1;C","subtotal":true}]}],
 "columns":[{"name":"Metrics","id":"M","elements":[{"name":"Sales","id":"S1"},{"name":7,"id":"S2"}]}]}},
 "data":{"paging":{"total":3},"headers":{"rows":[[2],[1],[0]]},"metricValues":{"raw":[[1,2],[3,4],[5,6]]}}})";

}  // namespace

TEST_CASE("The reader reads the units, their forms and their elements", "[data][reader]") {
  const auto grid = read_grid(kElementsPage);
  REQUIRE(grid.rows.units.size() == 1);
  const auto& city = grid.rows.units[0];
  CHECK(city.is_object);
  CHECK(city.name == "City");
  CHECK(city.id == "C");
  CHECK(city.form_names == std::vector<std::string>{"ID", "DESC"});
  CHECK(city.elements == Presence::present);
  REQUIRE(city.form_values.size() == 3);
  REQUIRE(city.form_values[0].size() == 2);
  CHECK(city.form_values[0][1].text == "Caf\xC3\xA9 \"Nord\"");
  CHECK(city.form_values[1][1].null);
  CHECK(city.form_values[2].size() == 1);
  CHECK(city.element_ids[1] == "h2;C");
  CHECK(grid.metrics_position == Presence::present);
  CHECK(grid.metrics_axis == "columns");
  REQUIRE(grid.columns.units.size() == 1);
  CHECK(grid.columns.units[0].element_names == std::vector<std::string>{"Sales", ""});
  CHECK(grid.columns.units[0].element_ids == std::vector<std::string>{"S1", "S2"});

  const auto page = mstr::internal::decode_grid(kElementsPage);
  REQUIRE(page.rows.size() == 3);
  CHECK(std::get<std::string>(page.rows[0][0]) == "Total");
  CHECK(std::get<std::string>(page.rows[0][1]) == "Total");
  CHECK(std::holds_alternative<std::monostate>(page.rows[1][1]));
  CHECK(std::get<std::string>(page.rows[2][1]) == "Caf\xC3\xA9 \"Nord\"");
  CHECK(page.columns[3].name.empty());
}

TEST_CASE("A member sent twice counts as its last value", "[data][reader]") {
  const auto page = mstr::internal::decode_grid(
      R"({"definition":{"grid":{"rows":[]}},"definition":{"grid":{"rows":[{"name":"R","forms":[{"name":"F"}],
        "elements":[{"formValues":["gone"]}],"elements":[{},{"formValues":["old"],"formValues":null},{"formValues":["x"],"id":1,"id":"i"}]}],
        "columns":[{"elements":[{"name":"m","name":"M"}]}]}},
        "data":{"headers":{"rows":[[9]]},"metricValues":{"raw":[[7]]}},
        "data":{"headers":{"rows":[[0],[1],[2]]},"metricValues":{"raw":[[1],[2],[3]]}}})");
  REQUIRE(page.columns.size() == 2);
  CHECK(page.columns[0].name == "R");
  CHECK(page.columns[1].name == "M");
  REQUIRE(page.rows.size() == 3);
  CHECK(std::holds_alternative<std::monostate>(page.rows[0][0]));
  CHECK(std::holds_alternative<std::monostate>(page.rows[1][0]));
  CHECK(std::get<std::string>(page.rows[2][0]) == "x");
  CHECK(std::get<double>(page.rows[2][1]) == 3.0);
  const auto grid = read_grid(R"({"definition":{"grid":{"rows":[{"elements":[{"id":1,"id":"i","name":"n","name":null}]}]}}})");
  CHECK(grid.rows.units[0].element_ids == std::vector<std::string>{"i"});
  CHECK(grid.rows.units[0].element_names == std::vector<std::string>{""});
}

TEST_CASE("Form values that are not text", "[data][reader]") {
  // A number keeps the text the server wrote, true and false read as words; an element that is not
  // an object has no values (its cells are null).
  const auto page = mstr::internal::decode_grid(R"({"definition":{"grid":{"rows":[{"name":"N","forms":[{"name":"F"},{"name":"G"}],
      "elements":[{"formValues":[42,1.50]},"odd",{"formValues":[true,false]}]}],"columns":[]}},
      "data":{"headers":{"rows":[[0],[1],[2]]}}})");
  REQUIRE(page.rows.size() == 3);
  CHECK(std::get<std::string>(page.rows[0][0]) == "42");
  CHECK(std::get<std::string>(page.rows[0][1]) == "1.50");
  CHECK(std::holds_alternative<std::monostate>(page.rows[1][0]));
  CHECK(std::get<std::string>(page.rows[2][0]) == "true");
  CHECK(std::get<std::string>(page.rows[2][1]) == "false");
  // Values that cannot be a cell are refused, for an attribute; the metrics' elements are not cells.
  CHECK_THROWS_WITH(mstr::internal::decode_grid(R"({"definition":{"grid":{"rows":[{"name":"N","forms":[{"name":"F"}],
      "elements":[{"formValues":{"a":1}}]}],"columns":[]}},"data":{"headers":{"rows":[[0]]}}})"),
                    Catch::Matchers::Contains("formValues is not an array"));
  CHECK_THROWS_WITH(mstr::internal::decode_grid(R"({"definition":{"grid":{"rows":[{"name":"N","forms":[{"name":"F"}],
      "elements":[{"formValues":[["x"]]}]}],"columns":[]}},"data":{"headers":{"rows":[[0]]}}})"),
                    Catch::Matchers::Contains("a form value is neither text nor a number"));
  CHECK_NOTHROW(mstr::internal::decode_grid(R"({"definition":{"grid":{"rows":[],
      "columns":[{"elements":[{"name":"M","formValues":{"a":1}}]}]}},"data":{"metricValues":{"raw":[[1]]}}})"));
}

TEST_CASE("A page read in place holds the cells its Rows are built from", "[data][reader][decoder]") {
  const std::string pages[] = {
      kElementsPage,
      R"({"definition":{"grid":{"metricsPosition":{"axis":"rows"},"rows":[{"name":"Metrics","elements":[{"name":"A"},{"name":"B"}]}],
        "columns":[{"name":"Year","forms":[{"name":"ID"}],"elements":[{"formValues":["2024"]},{"formValues":[null]}]}]}},
        "data":{"headers":{"columns":[[0],[1],[0]]},"metricValues":{"raw":[[10,"n/a",null],[1.5,2,3]]}}})",
  };
  for (const auto& json : pages) {
    INFO(json);
    auto page = mstr::internal::decode_page(json);
    const auto rows = mstr::internal::decode_grid(json).rows;
    REQUIRE(page.row_count() == rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      REQUIRE(rows[r].size() == page.columns.size());
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const mstr::CellView cell = page.cell(r, c);
        if (const auto* text = std::get_if<std::string>(&rows[r][c])) {
          REQUIRE(std::holds_alternative<std::string_view>(cell));
          CHECK(std::get<std::string_view>(cell) == *text);
        } else if (const auto* number = std::get_if<double>(&rows[r][c])) {
          REQUIRE(std::holds_alternative<double>(cell));
          CHECK(std::get<double>(cell) == *number);
        } else {
          CHECK(std::holds_alternative<std::monostate>(cell));
        }
      }
    }
    // Views into the page stay valid when the page moves (pages travel between threads).
    const auto first = page.cell(0, 0);
    const auto moved = std::move(page);
    CHECK(moved.cell(0, 0) == first);
    auto truncated = mstr::internal::decode_page(json);
    truncated.truncate(1);
    CHECK(truncated.row_count() == 1);
    CHECK(truncated.take_rows().size() == 1);
  }
}
