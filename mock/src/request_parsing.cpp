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
  std::string_view rest = request.body;
  while (!rest.empty()) {
    const std::string_view pair = rest.substr(0, rest.find('&'));
    rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
    if (pair.empty()) continue;
    const auto equals = pair.find('=');
    const auto name = form_decode(pair.substr(0, equals));
    const auto value = form_decode(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1));
    if (!name || !value) {
      error = error_response(400, "ERR006", "The request body is not a valid form: a '%' is not followed by two hex digits");
      return nullptr;
    }
    fields->set(*name, *value);
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
  std::size_t start = 0;
  while (start < query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    std::string name, value;
    try {
      Poco::URI::decode(pair.substr(0, equals), name);
      if (equals != std::string::npos) Poco::URI::decode(pair.substr(equals + 1), value);
    } catch (const Poco::Exception&) {
      name.clear();
    }
    if (name == key) values.push_back(value);
    start = end + 1;
  }
  return values;
}

}  // namespace mstr::mock::internal
