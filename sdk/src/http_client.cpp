#include <mstr/sdk/http_client.hpp>

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/text.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace mstr {
namespace {

// The parts of a URL that decide where it connects. Stricter than RFC 3986 where a lenient parser
// and the connecting one could disagree on the host: a backslash, a space, a control character or a
// second '@' in the authority makes the URL invalid instead of a guess.
struct UrlParts {
  std::string scheme;  // lower case; empty when the text has none
  std::string host;    // an IPv6 literal without its brackets
};

std::optional<UrlParts> split_url(std::string_view url) {
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
    const bool broken_escape = c == '%' && (i + 2 >= url.size() || hex_digit_value(url[i + 1]) < 0 ||
                                            hex_digit_value(url[i + 2]) < 0);
    if (broken_escape) return std::nullopt;
  }
  UrlParts parts;
  const auto colon = url.find(':');
  const auto scheme_ends = url.find_first_of("/?#");
  if (colon == std::string_view::npos || colon == 0 || colon > scheme_ends) return parts;  // no scheme
  for (const char c : url.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return parts;
    parts.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  std::string_view rest = url.substr(colon + 1);
  if (!rest.starts_with("//")) return parts;  // no authority: no host
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('\\') != std::string_view::npos) return std::nullopt;
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    if (authority.substr(0, at).find('@') != std::string_view::npos) return std::nullopt;
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    parts.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
  } else {
    const auto port_colon = authority.find(':');
    parts.host = std::string(authority.substr(0, port_colon));
    if (port_colon != std::string_view::npos) port = authority.substr(port_colon + 1);
  }
  if (!port.empty()) {
    unsigned number = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (error != std::errc() || end != port.data() + port.size() || number > 65535) return std::nullopt;
  }
  return parts;
}

}  // namespace

std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

bool is_loopback_host(std::string_view host) noexcept {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (iequals(host, "localhost")) return true;
  // Dotted quads and IPv6 text only: inet_aton's shorthands ("127.1", "2130706433") are not loopback
  // here, so no reader of the same text can take it for another host.
  const std::string text(host);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

void require_secure_url(std::string_view url, std::string_view what) {
  const auto parts = split_url(url);
  if (!parts) throw ConfigurationError(std::string(what) + " is not a valid URL");
  if (parts->scheme == "https") return;
  if (parts->scheme == "http" && is_loopback_host(parts->host)) return;
  if (parts->scheme == "http") {
    throw ConfigurationError(std::string(what) + " " + parts->host +
                             " uses plain http://, which is allowed only for loopback hosts; use https://");
  }
  throw ConfigurationError(std::string(what) + " must be an https:// URL");
}

}  // namespace mstr
