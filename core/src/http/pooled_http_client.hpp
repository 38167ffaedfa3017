#pragma once
// The core's IHttpClient: POCO HTTP(S) sessions from a keep-alive pool, with connect and read
// timeouts, a whole-exchange deadline, a bound on the response size, TLS verification, an optional
// proxy, and one transparent retry when a reused connection turns out to have been closed by the
// server. Throws ConfigurationError for a timeout under 1 ms or a zero size limit.

#include "http/connection_pool.hpp"
#include "http/deadline_watch.hpp"

#include <mstr/sdk/http_client.hpp>
#include <mstr/session_options.hpp>

namespace Poco {
class Logger;
}

namespace mstr::internal {

class PooledHttpClient final : public IHttpClient {
 public:
  explicit PooledHttpClient(const SessionOptions& options);
  ~PooledHttpClient() override;

  HttpResponse send(const HttpRequest& request) override;
  // What it was made with, for a plugin host process that must honour the same settings.
  const SessionOptions& options() const noexcept { return options_; }

 private:
  enum class Outcome { done, retry_on_fresh_connection };
  struct Exchange;  // one attempt's state: its connection, timeouts, phase and deadline watch

  // One try of a request on one connection. Each step below costs nothing beyond a test when it
  // has nothing to do: no whole-exchange deadline (no timer, no socket timeout changes), no proxy
  // (routing happens once per new connection, in the pool), a body within the size limit.
  Outcome attempt(const HttpRequest& request, const Endpoint& endpoint, bool fresh, HttpResponse& response);
  void apply_timeouts(Exchange& exchange) const;
  void send_request(Exchange& exchange);
  // Returns whether the connection may be kept.
  bool receive_response(Exchange& exchange, HttpResponse& response) const;
  // Stops the deadline watch, if one was armed; true when the deadline had passed.
  bool stop_watch(Exchange& exchange);
  // From inside the handler of an attempt's failure: gives the connection up, then rethrows the
  // failure as a transport error or asks for one retry on a fresh connection.
  Outcome recover(Exchange& exchange, const HttpResponse& response);

  const SessionOptions options_;
  ConnectionPool pool_;
  DeadlineWatch deadlines_;
  Poco::Logger& logger_;
};

}  // namespace mstr::internal
