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

#include <algorithm>
#include <cstdint>
#include <istream>
#include <optional>
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

// Spare capacity left after every body read: a parser that reads ahead in blocks (the page
// reader's simdjson needs SIMDJSON_PADDING, 64 bytes) can then parse the body where it lies
// instead of copying it first.
constexpr std::size_t kBodySlack = 64;

std::string byte_count(std::size_t bytes) { return std::to_string(bytes) + " bytes"; }

[[noreturn]] void throw_too_large(const Endpoint& endpoint, const std::string& what, std::size_t limit) {
  throw TransportError("the response from " + endpoint.display_url + " " + what + " the limit of " + byte_count(limit) +
                       " (max_response_size; --max-response-size in the CLI)");
}

// Reads at most `limit` body bytes: a body announced or found to be larger ends the request before
// it can take more memory than the limit.
void read_body(std::istream& stream, const Poco::Net::HTTPResponse& response, std::string& body,
               const Endpoint& endpoint, std::size_t limit) {
  // Errors inside POCO's stream buffers (a timeout, a reset) surface as the original exception
  // instead of a silently short body.
  stream.exceptions(std::ios::badbit);
  if (response.hasContentLength()) {
    const auto length = response.getContentLength64();
    if (length < 0 || static_cast<std::uint64_t>(length) > limit) {
      throw_too_large(endpoint, "announced a body of " + std::to_string(length) + " bytes, over", limit);
    }
    body.reserve(static_cast<std::size_t>(length) + kBodySlack);
    body.resize(static_cast<std::size_t>(length));
    stream.read(body.data(), static_cast<std::streamsize>(length));
    if (stream.gcount() != static_cast<std::streamsize>(length)) {
      throw Poco::Net::MessageException("the response ended after " + std::to_string(stream.gcount()) + " of " +
                                        std::to_string(length) + " body bytes");
    }
    return;
  }
  char buffer[8192];
  while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
    const auto count = static_cast<std::size_t>(stream.gcount());
    if (count > limit - body.size()) throw_too_large(endpoint, "had a body larger than", limit);
    // reserve() grows the capacity geometrically, as append() would.
    if (body.capacity() - body.size() < count + kBodySlack) body.reserve(body.size() + count + kBodySlack);
    body.append(buffer, count);
  }
}

void require_at_least_1ms(std::chrono::milliseconds timeout, const char* name) {
  if (timeout < std::chrono::milliseconds(1)) {
    throw ConfigurationError(std::string(name) + " must be at least 1 ms (got " + std::to_string(timeout.count()) +
                             " ms); leave it unset for no overall limit");
  }
}

const SessionOptions& checked(const SessionOptions& options) {
  require_at_least_1ms(options.connect_timeout, "the connect timeout");
  require_at_least_1ms(options.read_timeout, "the read timeout");
  if (options.request_timeout) require_at_least_1ms(*options.request_timeout, "the request timeout");
  if (options.max_response_size == 0) throw ConfigurationError("max_response_size must be at least 1 byte");
  return options;
}

Poco::Timespan to_timespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

}  // namespace

PooledHttpClient::PooledHttpClient(const SessionOptions& options)
    : options_(checked(options)), pool_(options_), logger_(Poco::Logger::get("mstr.http")) {}

PooledHttpClient::~PooledHttpClient() = default;

HttpResponse PooledHttpClient::send(const HttpRequest& request) {
  const Endpoint endpoint = parse_endpoint(request.url);
  if (request.timeout) require_at_least_1ms(*request.timeout, "the request's timeout");
  HttpResponse response;
  if (attempt(request, endpoint, false, response) == Outcome::retry_on_fresh_connection) {
    if (logger_.debug()) logger_.debug("%s %s: the reused connection was closed by the server; retrying once on a new one",
                                       request.method, endpoint.display_url);
    attempt(request, endpoint, true, response);
  }
  return response;
}

struct PooledHttpClient::Exchange {
  using Clock = std::chrono::steady_clock;

  Exchange(const HttpRequest& request, const Endpoint& endpoint, bool fresh, const SessionOptions& options)
      : request(request),
        endpoint(endpoint),
        fresh(fresh),
        read_timeout(request.timeout.value_or(options.read_timeout)),
        deadline_after(request.timeout ? request.timeout : options.request_timeout) {}

  const HttpRequest& request;
  const Endpoint& endpoint;
  const bool fresh;
  const Clock::time_point started = Clock::now();
  const std::chrono::milliseconds read_timeout;
  const std::optional<std::chrono::milliseconds> deadline_after;  // the whole-exchange timeout, if any
  std::unique_ptr<PooledConnection> connection;
  bool reused = false;
  TransportPhase phase = TransportPhase::connecting;
  std::optional<std::uint64_t> watch;  // armed only under a deadline
};

PooledHttpClient::Outcome PooledHttpClient::attempt(const HttpRequest& request, const Endpoint& endpoint, bool fresh,
                                                    HttpResponse& response) {
  Exchange exchange(request, endpoint, fresh, options_);
  // A request that would be resent anyway when its reused connection turns out closed skips the
  // liveness check: one system call less on every such request.
  const auto reuse = fresh                            ? ConnectionPool::Reuse::none
                     : is_idempotent(request.method) ? ConnectionPool::Reuse::unchecked
                                                     : ConnectionPool::Reuse::checked;
  exchange.connection = pool_.acquire(endpoint, reuse);
  exchange.reused = exchange.connection->reused;
  if (exchange.connection->session->connected()) exchange.phase = TransportPhase::sending;
  try {
    apply_timeouts(exchange);
    send_request(exchange);
    const bool keep = receive_response(exchange, response);
    // A shut-down socket reads as the end of a close-delimited body: only the watch can tell.
    if (stop_watch(exchange)) throw Poco::TimeoutException();
    pool_.release(endpoint, std::move(exchange.connection), keep);
  } catch (...) {
    return recover(exchange, response);
  }
  if (logger_.debug()) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(Exchange::Clock::now() - exchange.started);
    logger_.debug("%s %s -> %d (%s us, %s connection)", request.method, endpoint.display_url, response.status,
                  std::to_string(elapsed.count()), std::string(exchange.reused ? "reused" : "new"));
  }
  return Outcome::done;
}

