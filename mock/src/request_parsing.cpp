#include "request_parsing.hpp"

#include <mstr/sdk/text.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace mstr::mock::internal {
namespace {

// Calls on_pair(name, value) with the raw, still encoded text of each '&'-separated NAME=VALUE of a
// query string or a form body (value "" when there is no '='), until it returns false; returns
// whether every call returned true.
template <typename OnPair>
bool for_each_pair(std::string_view text, OnPair&& on_pair) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('&', start), text.size());
    const std::string_view pair = text.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    const std::string_view value = equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    if (!on_pair(pair.substr(0, equals), value)) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

Poco::JSON::Object::Ptr parse_object(const std::string& body, std::optional<MockResponse>& error) {
  if (body.empty()) {
    error = error_response(400, "ERR005", "The request body is missing; send a JSON object");
    return nullptr;
  }
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(body);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    // Reported below: the parser's own text could quote the body, and the body may hold a password.
  }
  error = error_response(400, "ERR006", "The request body is not a valid JSON object");
  return nullptr;
}

Poco::JSON::Object::Ptr parse_login_body(const MockRequest& request, std::optional<MockResponse>& error) {
  if (!istarts_with(request.header("content-type"), "application/x-www-form-urlencoded")) {
    return parse_object(request.body, error);
  }
  Poco::JSON::Object::Ptr fields = new Poco::JSON::Object;
  const bool decoded = for_each_pair(request.body, [&](std::string_view raw_name, std::string_view raw_value) {
    if (raw_name.empty() && raw_value.empty()) return true;
    const auto name = form_decode(raw_name);
    const auto value = form_decode(raw_value);
    if (name && value) fields->set(*name, *value);
    return name && value;
  });
  if (!decoded) {
    error = error_response(400, "ERR006", "The request body is not a valid form: a '%' is not followed by two hex digits");
    return nullptr;
  }
  return fields;
}

std::optional<int> integer_field(const Poco::JSON::Object& object, const std::string& key) {
  const Poco::Dynamic::Var value = object.get(key);
  if (value.isInteger()) return value.convert<int>();
  if (!value.isString()) return std::nullopt;
  const std::string text = value.extract<std::string>();
  int number = 0;
  const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (problem != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return number;
}

const MockProject* require_project(ServerState& state, const MockRequest& request,
                                   std::optional<MockResponse>& error) {
  const std::string id = request.header("x-mstr-projectid");
  if (id.empty()) {
    error = error_response(400, "ERR005", "This endpoint needs the X-MSTR-ProjectID header");
    return nullptr;
  }
  const MockProject* project = state.find_project(id);
  if (project == nullptr) error = error_response(404, "ERR004", "No project with id " + id + " exists on this server");
  return project;
}

std::vector<std::string> query_values(const std::string& query, const std::string& key) {
  std::vector<std::string> values;
  for_each_pair(query, [&](std::string_view raw_name, std::string_view raw_value) {
    std::string name, value;
    try {
      Poco::URI::decode(std::string(raw_name), name);
      Poco::URI::decode(std::string(raw_value), value);
    } catch (const Poco::Exception&) {
      name.clear();
    }
    if (name == key) values.push_back(value);
    return true;
  });
  return values;
}

}  // namespace mstr::mock::internal
