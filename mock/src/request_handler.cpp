#include "request_handler.hpp"

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>
#include <thread>

#include "control_api.hpp"
#include "session/session_api.hpp"
#include "mock_exchange.hpp"

namespace mstr::mock::internal {
namespace {

// Larger bodies are refused rather than buffered: no Library endpoint the mock serves takes more.
constexpr std::size_t kMaxBodyBytes = 1 << 20;

std::string api_path_of(const std::string& path) {
  std::string relative = path.substr(std::string(kApiBasePath).size());
  while (!relative.empty() && relative.back() == '/') relative.pop_back();
  return relative;
}

bool under_api(const std::string& path) { return path.rfind(kApiBasePath, 0) == 0; }

std::string serialize(Poco::Net::HTTPServerResponse& response, const MockResponse& mock, bool head_request) {
  response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(mock.status));
  for (const auto& [name, value] : mock.headers) response.add(name, value);
  bool has_body = mock.status >= 200 && mock.status != 204 && mock.status != 304;
  if (has_body) {
    if (!mock.content_type.empty()) response.setContentType(mock.content_type);
    response.setContentLength(static_cast<std::streamsize>(mock.body.size()));
  }
  std::ostringstream out;
  response.write(out);
  if (has_body && !head_request) out << mock.body;
  return out.str();
}

void send_all(Poco::Net::StreamSocket& socket, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    int count = socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
    if (count <= 0) throw Poco::Net::NetException("connection closed while sending the response");
    sent += static_cast<std::size_t>(count);
  }
}

class RequestHandler : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(ServerState& state, bool secure) : state_(state), secure_(secure) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    Poco::Net::StreamSocket& socket = static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket();
    try {
      bool drop = false;
      bool bad_request = false;
      MockResponse answer = answer_request(request, drop, bad_request);
      if (bad_request) {
        response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
        response.setKeepAlive(false);
      }
      std::string bytes = serialize(response, answer, request.getMethod() == "HEAD");
      if (drop) {
        // Cut inside the status line: every HTTP client treats that as a broken response, while a
        // cut inside the headers or a short body goes unnoticed by some (POCO among them).
        send_all(socket, bytes.substr(0, bytes.find(' ') + 2));
        response.setKeepAlive(false);
        socket.shutdown();
        return;
      }
      send_all(socket, bytes);
    } catch (const Poco::Exception&) {
      // The client went away or sent garbage; nothing more can be said on this connection.
      response.setKeepAlive(false);
    }
  }

 private:
  // `bad_request`: the request could not be read properly, so the connection must not be reused.
  MockResponse answer_request(Poco::Net::HTTPServerRequest& request, bool& drop, bool& bad_request) {
    MockRequest mock;
    mock.method = request.getMethod();
    mock.secure = secure_;
    try {
      Poco::URI uri(request.getURI());
      mock.path = uri.getPath();
      mock.query = uri.getRawQuery();
    } catch (const Poco::SyntaxException&) {
      bad_request = true;
      return error_response(400, "ERR006", "The request URI is malformed");
    }
    for (const auto& [name, value] : request) mock.headers[Poco::toLower(name)] = value;
    Poco::Net::NameValueCollection cookies;
    request.getCookies(cookies);
    for (const auto& [name, value] : cookies) mock.cookies[name] = value;

    if (request.getVersion() != Poco::Net::HTTPMessage::HTTP_1_0 &&
        request.getVersion() != Poco::Net::HTTPMessage::HTTP_1_1) {
      bad_request = true;
      return error_response(400, "ERR006", "The request is not HTTP/1.0 or HTTP/1.1");
    }
    // POCO would read a body without Content-Length or chunked encoding until the connection
    // closes (HTTP/1.0 style); in HTTP/1.1 such a request has no body, and waiting would hang.
    if (request.hasContentLength() || request.getChunkedTransferEncoding()) {
      std::istream& body = request.stream();
      char buffer[8192];
      while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
        mock.body.append(buffer, static_cast<std::size_t>(body.gcount()));
        if (mock.body.size() > kMaxBodyBytes) {
          bad_request = true;
          return error_response(413, "ERR006", "The request body is larger than the mock accepts (1 MiB)");
        }
      }
    }

    if (mock.path.rfind("/__mock/", 0) == 0) return handle_control_request(state_, mock);

    state_.count_request(mock.method, under_api(mock.path) ? api_path_of(mock.path) : mock.path);
    MockResponse answer = respond(mock, drop);
    Poco::Logger::get("mstr.mock").debug("%s %s -> %d", mock.method, mock.path, answer.status);
    return answer;
  }

  MockResponse respond(MockRequest& mock, bool& drop) {
    if (auto latency = state_.latency(); latency.count() > 0) std::this_thread::sleep_for(latency);
    Fault fault = state_.take_fault();
    if (fault.kind == Fault::Kind::throttle) {
      MockResponse answer = error_response(429, "ERR001", "Too many requests; retry after " +
                                                              std::to_string(fault.retry_after_seconds) + " seconds");
      answer.headers.emplace_back("Retry-After", std::to_string(fault.retry_after_seconds));
      return answer;
    }
    if (fault.kind == Fault::Kind::fail) {
      if (fault.body.empty()) {
        return error_response(fault.status, "ERR001", "Injected failure with status " + std::to_string(fault.status));
      }
      return MockResponse{fault.status, {}, "application/json", fault.body};
    }
    drop = fault.kind == Fault::Kind::drop;
    if (!under_api(mock.path)) {
      return error_response(404, "ERR004", "No endpoint " + mock.method + " " + mock.path +
                                               "; the API lives under " + kApiBasePath);
    }
    mock.api_path = api_path_of(mock.path);
    return handle_library_request(state_, mock);
  }

  ServerState& state_;
  bool secure_;
};

}  // namespace

std::string endpoint_key(const std::string& method, std::string path) {
  if (under_api(path)) path = api_path_of(path);
  return method + " " + path;
}

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new RequestHandler(state_, secure_);
}

bool ConnectionCounter::accept(const Poco::Net::StreamSocket& socket) {
  state_.count_connection();
  Poco::Net::StreamSocket shared(socket);  // a copy shares the descriptor, so the option sticks
  shared.setNoDelay(true);
  return true;
}

}  // namespace mstr::mock::internal
