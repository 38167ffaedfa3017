// ProxyOptions::from_url: a proxy URL as HTTPS_PROXY or --proxy hold it.

#include <mstr/session_options.hpp>

#include <mstr/sdk/errors.hpp>

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace mstr {

ProxyOptions ProxyOptions::from_url(std::string_view url) {
  std::string text(url);
  while (!text.empty() && (text.back() == ' ' || text.back() == '/')) text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(0, 1);
  if (text.empty()) throw ConfigurationError("the proxy URL is empty");
  if (text.find("://") == std::string::npos) text.insert(0, "http://");
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception&) {
    // The URL may hold the proxy's password, so it is not echoed.
    throw ConfigurationError("the proxy URL is not a valid URL; expected http://[user:password@]host:port");
  }
  const std::string scheme = Poco::toLower(uri.getScheme());
  if (scheme != "http") {
    throw ConfigurationError("the proxy URL's scheme '" + scheme.substr(0, 10) +
                             "' is not supported; use an http:// proxy (https:// requests go through it with CONNECT)");
  }
  if (uri.getHost().empty()) throw ConfigurationError("the proxy URL has no host");
  if (!uri.getPathEtc().empty() && uri.getPathEtc() != "/") {
    throw ConfigurationError("the proxy URL must be http://[user:password@]host:port, without a path or query");
  }
  ProxyOptions proxy;
  proxy.host = uri.getHost();
  // Poco::URI gives 80 for http:// without a port; curl's default for a proxy is 1080.
  std::string_view authority(text);
  authority.remove_prefix(text.find("://") + 3);
  authority = authority.substr(0, authority.find('/'));
  authority.remove_prefix(authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@') + 1);
  const auto bracket = authority.rfind(']');
  const bool explicit_port =
      authority.find(':', bracket == std::string_view::npos ? 0 : bracket) != std::string_view::npos;
  proxy.port = explicit_port ? uri.getPort() : 1080;
  const std::string& user_info = uri.getUserInfo();
  if (!user_info.empty()) {
    const auto colon = user_info.find(':');
    Poco::URI::decode(user_info.substr(0, colon), proxy.username);
    if (colon != std::string::npos) Poco::URI::decode(user_info.substr(colon + 1), proxy.password);
  }
  return proxy;
}

}  // namespace mstr
