#pragma once
// A deliberately plain HTTP client for testing the mock server: one POCO keep-alive connection,
// cookies kept by hand, no SDK code involved.

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPResponse.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "mstr/mock/mock_server.hpp"

namespace mstr::test {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // last value of each header
  std::vector<std::string> set_cookies;
  std::string body;

  std::string header(const std::string& name) const;
  // The "code" member of a JSON error body, "" when there is none.
  std::string error_code() const;
};

class RawClient {
 public:
  explicit RawClient(const mock::MockServer& server);
  // For HTTPS: a session the caller built with its own TLS context.
  explicit RawClient(std::unique_ptr<Poco::Net::HTTPClientSession> session);

  // `path` is relative to /MicroStrategyLibrary/api/ unless it starts with '/'.
  RawResponse send(const std::string& method, const std::string& path, const std::string& body = {},
                   const std::map<std::string, std::string>& headers = {});

  // Logs in and keeps the token and cookies; REQUIREs a 204.
  void login(const std::string& body);
  void login_standard(const std::string& user = "administrator", const std::string& password = "admin-pass");

  // When on, send() adds the token and every cookie received so far.
  bool send_auth = true;
  std::string token;
  std::map<std::string, std::string> cookies;

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace mstr::test
