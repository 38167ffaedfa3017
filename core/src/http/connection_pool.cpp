#include "http/connection_pool.hpp"

#include "http/tls_context.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/Socket.h>

#include <algorithm>

#include <poll.h>

namespace mstr::internal {
namespace {

Poco::Timespan to_timespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

// A server that closed an idle keep-alive connection leaves it readable (end of stream) before we
// send anything; such a connection is dropped here rather than failing the next request.
// The check is one poll(2) on the descriptor: POCO 1.11's Socket::poll() creates and closes an
// epoll instance per call, four system calls on every reused request.
bool looks_alive(PooledConnection& connection) {
  try {
    const auto fd = connection.session->socket().impl()->sockfd();
    if (fd == POCO_INVALID_SOCKET) return false;
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, 0);
    if (ready < 0) return false;
    return ready == 0;  // readable (end of stream, a stray byte) or in error: not reusable
  } catch (const Poco::Exception&) {
    return false;
  }
}

}  // namespace

ConnectionPool::ConnectionPool(const SessionOptions& options)
    : options_(options), proxy_(options, ProcessEnvironment()) {}

ConnectionPool::~ConnectionPool() = default;

bool ConnectionPool::expired(const PooledConnection& connection, std::chrono::steady_clock::time_point now) const {
  return now - connection.last_used >= options_.idle_connection_timeout;
}

std::unique_ptr<PooledConnection> ConnectionPool::acquire(const Endpoint& endpoint, Reuse reuse) {
  const bool fresh = reuse == Reuse::none;
  const std::size_t limit = std::max<std::size_t>(1, options_.max_connections_per_host);
  const auto deadline = std::chrono::steady_clock::now() + options_.connect_timeout;
  std::vector<std::unique_ptr<PooledConnection>> to_close;
  std::unique_lock lock(mutex_);
  auto found = hosts_.find(endpoint.pool_key);
  if (found == hosts_.end()) found = hosts_.emplace(endpoint.pool_key, HostConnections{}).first;
  HostConnections& host = found->second;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    // The oldest idle connections sit at the front; those past their time are closed.
    while (!host.idle.empty() && expired(*host.idle.front(), now)) {
      to_close.push_back(std::move(host.idle.front()));
      host.idle.erase(host.idle.begin());
    }
    // The most recently used connection is the likeliest to be alive.
    while (!fresh && !host.idle.empty()) {
      auto connection = std::move(host.idle.back());
      host.idle.pop_back();
      if (reuse == Reuse::unchecked || looks_alive(*connection)) {
        ++host.in_use;
        lock.unlock();
        to_close.clear();
        return connection;
      }
      to_close.push_back(std::move(connection));
    }
    if (fresh && !host.idle.empty() && host.in_use + host.idle.size() >= limit) {
      to_close.push_back(std::move(host.idle.front()));
      host.idle.erase(host.idle.begin());
    }
    if (host.in_use + host.idle.size() < limit) {
      auto connection = open(endpoint, host);
      ++host.in_use;
      lock.unlock();
      to_close.clear();
      return connection;
    }
    if (now >= deadline) {
      throw TimeoutError("all " + std::to_string(limit) + " connections to " + endpoint.pool_key +
                         " stayed busy for " + std::to_string(options_.connect_timeout.count()) +
                         " ms; raise max_connections_per_host or the connect timeout");
    }
    released_.wait_until(lock, deadline);
  }
}

std::unique_ptr<PooledConnection> ConnectionPool::open(const Endpoint& endpoint, HostConnections& host) {
  auto connection = std::make_unique<PooledConnection>();
  if (endpoint.secure()) {
    if (!host.tls) host.tls = make_tls_context(options_.tls, endpoint.host);
    connection->session = std::make_unique<Poco::Net::HTTPSClientSession>(endpoint.host, endpoint.port, host.tls);
  } else {
    connection->session = std::make_unique<Poco::Net::HTTPClientSession>(endpoint.host, endpoint.port);
  }
  auto& session = *connection->session;
  // The route depends on the host alone, so every connection pooled under one key takes the same.
  if (const ProxyOptions* proxy = proxy_.route_for(endpoint)) {
    session.setProxy(proxy->host, proxy->port);
    if (!proxy->username.empty()) session.setProxyCredentials(proxy->username, proxy->password);
  }
  session.setKeepAlive(true);
  // The pool decides when an idle connection is too old; POCO's own (shorter) default would
  // reconnect behind its back.
  session.setKeepAliveTimeout(Poco::Timespan(static_cast<long>(options_.idle_connection_timeout.count()) + 1, 0));
  session.setTimeout(to_timespan(options_.connect_timeout), to_timespan(options_.read_timeout),
                     to_timespan(options_.read_timeout));
  connection->receive_timeout = options_.read_timeout;
  return connection;
}

void ConnectionPool::release(const Endpoint& endpoint, std::unique_ptr<PooledConnection> connection, bool reusable) {
  {
    std::lock_guard lock(mutex_);
    auto found = hosts_.find(endpoint.pool_key);
    if (found != hosts_.end()) {
      HostConnections& host = found->second;
      if (host.in_use > 0) --host.in_use;
      if (reusable) {
        connection->last_used = std::chrono::steady_clock::now();
        connection->reused = true;
        host.idle.push_back(std::move(connection));
      }
    }
  }
  released_.notify_one();
  // A connection not kept is closed here, outside the lock.
}

}  // namespace mstr::internal
