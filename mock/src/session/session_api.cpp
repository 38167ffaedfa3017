#include "session/session_api.hpp"

#include "admin/admin_api.hpp"
#include "data/dataset_api.hpp"
#include "data/report_api.hpp"
#include "../request_parsing.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Timespan.h>

#include <functional>
#include <optional>
#include <sstream>

namespace mstr::mock::internal {
namespace {

// The iServer code a Library server reports with ERR003 for a wrong user name or password.
constexpr long long kLoginFailureIServerCode = -2147216959;

constexpr int kStandardMode = 1;
constexpr int kAnonymousMode = 8;
constexpr int kLdapMode = 16;
constexpr int kApiTokenMode = 4096;

const MockUser kGuest{"Guest", "", "Public User", "C82C6B1011D2894CC0009D9F29718E4F"};

std::string to_json(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

std::string initials(const std::string& full_name) {
  std::string result;
  bool word_start = true;
  for (char c : full_name) {
    if (c == ' ') {
      word_start = true;
    } else if (word_start) {
      result += c;
      word_start = false;
    }
  }
  return result;
}

std::optional<std::string> string_field(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return std::nullopt;
  Poco::Dynamic::Var value = object.get(key);
  if (!value.isString()) return std::nullopt;
  return value.extract<std::string>();
}

// Sets the session's cookies the way Tomcat and an AWS load balancer do, plus the token header.
MockResponse session_established(const SessionRecord& session, bool secure) {
  MockResponse response = no_content();
  response.headers.emplace_back("X-MSTR-AuthToken", session.token);
  response.headers.emplace_back("Set-Cookie", "JSESSIONID=" + session.jsessionid +
                                                  "; Path=/MicroStrategyLibrary" +
                                                  (secure ? "; Secure" : "") + "; HttpOnly");
  Poco::DateTime expires;
  expires += Poco::Timespan(7, 0, 0, 0, 0);
  response.headers.emplace_back(
      "Set-Cookie", "AWSALB=" + session.load_balancer_cookie + "; Expires=" +
                        Poco::DateTimeFormatter::format(expires, Poco::DateTimeFormat::HTTP_FORMAT) +
                        "; Path=/");
  return response;
}

MockResponse login_failed(const std::string& message) {
  return error_response(401, "ERR003", message, kLoginFailureIServerCode);
}

MockResponse login(ServerState& state, const MockRequest& request) {
  std::optional<MockResponse> error;
  Poco::JSON::Object::Ptr body = parse_login_body(request, error);
  if (!body) return *error;

  int mode = kStandardMode;  // a Library server treats a missing loginMode as Standard
  if (body->has("loginMode")) {
    const std::optional<int> value = integer_field(*body, "loginMode");
    if (!value) return error_response(400, "ERR006", "\"loginMode\" must be an integer");
    mode = *value;
  }
  std::optional<std::string> username = string_field(*body, "username");
  std::string password = string_field(*body, "password").value_or("");

  const MockUser* user = nullptr;
  switch (mode) {
    case kAnonymousMode:
      if (!state.options().anonymous_enabled) {
        return login_failed("Anonymous login (loginMode 8) is disabled on this server");
      }
      user = &kGuest;
      break;
    case kStandardMode:
    case kLdapMode: {
      if (!username) return error_response(400, "ERR005", "\"username\" is missing from the login request");
      user = mode == kStandardMode ? state.find_user(*username) : state.find_ldap_user(*username);
      if (user == nullptr || !state.password_matches(*user, password)) {
        return login_failed(mode == kStandardMode ? "Login failed: wrong user name or password"
                                                  : "LDAP login failed: wrong user name or password");
      }
      break;
    }
    case kApiTokenMode: {
      if (!username)
        return error_response(400, "ERR005",
                              "\"username\" (the API token) is missing from the login request");
      auto token = state.options().api_tokens.find(*username);
      if (token != state.options().api_tokens.end()) user = state.find_user(token->second);
      if (user == nullptr) return login_failed("Login failed: the API token is not valid");
      break;
    }
    default:
      return login_failed("Login mode " + std::to_string(mode) + " is disabled on this server");
  }
  return session_established(state.create_session(*user, mode), request.secure);
}

MockResponse delegate(ServerState& state, const MockRequest& request) {
  std::optional<MockResponse> error;
  Poco::JSON::Object::Ptr body = parse_login_body(request, error);
  if (!body) return *error;
  std::optional<std::string> token = string_field(*body, "identityToken");
  if (!token || token->empty()) {
    return error_response(400, "ERR005", "\"identityToken\" is missing from the delegate request");
  }
  if (body->has("loginMode")) {
    if (integer_field(*body, "loginMode") != -1) {
      return error_response(400, "ERR006", "delegated login needs \"loginMode\": -1");
    }
  }
  std::optional<MockUser> user = state.redeem_identity_token(*token);
  if (!user) return login_failed("The identity token is not valid: unknown, already used or expired");
  return session_established(state.create_session(*user, -1), request.secure);
}

std::string project_id(const MockRequest& request) { return request.header("x-mstr-projectid"); }

Poco::JSON::Object::Ptr project_json(const MockProject& project) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("id", project.id);
  json->set("name", project.name);
  json->set("description", project.description);
  json->set("status", 0);
  json->set("alias", "");
  return json;
}

Poco::JSON::Object::Ptr echo_json(const MockRequest& request, bool authenticated) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("method", request.method);
  json->set("path", request.path);
  json->set("query", request.query);
  Poco::JSON::Object::Ptr headers = new Poco::JSON::Object;
  for (const auto& [name, value] : request.headers) {
    // The echo is for checking what a client sends, but credentials stay out of response bodies.
    bool secret = name == "x-mstr-authtoken" || name == "cookie" || name == "authorization" ||
                  name == "x-mstr-identitytoken";
    headers->set(name, secret ? std::string("<redacted>") : value);
  }
  json->set("headers", headers);
  Poco::JSON::Array::Ptr cookies = new Poco::JSON::Array;
  for (const auto& cookie : request.cookies) cookies->add(cookie.first);
  json->set("cookies", cookies);
  json->set("body", request.body);
  json->set("authenticated", authenticated);
  json->set("projectId", project_id(request));
  return json;
}

using Handler = std::function<MockResponse(ServerState&, const MockRequest&, const SessionRecord&)>;

struct Route {
  std::string method;
  std::string path;  // relative to the API base; "projects/*" matches one further segment
  bool needs_session;
  Handler handler;
};

MockResponse session_problem_response(SessionProblem problem) {
  switch (problem) {
    case SessionProblem::missing_token:
      return error_response(401, "ERR009", "No X-MSTR-AuthToken header was sent; log in first");
    case SessionProblem::wrong_session_cookie:
      return error_response(401, "ERR009",
                            "The session is invalid: the JSESSIONID cookie sent does not belong to this "
                            "X-MSTR-AuthToken; send back the cookies of the login response");
    case SessionProblem::wrong_balancer_cookie:
      return error_response(401, "ERR009",
                            "The session is invalid: the load balancer cookie (AWSALB) is missing or from "
                            "another session, so the request reached a node that does not know the session");
    case SessionProblem::unknown_or_expired:
    case SessionProblem::none:
      break;
  }
  return error_response(401, "ERR009", "The user's session has expired or is invalid; please log in again");
}

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"POST", "auth/login", false,
       [](ServerState& s, const MockRequest& r, const SessionRecord&) { return login(s, r); }},
      {"POST", "auth/delegate", false,
       [](ServerState& s, const MockRequest& r, const SessionRecord&) { return delegate(s, r); }},
      {"POST", "auth/logout", true,
       [](ServerState& s, const MockRequest&, const SessionRecord& session) {
         s.end_session(session.token);
         return no_content();
       }},
      {"POST", "auth/identityToken", true,
       [](ServerState& s, const MockRequest&, const SessionRecord& session) {
         MockResponse response{201, {{"X-MSTR-IdentityToken", s.issue_identity_token(session.user)}}, "", ""};
         return response;
       }},
      {"GET", "auth/identityToken", false,
       [](ServerState& s, const MockRequest& r, const SessionRecord&) {
         std::string token = r.header("x-mstr-identitytoken");
         if (token.empty())
           return error_response(400, "ERR005", "Send the identity token in the X-MSTR-IdentityToken header");
         if (!s.identity_token_valid(token)) {
           return error_response(401, "ERR003",
                                 "The identity token is not valid: unknown, already used or expired");
         }
         return no_content();
       }},
      {"GET", "sessions", true,
       [](ServerState& s, const MockRequest&, const SessionRecord& session) {
         Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
         auto timeout_ms = s.session_timeout().count();
         json->set("locale", 1033);
         json->set("maxSearch", 3);
         json->set("workingSet", 10);
         json->set("timeout", static_cast<long long>((timeout_ms + 999) / 1000));
         json->set("id", session.user.id);
         json->set("userId", session.user.id);
         json->set("fullName", session.user.full_name);
         json->set("initials", initials(session.user.full_name));
         json->set("username", session.user.username);
         json->set("loginMode", session.login_mode);
         return json_response(200, json);
       }},
      {"PUT", "sessions", true,
       [](ServerState&, const MockRequest&, const SessionRecord&) { return no_content(); }},
      {"GET", "sessions/userInfo", true,
       [](ServerState&, const MockRequest&, const SessionRecord& session) {
         Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
         json->set("id", session.user.id);
         json->set("fullName", session.user.full_name);
         json->set("initials", initials(session.user.full_name));
         json->set("metadataUser", true);
         json->set("username", session.user.username);
         return json_response(200, json);
       }},
      {"GET", "projects", true,
       [](ServerState& s, const MockRequest&, const SessionRecord&) {
         Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
         for (const auto& project : s.options().projects) list->add(project_json(project));
         return json_response(200, list);
       }},
      {"GET", "projects/*", true,
       [](ServerState& s, const MockRequest& r, const SessionRecord&) {
         std::string id = r.api_path.substr(std::string("projects/").size());
         const MockProject* project = s.find_project(id);
         if (project == nullptr)
           return error_response(404, "ERR004", "No project with id " + id + " exists on this server");
         return json_response(200, project_json(*project));
       }},
      {"GET", "searches/results", true,
       [](ServerState& s, const MockRequest& r, const SessionRecord&) {
         std::optional<MockResponse> error;
         if (require_project(s, r, error) == nullptr) return *error;
         Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
         json->set("totalItems", 0);
         json->set("result", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
         return json_response(200, json);
       }},
      {"GET", "status", false,
       [](ServerState&, const MockRequest&, const SessionRecord&) {
         Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
         json->set("webVersion", "11.3.1200.0000");
         json->set("iServerVersion", "11.3.1200.0000");
         return json_response(200, json);
       }},
  };
  return table;
}

