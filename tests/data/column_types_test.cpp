// Column type inference from CSV values, the JSON a cell becomes, and publish status values.

#include <mstr/dataset.hpp>

#include "push/column_values.hpp"
#include "push/publish_status.hpp"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

using mstr::ColumnType;

namespace {

ColumnType infer(std::vector<std::string> values) {
  mstr::internal::ColumnTypeInference inference(1);
  for (auto& value : values) inference.observe({value});
  return inference.columns({"c"})[0].type;
}

std::string json_of(const std::string& cell, ColumnType type) {
  std::string out;
  if (!mstr::internal::append_json_value(out, cell, type)) return "<refused>";
  return out;
}

mstr::internal::PublishState state_of(const std::string& body) {
  return mstr::internal::read_publish_status(Poco::JSON::Parser().parse(body)).state;
}

}  // namespace

TEST_CASE("numeric columns are INTEGER or DOUBLE", "[types]") {
  CHECK(infer({"1", "-2", "+3", "0", ""}) == ColumnType::integer);
  CHECK(infer({"1", "2.5"}) == ColumnType::double_number);
  CHECK(infer({"1e3", ".5", "-0.25", "7."}) == ColumnType::double_number);
  CHECK(infer({"9223372036854775807"}) == ColumnType::integer);
  CHECK(infer({"9223372036854775808"}) == ColumnType::double_number);  // beyond 64 bits
  // Leading zeros are codes (ZIP, SKU), not numbers.
  CHECK(infer({"02134", "10001"}) == ColumnType::string);
  CHECK(infer({"1e999"}) == ColumnType::string);
  CHECK(infer({"1,000"}) == ColumnType::string);
  CHECK(infer({" 1"}) == ColumnType::string);
  CHECK(infer({"nan", "inf"}) == ColumnType::string);
}

TEST_CASE("BOOL, DATE and DATETIME columns, mixtures and empty columns are STRING", "[types]") {
  CHECK(infer({"true", "FALSE", "True"}) == ColumnType::boolean);
  CHECK(infer({"2024-02-29", "1999-12-31"}) == ColumnType::date);
  CHECK(infer({"2023-02-29"}) == ColumnType::string);  // not a leap year
  CHECK(infer({"2024-13-01"}) == ColumnType::string);
  CHECK(infer({"2024-01-05T10:30:00", "2024-01-05 10:30", "2024-01-05T10:30:00.125Z",
               "2024-01-05T10:30:00+02:00"}) == ColumnType::datetime);
  CHECK(infer({"2024-01-05T24:00:00"}) == ColumnType::string);
  CHECK(infer({"2024-01-05", "2024-01-05T10:30:00"}) == ColumnType::string);
  CHECK(infer({"1", "true"}) == ColumnType::string);
  CHECK(infer({"", ""}) == ColumnType::string);
  CHECK(infer({}) == ColumnType::string);
  CHECK(mstr::is_metric(ColumnType::integer));
  CHECK(mstr::is_metric(ColumnType::double_number));
  CHECK_FALSE(mstr::is_metric(ColumnType::boolean));
}

TEST_CASE("cells become JSON values of their column's type", "[types]") {
  CHECK(json_of("", ColumnType::integer) == "null");
  CHECK(json_of("+42", ColumnType::integer) == "42");
  CHECK(json_of("4.2", ColumnType::integer) == "<refused>");
  CHECK(json_of(".5", ColumnType::double_number) == "0.5");
  CHECK(json_of("-7.", ColumnType::double_number) == "-7");
  CHECK(json_of("+1E3", ColumnType::double_number) == "1e3");
  CHECK(json_of("12", ColumnType::double_number) == "12");
  CHECK(json_of("TRUE", ColumnType::boolean) == "true");
  CHECK(json_of("yes", ColumnType::boolean) == "<refused>");
  CHECK(json_of("2024-01-05", ColumnType::date) == "\"2024-01-05\"");
  CHECK(json_of("05/01/2024", ColumnType::date) == "<refused>");
  CHECK(json_of("say \"hi\"\n\\", ColumnType::string) == "\"say \\\"hi\\\"\\n\\\\\"");
  CHECK(json_of("M\xC3\xBCnchen", ColumnType::string) == "\"M\xC3\xBCnchen\"");
}

TEST_CASE("a publish status is read the same as a number or a string", "[types]") {
  using mstr::internal::PublishState;
  CHECK(state_of(R"({"status":1})") == PublishState::done);
  CHECK(state_of(R"({"status":"1"})") == PublishState::done);
  CHECK(state_of(R"({"status":6})") == PublishState::running);
  CHECK(state_of(R"({"status":"6"})") == PublishState::running);
  CHECK(state_of(R"({"status":"running"})") == PublishState::running);
  CHECK(state_of(R"({})") == PublishState::running);
  CHECK(state_of(R"({"status":-1})") == PublishState::failed);
  CHECK(state_of(R"({"status":"-3"})") == PublishState::failed);
  CHECK(state_of(R"({"status":"Failed"})") == PublishState::failed);
  CHECK(state_of(R"([1])") == PublishState::running);
}

TEST_CASE("update policies parse in any case and nothing else", "[types]") {
  CHECK(mstr::parse_update_policy("UPSERT") == mstr::UpdatePolicy::upsert);
  CHECK(mstr::to_string(mstr::UpdatePolicy::add) == "add");
  CHECK_THROWS_AS(mstr::parse_update_policy("merge"), mstr::ConfigurationError);
}
