#pragma once
// A loopback forward proxy (tests/support/forward_proxy.py) that logs what went through it: plain
// HTTP by absolute URI, HTTPS by CONNECT, optionally requiring Basic proxy credentials.

#include <test_support/child_process.hpp>
#include <test_support/temp_dir.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mstr::test {

struct ProxiedRequest {
  std::string method;  // "CONNECT" for a tunnel
  std::string target;  // the absolute URL, or host:port for CONNECT
  bool proxy_auth_sent = false;
  bool proxy_auth_ok = false;
};

class ForwardProxy {
 public:
  // `credentials` as "user:password": requests without them get 407.
  explicit ForwardProxy(std::optional<std::string> credentials = std::nullopt);
  ~ForwardProxy();
  ForwardProxy(const ForwardProxy&) = delete;
  ForwardProxy& operator=(const ForwardProxy&) = delete;

  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  std::uint16_t port() const;
  std::vector<ProxiedRequest> requests() const;

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::string url_;
};

}  // namespace mstr::test
