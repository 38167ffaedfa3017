#pragma once
// An in-process mock of the MicroStrategy Library REST API over real sockets, for tests, the
// quickstart and the benchmark. Endpoints, defaults and the /__mock/ control API: mock/README.md.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mstr/mock/mock_server_options.hpp"

namespace mstr::mock {

// Every member is safe to call from any thread while the server runs. Fault knobs apply to
// requests under the API base path, never to /__mock/ admin requests, and are consumed in this
// order: drop, throttle, fail.
class MockServer {
 public:
  explicit MockServer(MockServerOptions options = MockServerOptions::defaults());
  ~MockServer();
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds and starts serving. Throws mstr::ConfigurationError for a non-loopback host without
  // allow_remote or unusable certificate files, mstr::TransportError when it cannot bind.
  void start();
  // Stops accepting and waits for the connections being served; safe to call twice.
  void stop();

  // "http://127.0.0.1:PORT/MicroStrategyLibrary/api/" (https under HTTPS); valid after start().
  std::string base_url() const;
  std::uint16_t port() const;

  // Counters since start or the last reset_counters(). /__mock/ requests are not counted as
  // requests, but their connections are counted as connections.
  std::uint64_t connections_accepted() const;
  std::uint64_t requests() const;
  // `path` is either the full request path ("/MicroStrategyLibrary/api/auth/login") or the path
  // relative to the API base ("auth/login"); the query string is never part of it.
  std::uint64_t requests_to(std::string_view method, std::string_view path) const;
  void reset_counters();

  // Sleeps this long before answering each API request (0 turns it off).
  void set_latency(std::chrono::milliseconds latency);
  // Sleeps this long before answering each report or cube page (0 turns it off).
  void set_page_latency(std::chrono::milliseconds latency);
  // The next `count` API requests are answered with `status` and `body` (JSON) without being
  // executed; an empty body becomes a MicroStrategy-shaped ERR001 error.
  void fail_next(int count, int status, std::string body = {});
  // The next `count` API requests get 429 with `Retry-After: retry_after_seconds`, unexecuted.
  void throttle_next(int count, int retry_after_seconds);
  // The next `count` API requests are executed, then only the start of the status line is
  // written and the connection closed: the client sees a broken response to a request the server
  // did act on (so a retried POST would be a duplicate).
  void drop_next(int count);
  // Changes a standard user's password from now on, as an administrator rotating it would; sessions
  // already open stay. False when there is no such standard user.
  bool set_password(const std::string& username, const std::string& password);
  // Forgets every session at once, as an Intelligence Server restart would.
  void expire_all_sessions();
  void set_session_timeout(std::chrono::milliseconds timeout);
  std::size_t active_sessions() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr::mock
