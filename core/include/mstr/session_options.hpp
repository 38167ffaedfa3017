#pragma once
// Everything a Session can be configured with, in one bag.

#include <mstr/sdk/retry.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr {

struct TlsOptions {
  bool verify = true;       // verify the server's certificate and host name (turn off only on purpose)
  std::string ca_file;      // PEM bundle to trust instead of the system store
  std::string ca_dir;       // hashed directory of CA certificates
};

// An HTTP proxy (HTTPS goes through it with CONNECT). Cloud instance-metadata endpoints
// (169.254.169.254, fd00:ec2::254, metadata.google.internal, the ECS/EKS container endpoints and the
// ones named by AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_CONTAINER_CREDENTIALS_FULL_URI,
// GCE_METADATA_HOST, IDENTITY_ENDPOINT, MSI_ENDPOINT, AZURE_POD_IDENTITY_AUTHORITY_HOST) never go
// through a proxy.
struct ProxyOptions {
  std::string host;
  std::uint16_t port = 0;
  std::string username;  // sent as Proxy-Authorization: Basic, to the proxy only
  std::string password;
  // Hosts reached directly, with curl's NO_PROXY rules: "example.com" and ".example.com" match that
  // host and every host under it, an IP address matches itself, "*" matches every host; a port in
  // an entry is ignored.
  std::vector<std::string> no_proxy;

  // "http://[user:password@]host[:port]" (or "host:port"), as HTTPS_PROXY holds it; the port
  // defaults to 1080 as in curl. Throws ConfigurationError (without echoing the URL) for anything
  // else, an https:// or socks proxy included.
  static ProxyOptions from_url(std::string_view url);
};

// The session's retries: a RetryPolicy (attempts, backoff, the whole budget) and which answers are
// worth another attempt. One attempt by default: a host turns retries on by raising max_attempts.
struct SessionRetryPolicy : RetryPolicy {
  SessionRetryPolicy() { max_attempts = 1; }
  std::vector<int> statuses{413, 429, 500, 503};
  bool retry_non_idempotent = false;  // a POST is never sent twice unless this is set
};

struct SessionOptions {
  // Each timeout is at least 1 ms (a smaller one is a ConfigurationError, never "wait forever").
  std::chrono::milliseconds connect_timeout{10000};  // each connection attempt
  std::chrono::milliseconds read_timeout{60000};     // each wait for bytes from the server
  // Bounds each request's whole exchange: connect, send, headers and body. Unset: no overall bound
  // (the two above still bound each wait). RequestOptions::timeout overrides it per request.
  std::optional<std::chrono::milliseconds> request_timeout;
  // A response whose body is larger ends with a TransportError naming the limit; bodies are held in
  // memory, so this bounds what one response can take.
  std::size_t max_response_size = std::size_t{100} * 1024 * 1024;
  TlsOptions tls;
  std::optional<ProxyOptions> proxy;
  // Without `proxy`: take https_proxy/HTTPS_PROXY, http_proxy/HTTP_PROXY and no_proxy/NO_PROXY from
  // the environment (lower case first), as curl does. Off: connect directly.
  bool proxy_from_environment = true;
  int application_type = 8;
  std::size_t max_connections_per_host = 16;
  std::chrono::seconds idle_connection_timeout{30};
  SessionRetryPolicy retry;
  // Credentials are never sent over plain http:// to a host that is not loopback unless this is set.
  bool allow_insecure_credentials = false;
};

}  // namespace mstr
