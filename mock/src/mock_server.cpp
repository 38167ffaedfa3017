#include "mstr/mock/mock_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <filesystem>
#include <mutex>

#include "mstr/sdk/errors.hpp"
#include "request_handler.hpp"
#include "server_state.hpp"

namespace mstr::mock {

using internal::ServerState;

class MockServer::Impl {
 public:
  explicit Impl(MockServerOptions options) : options_(options), state_(std::move(options)) {}

  void start() {
    std::lock_guard lock(lifecycle_);
    if (server_) return;
    check_host();
    Poco::Net::SocketAddress address;
    try {
      address = Poco::Net::SocketAddress(options_.host, options_.port);
    } catch (const Poco::Exception& error) {
      throw ConfigurationError("mock server: cannot use host \"" + options_.host +
                               "\": " + error.displayText());
    }
    Poco::Net::ServerSocket socket = listen(address);
    // Enough threads for the tests' 8+ concurrent clients with keep-alive connections held open.
    pool_ = std::make_unique<Poco::ThreadPool>(4, 64, 60);
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(64);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(100000);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        new internal::RequestHandlerFactory(state_, options_.https), *pool_, socket, params);
    server_->setConnectionFilter(new internal::ConnectionCounter(state_));
    server_->start();
    port_ = socket.address().port();
    std::string host =
        address.host().family() == Poco::Net::IPAddress::IPv6 ? "[" + options_.host + "]" : options_.host;
    base_url_ = std::string(options_.https ? "https" : "http") + "://" + host + ":" + std::to_string(port_) +
                internal::kApiBasePath;
  }

  void stop() {
    std::lock_guard lock(lifecycle_);
    if (!server_) return;
    // Abort idle keep-alive connections too, so stop() does not wait out their timeout.
    server_->stopAll(true);
    pool_->joinAll();
    server_.reset();
    pool_.reset();
  }

  std::string base_url() const {
    std::lock_guard lock(lifecycle_);
    return base_url_;
  }
  std::uint16_t port() const {
    std::lock_guard lock(lifecycle_);
    return port_;
  }
  ServerState& state() { return state_; }

 private:
  void check_host() const {
    if (options_.allow_remote || options_.host == "localhost") return;
    Poco::Net::IPAddress ip;
    if (!Poco::Net::IPAddress::tryParse(options_.host, ip) || !ip.isLoopback()) {
      throw ConfigurationError(
          "mock server: refusing to listen on \"" + options_.host +
          "\", which is not a loopback address; allow it explicitly (allow_remote, "
          "--allow-remote) if you really mean to expose a server that accepts fixed passwords");
    }
  }

  Poco::Net::ServerSocket listen(const Poco::Net::SocketAddress& address) const {
    Poco::Net::Context::Ptr context;
    if (options_.https) {
      for (const auto& [what, file] :
           {std::pair{"certificate", options_.cert_file}, std::pair{"key", options_.key_file}}) {
        if (file.empty() || !std::filesystem::is_regular_file(file)) {
          throw ConfigurationError(std::string("mock server: HTTPS needs a readable PEM ") + what +
                                   " file, got \"" + file + "\"");
        }
      }
      try {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options_.key_file,
                                         options_.cert_file, "", Poco::Net::Context::VERIFY_NONE);
      } catch (const Poco::Exception& error) {
        throw ConfigurationError("mock server: cannot load the certificate " + options_.cert_file +
                                 " and key " + options_.key_file + ": " + error.displayText());
      }
    }
    try {
      Poco::Net::ServerSocket socket = context
                                           ? Poco::Net::ServerSocket(Poco::Net::SecureServerSocket(context))
                                           : Poco::Net::ServerSocket();
      // SO_REUSEADDR for quick restarts on a fixed port, but never SO_REUSEPORT: a second server
      // on a busy port must fail, not silently share the port's connections with the first.
      socket.bind(address, true, false);
      socket.listen(64);
      return socket;
    } catch (const Poco::Exception& error) {
      throw TransportError("mock server: cannot listen on " + address.toString() + ": " +
                           error.displayText());
    }
  }

  const MockServerOptions options_;
  ServerState state_;
  mutable std::mutex lifecycle_;
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
  std::string base_url_;
};

MockServer::MockServer(MockServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
MockServer::~MockServer() { impl_->stop(); }

void MockServer::start() { impl_->start(); }
void MockServer::stop() { impl_->stop(); }
std::string MockServer::base_url() const { return impl_->base_url(); }
std::uint16_t MockServer::port() const { return impl_->port(); }

std::uint64_t MockServer::connections_accepted() const { return impl_->state().connections(); }
std::uint64_t MockServer::requests() const { return impl_->state().requests(); }
std::uint64_t MockServer::requests_to(std::string_view method, std::string_view path) const {
  return impl_->state().requests_to(internal::endpoint_key(std::string(method), std::string(path)));
}
void MockServer::reset_counters() { impl_->state().reset_counters(); }

void MockServer::set_latency(std::chrono::milliseconds latency) { impl_->state().set_latency(latency); }
void MockServer::set_page_latency(std::chrono::milliseconds latency) {
  impl_->state().set_page_latency(latency);
}
void MockServer::fail_next(int count, int status, std::string body) {
  impl_->state().fail_next(count, status, std::move(body));
}
void MockServer::throttle_next(int count, int retry_after_seconds) {
  impl_->state().throttle_next(count, retry_after_seconds);
}
void MockServer::drop_next(int count) { impl_->state().drop_next(count); }
bool MockServer::set_password(const std::string& username, const std::string& password) {
  return impl_->state().set_password(username, password);
}
void MockServer::expire_all_sessions() { impl_->state().expire_all_sessions(); }
void MockServer::set_session_timeout(std::chrono::milliseconds timeout) {
  impl_->state().set_session_timeout(timeout);
}
std::size_t MockServer::active_sessions() const { return impl_->state().active_sessions(); }

}  // namespace mstr::mock
