#pragma once
// The HTTP client a host lends to its plugins. The core implements it on its own transport, so a
// plugin's requests honour the host's TLS verification, CA file, proxy, timeouts and connection
// pool, and a plugin never opens sockets of its own.

#include <mstr/sdk/toolchain_check.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mstr {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive look-up of the first header called `name`.
std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: https://host[:port]/path?query
  HttpHeaders headers;
  std::string body;
  // Bounds this request's whole exchange (connect, send, headers, body) and each read, instead of
  // the client's own settings. At least 1 ms.
  std::optional<std::chrono::milliseconds> timeout;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
  bool ok() const noexcept { return status >= 200 && status < 300; }
};

class IHttpClient {
 public:
  virtual ~IHttpClient() = default;
  // Sends one request and returns whatever status the server answered (a redirect is returned,
  // never followed). Throws TransportError, TimeoutError or TlsError when no complete response
  // arrived in time or the body exceeds the client's size limit. Thread-safe.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host) noexcept;

// Throws ConfigurationError unless `url` is https://, or http:// to a loopback host. `what` names
// the endpoint in the message ("AWS STS endpoint").
void require_secure_url(std::string_view url, std::string_view what);

}  // namespace mstr