void PooledHttpClient::apply_timeouts(Exchange& exchange) const {
  PooledConnection& connection = *exchange.connection;
  auto& session = *connection.session;
  if (!exchange.deadline_after) {
    // The socket keeps the read timeout it was given until a request asks for another.
    if (connection.receive_timeout == exchange.read_timeout) return;
    session.setTimeout(to_timespan(options_.connect_timeout), to_timespan(exchange.read_timeout),
                       to_timespan(exchange.read_timeout));
    if (session.connected()) session.socket().setReceiveTimeout(to_timespan(exchange.read_timeout));
    connection.receive_timeout = exchange.read_timeout;
    return;
  }
  // Connecting and sending get what is left of the deadline as their own timeouts; reading is
  // bounded by the watch armed once the socket is connected.
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(exchange.started + *exchange.deadline_after -
                                                                          Exchange::Clock::now());
  const auto bound = std::max(std::chrono::milliseconds(1), left);
  const auto read = std::min(exchange.read_timeout, bound);
  session.setTimeout(to_timespan(std::min(options_.connect_timeout, bound)), to_timespan(read), to_timespan(read));
  if (session.connected()) session.socket().setReceiveTimeout(to_timespan(read));
  connection.receive_timeout = std::chrono::milliseconds(-1);  // set again by the next request
}

void PooledHttpClient::send_request(Exchange& exchange) {
  const HttpRequest& request = exchange.request;
  auto& session = *exchange.connection->session;
  Poco::Net::HTTPRequest poco_request(request.method, exchange.endpoint.target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : request.headers) {
    if (!is_framing_header(name)) poco_request.add(name, value);
  }
  if (!request.body.empty() || takes_body(request.method)) {
    poco_request.setContentLength64(static_cast<Poco::Int64>(request.body.size()));
  }
  poco_request.setKeepAlive(true);

  std::ostream& out = session.sendRequest(poco_request);
  exchange.phase = TransportPhase::sending;
  if (exchange.deadline_after) {
    exchange.watch = deadlines_.arm(session.socket().impl()->sockfd(), exchange.started + *exchange.deadline_after);
  }
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
}

bool PooledHttpClient::receive_response(Exchange& exchange, HttpResponse& response) const {
  exchange.phase = TransportPhase::receiving;
  Poco::Net::HTTPResponse poco_response;
  std::istream& in = exchange.connection->session->receiveResponse(poco_response);
  response = HttpResponse{};
  response.status = static_cast<int>(poco_response.getStatus());
  response.reason = poco_response.getReason();
  response.headers.reserve(poco_response.size());
  for (const auto& [name, value] : poco_response) response.headers.emplace_back(name, value);
  // A HEAD answer announces a length but carries no body; neither do 204 and 304.
  if (exchange.request.method != "HEAD" && response.status != 204 && response.status != 304 && response.status >= 200) {
    read_body(in, poco_response, response.body, exchange.endpoint, options_.max_response_size);
  }
  return poco_response.getKeepAlive();
}

bool PooledHttpClient::stop_watch(Exchange& exchange) {
  if (!exchange.watch) return false;
  const bool fired = deadlines_.disarm(*exchange.watch);
  exchange.watch.reset();
  return fired;
}

PooledHttpClient::Outcome PooledHttpClient::recover(Exchange& exchange, const HttpResponse& response) {
  const HttpRequest& request = exchange.request;
  const Endpoint& endpoint = exchange.endpoint;
  // The watch must be off before the connection can be closed.
  const bool deadline_passed = stop_watch(exchange);
  pool_.release(endpoint, std::move(exchange.connection), false);
  if (deadline_passed) {
    throw TimeoutError("the request to " + endpoint.display_url + " did not complete within " +
                       std::to_string(exchange.deadline_after->count()) + " ms (its whole-exchange timeout)");
  }
  // Only a request that never got an answer on a connection the server had already closed is
  // sent again, and only when resending cannot duplicate its effect.
  bool server_closed_before_answering = false;
  try {
    throw;
  } catch (const Poco::Net::NoMessageException&) {
    server_closed_before_answering = true;
  } catch (const Poco::Net::ConnectionResetException&) {
    server_closed_before_answering = exchange.phase != TransportPhase::receiving || response.status == 0;
  } catch (...) {
  }
  if (exchange.reused && !exchange.fresh && server_closed_before_answering && is_idempotent(request.method)) {
    return Outcome::retry_on_fresh_connection;
  }
  if (logger_.debug()) logger_.debug("%s %s failed", request.method, endpoint.display_url);
  const auto waited = exchange.phase == TransportPhase::connecting ? options_.connect_timeout : exchange.read_timeout;
  rethrow_as_transport_error(endpoint, exchange.phase,
                             exchange.deadline_after ? std::min(*exchange.deadline_after, waited) : waited);
}

}  // namespace mstr::internal
