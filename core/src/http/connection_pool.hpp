#pragma once
// Keep-alive connections by scheme://host:port, bounded per host, closed after sitting idle.
//
// The pool's lock guards only taking and returning connections: requests run on their own
// connection without holding it, so threads sharing a client do not wait on each other.

#include "http/endpoint.hpp"
#include "http/proxy_policy.hpp"

#include <mstr/session_options.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace mstr::internal {

struct PooledConnection {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  std::chrono::steady_clock::time_point last_used;
  std::chrono::milliseconds receive_timeout{0};  // what the socket is set to now
  bool reused = false;                           // it served a request before this one
};

class ConnectionPool {
 public:
  explicit ConnectionPool(const SessionOptions& options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Which connection a request may take.
  enum class Reuse {
    checked,    // an idle one that still looks alive (one poll(2)): for a request that is not resent
    unchecked,  // the most recently used idle one: for a request the client resends once on a new
                // connection when the server turns out to have closed this one before answering
    none,       // always a new one
  };

  // An idle connection to `endpoint` as `reuse` allows, or a new (not yet connected) one. Waits at
  // most the connect timeout when every connection allowed to the host is busy, then throws
  // TimeoutError.
  std::unique_ptr<PooledConnection> acquire(const Endpoint& endpoint, Reuse reuse);
  // Gives a connection back: kept for reuse when `reusable`, closed otherwise.
  void release(const Endpoint& endpoint, std::unique_ptr<PooledConnection> connection, bool reusable);

 private:
  struct HostConnections {
    std::vector<std::unique_ptr<PooledConnection>> idle;  // most recently used last
    std::size_t in_use = 0;
    Poco::Net::Context::Ptr tls;
  };

  std::unique_ptr<PooledConnection> open(const Endpoint& endpoint, HostConnections& host);
  bool expired(const PooledConnection& connection, std::chrono::steady_clock::time_point now) const;

  const SessionOptions options_;
  const ProxyPolicy proxy_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::map<std::string, HostConnections, std::less<>> hosts_;
};

}  // namespace mstr::internal
