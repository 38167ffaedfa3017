#include <mstr/sdk/http_client.hpp>

#include <mstr/sdk/errors.hpp>

#include <Poco/Net/IPAddress.h>
#include <Poco/String.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <string>

namespace mstr {

std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && Poco::icompare(key, std::string(name)) == 0) return value;
  }
  return std::nullopt;
}

bool is_loopback_host(std::string_view host) noexcept {
  std::string text(host);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (Poco::icompare(text, "localhost") == 0) return true;
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(text, address)) return false;
  return address.isLoopback();
}

void require_secure_url(std::string_view url, std::string_view what) {
  Poco::URI uri;
  try {
    uri = Poco::URI(std::string(url));
  } catch (const Poco::Exception&) {
    throw ConfigurationError(std::string(what) + " is not a valid URL");
  }
  const std::string scheme = Poco::toLower(uri.getScheme());
  if (scheme == "https") return;
  if (scheme == "http" && is_loopback_host(uri.getHost())) return;
  if (scheme == "http") {
    throw ConfigurationError(std::string(what) + " " + uri.getHost() +
                             " uses plain http://, which is allowed only for loopback hosts; use https://");
  }
  throw ConfigurationError(std::string(what) + " must be an https:// URL");
}

}  // namespace mstr
