#include "request_parsing.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

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
