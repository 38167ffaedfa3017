#include "http/endpoint.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <optional>

namespace mstr::internal {
namespace {

std::string authority_of(const std::string& host, std::uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_host_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// A path character that Poco::URI decodes to itself and encodes back unchanged.
bool is_plain_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '/' || c == ':' || c == '@' || c == '&' || c == '=' || c == '+' || c == ';';
}

// The URLs the SDK builds itself: http(s)://host[:port][/path][?query], a lower-case host name or
// IPv4 address, a path of characters that need no percent-encoding, printable ASCII in the query,
// no fragment. For those, what Poco::URI gives (the path decoded and encoded again, the query as
// sent) is the text itself, so they are split here at a fraction of the cost; the transport does
// this once per request. Anything else is left to Poco::URI.
std::optional<Endpoint> split_plain_url(std::string_view url) {
  Endpoint endpoint;
  std::uint16_t default_port = 0;
  if (url.starts_with("http://")) {
    endpoint.scheme = "http";
    default_port = 80;
  } else if (url.starts_with("https://")) {
    endpoint.scheme = "https";
    default_port = 443;
  } else {
    return std::nullopt;
  }
  std::size_t at = endpoint.scheme.size() + 3;
  const std::size_t host_start = at;
  while (at < url.size() && is_host_char(url[at])) ++at;
  if (at == host_start) return std::nullopt;
  endpoint.host = std::string(url.substr(host_start, at - host_start));
  endpoint.port = default_port;
  if (at < url.size() && url[at] == ':') {
    unsigned port = 0;
    const std::size_t digits_start = ++at;
    while (at < url.size() && url[at] >= '0' && url[at] <= '9' && at - digits_start < 5) {
      port = port * 10 + static_cast<unsigned>(url[at] - '0');
      ++at;
    }
    if (at == digits_start || port == 0 || port > 65535) return std::nullopt;
    endpoint.port = static_cast<std::uint16_t>(port);
  }
  const std::size_t path_start = at;
  if (at < url.size() && url[at] != '/' && url[at] != '?') return std::nullopt;
  while (at < url.size() && is_plain_path_char(url[at])) ++at;
  const std::string_view path = url.substr(path_start, at - path_start);
  std::string_view query;
  if (at < url.size() && url[at] == '?') {
    query = url.substr(at + 1);
    for (const char c : query) {
      if (c <= 0x20 || c >= 0x7F || c == '#') return std::nullopt;
    }
  } else if (at != url.size()) {
    return std::nullopt;
  }
  endpoint.target.reserve(path.size() + query.size() + 2);
  if (path.empty()) endpoint.target = "/";
  endpoint.target.append(path);
  if (!query.empty()) endpoint.target.append("?").append(query);
  endpoint.pool_key = endpoint.scheme + "://" + authority_of(endpoint.host, endpoint.port);
  endpoint.display_url = endpoint.pool_key;
  endpoint.display_url.append(path);
  return endpoint;
}

}  // namespace

Endpoint parse_endpoint(std::string_view url) {
  if (std::optional<Endpoint> plain = split_plain_url(url)) return std::move(*plain);
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(url));
  } catch (const Poco::Exception&) {
    // The URL may carry a token in its query, so it is not echoed.
    throw ConfigurationError("the request URL is not a valid URL");
  }
  Endpoint endpoint;
  endpoint.scheme = Poco::toLower(uri.getScheme());
  if (endpoint.scheme != "http" && endpoint.scheme != "https") {
    throw ConfigurationError("the request URL must start with http:// or https://, not '" + endpoint.scheme + ":'");
  }
  endpoint.host = uri.getHost();
  if (endpoint.host.empty()) throw ConfigurationError("the request URL has no host");
  endpoint.port = uri.getPort();
  endpoint.target = uri.getPathEtc();
  if (endpoint.target.empty() || endpoint.target.front() != '/') endpoint.target.insert(0, "/");
  const auto fragment = endpoint.target.find('#');
  if (fragment != std::string::npos) endpoint.target.erase(fragment);
  endpoint.pool_key = endpoint.scheme + "://" + authority_of(endpoint.host, endpoint.port);
  endpoint.display_url = endpoint.pool_key + uri.getPath();
  return endpoint;
}

}  // namespace mstr::internal
