// CSV (RFC 4180) and JSON rows from pages: quoting, commas, line breaks, non-ASCII, nulls, numbers.
#include <mstr/data_writers.hpp>

#include <catch2/catch.hpp>

#include <charconv>
#include <sstream>
#include <system_error>

using mstr::Column;
using mstr::ColumnKind;
using mstr::Row;

namespace {

const std::vector<Column> kColumns = {{"City", ColumnKind::attribute, "A"},
                                      {"Note, \"quoted\"", ColumnKind::attribute, "B"},
                                      {"Revenue", ColumnKind::metric, "M"}};

std::vector<Row> rows() {
  return {
      {std::string("M\u00fcnchen"), std::string("a,b"), 1.5},
      {std::string("Say \"hi\""), std::string("two\r\nlines"), std::monostate{}},
      {std::string(""), std::monostate{}, 1e21},
      {std::string("plain"), std::string("x"), 420000.0},
  };
}

}  // namespace

TEST_CASE("CSV quotes what needs quoting and passes UTF-8 through", "[data][csv]") {
  std::ostringstream out;
  mstr::CsvWriter csv(out);
  const auto data = rows();
  csv.write(kColumns, std::vector<Row>(data.begin(), data.begin() + 2));
  csv.write(kColumns, std::vector<Row>(data.begin() + 2, data.end()));
  CHECK(out.str() ==
        "City,\"Note, \"\"quoted\"\"\",Revenue\r\n"
        "M\u00fcnchen,\"a,b\",1.5\r\n"
        "\"Say \"\"hi\"\"\",\"two\r\nlines\",\r\n"
        ",,1e+21\r\n"
        "plain,x,420000\r\n");
}

TEST_CASE("CSV of an empty result is its header row", "[data][csv]") {
  std::ostringstream out;
  mstr::CsvWriter csv(out);
  csv.write(kColumns, {});
  CHECK(out.str() == "City,\"Note, \"\"quoted\"\"\",Revenue\r\n");
}

TEST_CASE("JSON rows are objects keyed by column, numbers as numbers", "[data][json]") {
  std::ostringstream out;
  mstr::JsonRowWriter json(out);
  const auto data = rows();
  json.write(kColumns, std::vector<Row>(data.begin(), data.begin() + 2));
  json.finish();
  CHECK(out.str() ==
        "[\n{\"City\":\"M\u00fcnchen\",\"Note, \\\"quoted\\\"\":\"a,b\",\"Revenue\":1.5},\n"
        "{\"City\":\"Say \\\"hi\\\"\",\"Note, \\\"quoted\\\"\":\"two\\r\\nlines\",\"Revenue\":null}\n]\n");
}

TEST_CASE("JSON of an empty result is an empty array", "[data][json]") {
  std::ostringstream out;
  mstr::JsonRowWriter json(out);
  json.write(kColumns, {});
  json.finish();
  CHECK(out.str() == "[]\n");
}

TEST_CASE("cell_text writes numbers in their shortest exact form", "[data]") {
  CHECK(mstr::cell_text(0.1) == "0.1");
  CHECK(mstr::cell_text(302000.25) == "302000.25");
  CHECK(mstr::cell_text(std::monostate{}).empty());
  CHECK(mstr::cell_text(std::string("x")) == "x");
}

TEST_CASE("CSV writes whole numbers exactly as the shortest form does", "[data][csv]") {
  // The integer path and the general one must agree, scientific forms and the sign of zero included.
  const double values[] = {0.0,     -0.0,  7.0,    -7.0,  120.0,  99999.0, 10000.0, 100000.0, -100000.0,
                           1000000.0, 123456789012345.0, 999999999999999.0, 1e15, 1e16, 4.5, 1e21};
  for (const double value : values) {
    char expected[64];
    const auto [end, error] = std::to_chars(expected, expected + sizeof expected, value);
    REQUIRE(error == std::errc{});
    INFO(std::string(expected, end));
    std::ostringstream out;
    mstr::CsvWriter(out).write({{"M", mstr::ColumnKind::metric, "m"}}, {{value}});
    CHECK(out.str() == "M\r\n" + std::string(expected, end) + "\r\n");
  }
  CHECK(mstr::cell_text(-0.0) == "-0");
  CHECK(mstr::cell_text(1000000.0) == "1e+06");
  CHECK(mstr::cell_text(100001.0) == "100001");
}
