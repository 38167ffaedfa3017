// CSV (RFC 4180) and JSON rows from pages: quoting, commas, line breaks, non-ASCII, nulls, numbers.
#include <mstr/data_writers.hpp>

#include <catch2/catch.hpp>

#include <charconv>
#include <sstream>
#include <system_error>
#include <cstdint>
#include <iterator>
#include <vector>

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

TEST_CASE("CSV numbers match the shortest round-trip form over many values", "[data][csv]") {
  // Short decimals take a fast path; whatever path a value takes, its text must be std::to_chars'.
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  auto next = [&state] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return state >> 11;
  };
  const double scales[] = {1.0, 10.0, 100.0, 1000.0, 10000.0, 3.0, 7.0};
  std::vector<double> values = {0.001, 0.0001, 0.005, -0.001, 0.1 + 0.2, 1e12 - 0.5, 999999999999.999, 0.3,
                                2.675, 1.005, 4.35, 0.07, 8.125, 1e-7, 5e-324, 1.7976931348623157e308};
  for (int i = 0; i < 20000; ++i) {
    const double scale = scales[next() % std::size(scales)];
    const auto whole = static_cast<double>(next() % 100000000) - 50000000.0;
    values.push_back(whole / scale);
    values.push_back(static_cast<double>(next()) / 9007199254740992.0 * static_cast<double>(next() % 1000000));
  }
  for (const double value : values) {
    char expected[64];
    const auto [end, error] = std::to_chars(expected, expected + sizeof expected, value);
    REQUIRE(error == std::errc{});
    const std::string want(expected, end);
    const std::string got = mstr::cell_text(value);
    if (got != want) FAIL_CHECK(want << " written as " << got);
  }
}
