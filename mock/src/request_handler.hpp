#pragma once
// Adapts POCO's HTTP server to the mock: builds a MockRequest, counts it, applies the pending
// fault, and writes each response with one send so it never straddles two delayed TCP segments.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/TCPServer.h>

#include "server_state.hpp"

namespace mstr::mock::internal {

inline constexpr const char* kApiBasePath = "/MicroStrategyLibrary/api/";

// The counter key of a request path: relative to the API base when under it, else the full path.
std::string endpoint_key(const std::string& method, std::string path);

class RequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(ServerState& state, bool secure) : state_(state), secure_(secure) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

 private:
  ServerState& state_;
  bool secure_;
};

// Counts accepted TCP connections (the keep-alive tests' evidence) and sets TCP_NODELAY on each.
class ConnectionCounter : public Poco::Net::TCPServerConnectionFilter {
 public:
  explicit ConnectionCounter(ServerState& state) : state_(state) {}
  bool accept(const Poco::Net::StreamSocket& socket) override;

 private:
  ServerState& state_;
};

}  // namespace mstr::mock::internal
