#pragma once
// Everything a Session can be configured with, in one bag.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mstr {

struct TlsOptions {
  bool verify = true;       // verify the server's certificate and host name (turn off only on purpose)
  std::string ca_file;      // PEM bundle to trust instead of the system store
  std::string ca_dir;       // hashed directory of CA certificates
};

struct ProxyOptions {
  std::string host;
  std::uint16_t port = 0;
  std::string username;
  std::string password;
};

struct RetryOptions {
  int max_attempts = 1;  // 1: no retry
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{5000};
  std::chrono::milliseconds max_total{30000};
  std::vector<int> statuses{413, 429, 500, 503};
  bool retry_non_idempotent = false;  // a POST is never sent twice unless this is set
};

struct SessionOptions {
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds read_timeout{60000};
  TlsOptions tls;
  std::optional<ProxyOptions> proxy;
  int application_type = 8;
  std::size_t max_connections_per_host = 16;
  std::chrono::seconds idle_connection_timeout{30};
  RetryOptions retry;
  // Credentials are never sent over plain http:// to a host that is not loopback unless this is set.
  bool allow_insecure_credentials = false;
};

}  // namespace mstr
