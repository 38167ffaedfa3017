#pragma once
// The parts of an absolute URL the transport needs: where to connect, what to ask for, and how to
// name the request in messages without leaking a query string or user information.

#include <cstdint>
#include <string>
#include <string_view>

namespace mstr::internal {

struct Endpoint {
  std::string scheme;  // "http" or "https"
  std::string host;    // without IPv6 brackets
  std::uint16_t port = 0;
  std::string target;  // path and query, as sent on the request line
  std::string pool_key;        // scheme://host:port
  std::string display_url;     // scheme://host:port/path, for messages and logs

  bool secure() const noexcept { return scheme == "https"; }
};

// Throws ConfigurationError for a URL that is not absolute http:// or https:// with a host.
Endpoint parse_endpoint(std::string_view url);

}  // namespace mstr::internal