bool path_matches(const std::string& pattern, const std::string& path) {
  if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0) {
    std::string prefix = pattern.substr(0, pattern.size() - 1);
    return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
           path.find('/', prefix.size()) == std::string::npos;
  }
  return pattern == path;
}

// Paths served by the data handlers in data/; every one of them needs a session.
bool is_data_path(const std::string& api_path) {
  for (const char* prefix :
       {"v2/reports/", "v2/cubes/", "reports/", "cubes/", "datasets", "objects/", "folders/", "monitors/"}) {
    if (api_path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

MockResponse echo(ServerState& state, const MockRequest& request) {
  SessionRecord session;
  bool authenticated =
      request.header("x-mstr-authtoken").empty()
          ? false
          : state.use_session(request.header("x-mstr-authtoken"), request.cookie("JSESSIONID"),
                              request.cookie("AWSALB"), session) == SessionProblem::none;
  if (!project_id(request).empty() && state.find_project(project_id(request)) == nullptr) {
    return error_response(404, "ERR004",
                          "No project with id " + project_id(request) + " exists on this server");
  }
  return json_response(200, echo_json(request, authenticated));
}

}  // namespace

MockResponse json_response(int status, const Poco::Dynamic::Var& value) {
  return MockResponse{status, {}, "application/json", to_json(value)};
}

MockResponse no_content() { return MockResponse{204, {}, "", ""}; }

MockResponse error_response(int status, const std::string& code, const std::string& message,
                            long long iserver_code) {
  Poco::JSON::Object::Ptr json = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  json->set("code", code);
  json->set("message", message);
  json->set("ticketId", random_hex(32));
  if (iserver_code != 0) json->set("iServerCode", iserver_code);
  return json_response(status, json);
}

MockResponse handle_library_request(ServerState& state, const MockRequest& request) {
  if (request.api_path == "mock/echo") return echo(state, request);

  // Administration endpoints: users, groups, roles, folders and ACLs, nodes, connections, jobs.
  if (is_admin_path(request.api_path)) {
    SessionRecord session;
    SessionProblem problem = state.use_session(
        request.header("x-mstr-authtoken"), request.cookie("JSESSIONID"), request.cookie("AWSALB"), session);
    if (problem != SessionProblem::none) return session_problem_response(problem);
    if (auto response = handle_admin_request(state, request, session)) return *response;
  }

  // Data endpoints: reports, cubes, datasets and what mstrio-py looks up around them.
  if (is_data_path(request.api_path)) {
    SessionRecord session;
    SessionProblem problem = state.use_session(
        request.header("x-mstr-authtoken"), request.cookie("JSESSIONID"), request.cookie("AWSALB"), session);
    if (problem != SessionProblem::none) return session_problem_response(problem);
    if (auto response = handle_report_request(state, request, session)) return *response;
    if (auto response = handle_dataset_request(state, request, session)) return *response;
  }

  std::vector<std::string> allowed;
  for (const auto& route : routes()) {
    if (!path_matches(route.path, request.api_path)) continue;
    if (route.method != request.method) {
      allowed.push_back(route.method);
      continue;
    }
    SessionRecord session;
    if (route.needs_session) {
      SessionProblem problem =
          state.use_session(request.header("x-mstr-authtoken"), request.cookie("JSESSIONID"),
                            request.cookie("AWSALB"), session);
      if (problem != SessionProblem::none) return session_problem_response(problem);
    }
    return route.handler(state, request, session);
  }
  if (!allowed.empty()) {
    std::string allow;
    for (const auto& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
    MockResponse response =
        error_response(405, "ERR001", request.method + " is not supported on " + request.path);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  return error_response(404, "ERR004",
                        "No endpoint " + request.method + " " + request.path + " on this server");
}

}  // namespace mstr::mock::internal
