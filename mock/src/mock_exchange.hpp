#pragma once
// A request as the endpoint code sees it and the response it produces, independent of POCO's
// server classes so that the endpoints read as plain functions.

#include <Poco/Dynamic/Var.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mstr::mock::internal {

struct MockRequest {
  std::string method;
  std::string path;      // full path, no query
  std::string api_path;  // path relative to /MicroStrategyLibrary/api/, no trailing slash
  std::string query;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::map<std::string, std::string> cookies;
  std::string body;
  bool secure = false;  // arrived over HTTPS

  std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string cookie(const std::string& name) const {
    auto it = cookies.find(name);
    return it == cookies.end() ? std::string() : it->second;
  }
};

struct MockResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // repeated names allowed (Set-Cookie)
  std::string content_type;
  std::string body;
};

// A JSON body (serialised as given) with Content-Type application/json.
MockResponse json_response(int status, const Poco::Dynamic::Var& value);
// 204 No Content.
MockResponse no_content();

// A MicroStrategy-shaped error: {"code","message","ticketId"[,"iServerCode"]}.
MockResponse error_response(int status, const std::string& code, const std::string& message,
                            long long iserver_code = 0);

}  // namespace mstr::mock::internal
