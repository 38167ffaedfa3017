#include "control_api.hpp"

#include "data/dataset_api.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <optional>
#include <sstream>
#include <tuple>

namespace mstr::mock::internal {
namespace {

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

MockResponse stats(ServerState& state) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("connections", state.connections());
  json->set("requests", state.requests());
  Poco::JSON::Object::Ptr by_endpoint = new Poco::JSON::Object;
  for (const auto& [endpoint, count] : state.requests_by_endpoint()) by_endpoint->set(endpoint, count);
  json->set("byEndpoint", by_endpoint);
  json->set("activeSessions", state.active_sessions());
  json->set("sessionTimeoutMs", static_cast<long long>(state.session_timeout().count()));
  return MockResponse{200, {}, "application/json", stringify(json)};
}

// Reads a non-negative integer member of `object`; throws Poco::InvalidArgumentException naming it.
int count_of(const Poco::JSON::Object& object, const std::string& key, const std::string& where) {
  if (!object.has(key)) throw Poco::InvalidArgumentException(where + " needs \"" + key + "\"");
  Poco::Dynamic::Var value = object.get(key);
  if (!value.isInteger() || value.convert<long long>() < 0 || value.convert<long long>() > 1000000000) {
    throw Poco::InvalidArgumentException(where + ": \"" + key + "\" must be a non-negative integer");
  }
  return value.convert<int>();
}

Poco::JSON::Object::Ptr object_member(const Poco::JSON::Object& root, const std::string& key) {
  Poco::JSON::Object::Ptr member = root.getObject(key);
  if (!member) throw Poco::InvalidArgumentException("\"" + key + "\" must be an object");
  return member;
}

// The request's body as a JSON object; null when it is not one.
Poco::JSON::Object::Ptr json_object_body(const MockRequest& request) {
  try {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(request.body);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) return parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  return nullptr;
}

MockResponse faults(ServerState& state, const MockRequest& request) {
  const Poco::JSON::Object::Ptr root = json_object_body(request);
  if (!root)
    return error_response(400, "ERR006", "POST /__mock/faults takes a JSON object; see mock/README.md");
  try {
    // Validate everything before changing anything, so a bad document changes nothing.
    std::optional<int> latency;
    if (root->has("latencyMs")) latency = count_of(*root, "latencyMs", "faults");
    std::optional<int> page_latency;
    if (root->has("pageLatencyMs")) page_latency = count_of(*root, "pageLatencyMs", "faults");
    std::optional<std::pair<int, int>> throttle;
    if (root->has("throttle")) {
      auto member = object_member(*root, "throttle");
      throttle = {count_of(*member, "count", "throttle"), count_of(*member, "retryAfter", "throttle")};
    }
    std::optional<int> drop;
    if (root->has("drop")) drop = count_of(*object_member(*root, "drop"), "count", "drop");
    std::optional<std::tuple<int, int, std::string>> fail;
    if (root->has("fail")) {
      auto member = object_member(*root, "fail");
      int status = count_of(*member, "status", "fail");
      if (status < 100 || status > 599)
        throw Poco::InvalidArgumentException("fail: \"status\" must be 100..599");
      std::string body;
      if (member->has("body")) body = stringify(member->get("body"));
      fail = {count_of(*member, "count", "fail"), status, body};
    }
    std::optional<int> timeout;
    if (root->has("sessionTimeoutMs")) timeout = count_of(*root, "sessionTimeoutMs", "faults");
    bool expire = root->has("expireSessions") && root->get("expireSessions").isBoolean() &&
                  root->get("expireSessions").extract<bool>();

    if (latency) state.set_latency(std::chrono::milliseconds(*latency));
    if (page_latency) state.set_page_latency(std::chrono::milliseconds(*page_latency));
    if (throttle) state.throttle_next(throttle->first, throttle->second);
    if (drop) state.drop_next(*drop);
    if (fail) state.fail_next(std::get<0>(*fail), std::get<1>(*fail), std::get<2>(*fail));
    if (timeout) state.set_session_timeout(std::chrono::milliseconds(*timeout));
    if (expire) state.expire_all_sessions();
  } catch (const Poco::Exception& error) {
    return error_response(400, "ERR006", error.message());
  }
  return MockResponse{204, {}, "", ""};
}

MockResponse change_password(ServerState& state, const MockRequest& request) {
  const Poco::JSON::Object::Ptr root = json_object_body(request);
  const auto text = [&](const char* key) -> std::optional<std::string> {
    if (!root || !root->has(key) || !root->get(key).isString()) return std::nullopt;
    return root->get(key).extract<std::string>();
  };
  const auto username = text("username");
  const auto password = text("password");
  if (!username || !password) {
    return error_response(400, "ERR006",
                          "POST /__mock/users/password takes {\"username\": \"...\", \"password\": \"...\"}");
  }
  if (!state.set_password(*username, *password)) {
    return error_response(404, "ERR004", "No standard user '" + *username + "' on this mock");
  }
  return MockResponse{204, {}, "", ""};
}

}  // namespace

MockResponse handle_control_request(ServerState& state, const MockRequest& request) {
  if (request.path == "/__mock/stats" && request.method == "GET") return stats(state);
  if (request.path == "/__mock/faults" && request.method == "POST") return faults(state, request);
  if (request.path == "/__mock/reset" && request.method == "POST") {
    state.reset_counters();
    state.clear_faults();
    {
      auto lock = state.datasets().lock();
      state.datasets().settings = DatasetSettings{};
    }
    return MockResponse{204, {}, "", ""};
  }
  if (request.path == "/__mock/users/password" && request.method == "POST")
    return change_password(state, request);
  if (request.path == "/__mock/datasets" || request.path.rfind("/__mock/datasets/", 0) == 0) {
    return handle_dataset_control(state, request);
  }
  return error_response(
      404, "ERR004",
      "No admin endpoint " + request.method + " " + request.path +
          "; there are GET /__mock/stats, POST /__mock/faults, POST /__mock/reset, POST /__mock/datasets, "
          "GET /__mock/datasets/{id} and POST /__mock/users/password");
}

}  // namespace mstr::mock::internal
