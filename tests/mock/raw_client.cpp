#include "raw_client.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>

namespace mstr::test {

std::string RawResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string RawResponse::error_code() const {
  try {
    auto object = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    return object->optValue<std::string>("code", "");
  } catch (const std::exception&) {
    return {};
  }
}

RawClient::RawClient(const mock::MockServer& server)
    : session_(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", server.port())) {
  session_->setKeepAlive(true);
}

RawClient::RawClient(std::unique_ptr<Poco::Net::HTTPClientSession> session) : session_(std::move(session)) {
  session_->setKeepAlive(true);
}

RawResponse RawClient::send(const std::string& method, const std::string& path, const std::string& body,
                            const std::map<std::string, std::string>& headers) {
  std::string uri = path.rfind('/', 0) == 0 ? path : "/MicroStrategyLibrary/api/" + path;
  Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  if (send_auth && !token.empty()) request.set("X-MSTR-AuthToken", token);
  if (send_auth && !cookies.empty()) {
    Poco::Net::NameValueCollection jar;
    for (const auto& [name, value] : cookies) jar.add(name, value);
    request.setCookies(jar);
  }
  for (const auto& [name, value] : headers) request.set(name, value);
  if (!body.empty()) {
    if (!request.has("Content-Type")) request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  } else if (method == "POST" || method == "PUT") {
    request.setContentLength(0);
  }
  session_->sendRequest(request) << body;

  Poco::Net::HTTPResponse response;
  std::istream& in = session_->receiveResponse(response);
  RawResponse result;
  result.status = response.getStatus();
  for (const auto& [name, value] : response) {
    result.headers[name] = value;
    if (Poco::icompare(name, "Set-Cookie") == 0) result.set_cookies.push_back(value);
  }
  Poco::StreamCopier::copyToString(in, result.body);
  for (const auto& cookie : result.set_cookies) {
    auto equals = cookie.find('=');
    auto end = cookie.find(';');
    cookies[cookie.substr(0, equals)] = cookie.substr(equals + 1, end == std::string::npos ? end : end - equals - 1);
  }
  return result;
}

void RawClient::login(const std::string& body) {
  RawResponse response = send("POST", "auth/login", body);
  REQUIRE(response.status == 204);
  token = response.header("X-MSTR-AuthToken");
  REQUIRE_FALSE(token.empty());
}

void RawClient::login_standard(const std::string& user, const std::string& password) {
  login(R"({"loginMode":1,"username":")" + user + R"(","password":")" + password + R"(","applicationType":8})");
}

}  // namespace mstr::test
