#include "http/pooled_http_client.hpp"

#include "http/transport_errors.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/String.h>

#include <istream>
#include <ostream>

namespace mstr::internal {
namespace {

// Methods a server must treat as safe to repeat (RFC 9110, 9.2.2).
bool is_idempotent(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS" ||
         method == "TRACE";
}

bool takes_body(const std::string& method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

// Headers the transport owns: a caller's value would break framing or the connection's reuse.
bool is_framing_header(const std::string& name) {
  return Poco::icompare(name, "Content-Length") == 0 || Poco::icompare(name, "Transfer-Encoding") == 0 ||
         Poco::icompare(name, "Connection") == 0;
}

void read_body(std::istream& stream, const Poco::Net::HTTPResponse& response, std::string& body) {
  // Errors inside POCO's stream buffers (a timeout, a reset) surface as the original exception
  // instead of a silently short body.
  stream.exceptions(std::ios::badbit);
  if (response.hasContentLength()) {
    const auto length = response.getContentLength64();
    body.resize(static_cast<std::size_t>(length));
    stream.read(body.data(), static_cast<std::streamsize>(length));
    if (stream.gcount() != static_cast<std::streamsize>(length)) {
      throw Poco::Net::MessageException("the response ended after " + std::to_string(stream.gcount()) + " of " +
                                        std::to_string(length) + " body bytes");
    }
    return;
  }
  char buffer[8192];
  while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) body.append(buffer, static_cast<std::size_t>(stream.gcount()));
}

}  // namespace

PooledHttpClient::PooledHttpClient(const SessionOptions& options)
    : options_(options), pool_(options), logger_(Poco::Logger::get("mstr.http")) {}

PooledHttpClient::~PooledHttpClient() = default;

HttpResponse PooledHttpClient::send(const HttpRequest& request) {
  const Endpoint endpoint = parse_endpoint(request.url);
  HttpResponse response;
  if (attempt(request, endpoint, false, response) == Outcome::retry_on_fresh_connection) {
    if (logger_.debug()) logger_.debug("%s %s: the reused connection was closed by the server; retrying once on a new one",
                                       request.method, endpoint.display_url);
    attempt(request, endpoint, true, response);
  }
  return response;
}

PooledHttpClient::Outcome PooledHttpClient::attempt(const HttpRequest& request, const Endpoint& endpoint, bool fresh,
                                                    HttpResponse& response) {
  const auto started = std::chrono::steady_clock::now();
  auto connection = pool_.acquire(endpoint, fresh);
  auto& session = *connection->session;
  const bool reused = connection->reused;
  const auto read_timeout = request.timeout.value_or(options_.read_timeout);
  TransportPhase phase = session.connected() ? TransportPhase::sending : TransportPhase::connecting;
  try {
    if (connection->receive_timeout != read_timeout) {
      const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(read_timeout.count()) * 1000);
      session.setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(options_.connect_timeout.count()) * 1000),
                         timeout, timeout);
      if (session.connected()) session.socket().setReceiveTimeout(timeout);
      connection->receive_timeout = read_timeout;
    }

    Poco::Net::HTTPRequest poco_request(request.method, endpoint.target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : request.headers) {
      if (!is_framing_header(name)) poco_request.add(name, value);
    }
    if (!request.body.empty() || takes_body(request.method)) {
      poco_request.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
    }
    poco_request.setKeepAlive(true);

    std::ostream& out = session.sendRequest(poco_request);
    phase = TransportPhase::sending;
    // POCO writes the header and the body in two writes; with Nagle's algorithm on, the body
    // waits for the server's delayed ACK of the header (about 40 ms per request on loopback).
    // sendRequest() has (re)connected the socket by now, so this is the first moment to switch it
    // off. It is set on every request: POCO reconnects underneath (after its own keep-alive
    // timeout, for one), and the new socket usually gets the old descriptor's number, so nothing
    // cheaper tells a fresh socket from the one that already has the option.
    session.socket().setNoDelay(true);
    if (!request.body.empty()) out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
    out.flush();
    if (!out) throw Poco::Net::NetException("the request body could not be written");

    phase = TransportPhase::receiving;
    Poco::Net::HTTPResponse poco_response;
    std::istream& in = session.receiveResponse(poco_response);
    response = HttpResponse{};
    response.status = static_cast<int>(poco_response.getStatus());
    response.reason = poco_response.getReason();
    response.headers.reserve(poco_response.size());
    for (const auto& [name, value] : poco_response) response.headers.emplace_back(name, value);
    // A HEAD answer announces a length but carries no body; neither do 204 and 304.
    if (request.method != "HEAD" && response.status != 204 && response.status != 304 && response.status >= 200) {
      read_body(in, poco_response, response.body);
    }

    const bool keep = poco_response.getKeepAlive();
    pool_.release(endpoint, std::move(connection), keep);
  } catch (...) {
    pool_.release(endpoint, std::move(connection), false);
    // Only a request that never got an answer on a connection the server had already closed is
    // sent again, and only when resending cannot duplicate its effect.
    bool server_closed_before_answering = false;
    try {
      throw;
    } catch (const Poco::Net::NoMessageException&) {
      server_closed_before_answering = true;
    } catch (const Poco::Net::ConnectionResetException&) {
      server_closed_before_answering = phase != TransportPhase::receiving || response.status == 0;
    } catch (...) {
    }
    if (reused && !fresh && server_closed_before_answering && is_idempotent(request.method)) {
      return Outcome::retry_on_fresh_connection;
    }
    if (logger_.debug()) logger_.debug("%s %s failed", request.method, endpoint.display_url);
    rethrow_as_transport_error(endpoint, phase, phase == TransportPhase::connecting ? options_.connect_timeout : read_timeout);
  }
  if (logger_.debug()) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    logger_.debug("%s %s -> %d (%s us, %s connection)", request.method, endpoint.display_url, response.status,
                  std::to_string(elapsed.count()), std::string(reused ? "reused" : "new"));
  }
  return Outcome::done;
}

}  // namespace mstr::internal
