#include "http/endpoint.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace mstr::internal {

Endpoint parse_endpoint(std::string_view url) {
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
  const bool ipv6 = endpoint.host.find(':') != std::string::npos;
  const std::string authority = (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
  endpoint.pool_key = endpoint.scheme + "://" + authority;
  endpoint.display_url = endpoint.pool_key + uri.getPath();
  return endpoint;
}

}  // namespace mstr::internal
