#include "session/url_builder.hpp"

#include <mstr/request_path.hpp>
#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/text.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/URI.h>

#include <algorithm>

namespace mstr::internal {
namespace {

// A segment a server may take for "..": Tomcat, which hosts the Library, drops ";parameters".
bool is_parent_segment(std::string_view segment) { return segment.substr(0, segment.find(';')) == ".."; }

}  // namespace

void require_path_inside(std::string_view relative_path) {
  std::string path(relative_path.substr(0, relative_path.find_first_of("?#")));
  // Servers and proxies in front of them may decode more than once (%252e%252e): every decoding,
  // up to a few rounds, must stay inside.
  for (int round = 0; round < 4; ++round) {
    std::string decoded = percent_decode(path);
    if (decoded == path) break;
    path = std::move(decoded);
  }
  // Some servers split segments at backslashes too and others keep them as text; the path must stay
  // inside either way.
  for (const char* separators : {"/", "/\\"}) {
    long depth = 0;
    std::size_t start = 0;
    while (start <= path.size()) {
      const std::size_t end = std::min(path.find_first_of(separators, start), path.size());
      const std::string_view segment = std::string_view(path).substr(start, end - start);
      if (is_parent_segment(segment)) {
        if (--depth < 0) {
          throw ConfigurationError(
              "the request path climbs above the base URL with '..' segments (plain or "
              "percent-encoded); pass a path under the base URL");
        }
      } else if (!segment.empty() && segment != ".") {
        ++depth;
      }
      start = end + 1;
    }
  }
}

BaseUrl parse_base_url(std::string_view base_url) {
  const std::string text(trim(base_url));
  if (text.empty())
    throw ConfigurationError("the base URL is empty; expected https://HOST/MicroStrategyLibrary/api/");
  Poco::URI uri;
  try {
    uri = Poco::URI(text);
  } catch (const Poco::Exception& error) {
    throw ConfigurationError("the base URL is not a valid URL (" + error.message() +
                             "); expected https://HOST/MicroStrategyLibrary/api/");
  }
  const std::string scheme = to_lower(uri.getScheme());
  if (scheme != "http" && scheme != "https") {
    throw ConfigurationError(
        "the base URL must start with https:// (or http:// for a loopback host); expected "
        "https://HOST/MicroStrategyLibrary/api/");
  }
  if (uri.getHost().empty()) throw ConfigurationError("the base URL has no host");
  // Never echo user information: it is usually a password.
  if (!uri.getUserInfo().empty())
    throw ConfigurationError("the base URL must not carry user information (user:password@)");
  // The raw text is what is checked: an empty query or fragment ("api?", "api#") parses as none,
  // yet paths joined after it would land in it.
  if (text.find_first_of("?#") != std::string::npos) {
    throw ConfigurationError("the base URL must not have a query or fragment");
  }
  BaseUrl base;
  base.secure = scheme == "https";
  base.host = to_lower(uri.getHost());
  base.loopback = is_loopback_host(base.host);
  const auto authority_start = text.find("://") + 3;
  base.path_start = text.find('/', authority_start);
  base.url = text;
  if (base.path_start == std::string::npos) base.path_start = base.url.size();
  if (base.url.back() != '/') base.url.push_back('/');
  // mstrio-py takes the Library application's URL and adds "api" itself; so does this.
  const std::string_view path = std::string_view(base.url).substr(base.path_start);
  constexpr std::string_view library = "/MicroStrategyLibrary/";
  if (path.size() >= library.size() && iequals(path.substr(path.size() - library.size()), library)) {
    base.url += "api/";
  }
  return base;
}

std::string join_url(const BaseUrl& base, std::string_view path) {
  std::string url;
  if (path.find("://") != std::string_view::npos) {
    if (path.substr(0, base.url.size()) != base.url) {
      throw ConfigurationError("an absolute URL outside the session's base URL " + base.url +
                               " was given as a path; pass a path relative to the base URL");
    }
    require_path_inside(path.substr(base.url.size()));
    url = std::string(path);
  } else {
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    require_path_inside(path);
    url.reserve(base.url.size() + path.size());
    url = base.url;
    url.append(path);
  }
  if (url_path(base, url).find("//") != std::string_view::npos) {
    static Poco::Logger& logger = Poco::Logger::get("mstr.session");
    logger.warning("the request URL %s has '//' in its path; check the base URL and the path",
                   std::string(url_path(base, url)));
  }
  return url;
}

void append_query(std::string& url, const QueryParams& params) {
  if (params.empty()) return;
  char separator = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [key, value] : params) {
    url.push_back(separator);
    url += percent_encode(key);
    url.push_back('=');
    url += percent_encode(value);
    separator = '&';
  }
}

std::string_view url_path(const BaseUrl& base, std::string_view url) {
  if (base.path_start >= url.size()) return "/";
  std::string_view path = url.substr(base.path_start);
  const auto end = path.find_first_of("?#");
  return end == std::string_view::npos ? path : path.substr(0, end);
}

}  // namespace mstr::internal

namespace mstr {

void check_request_path(std::string_view path) {
  if (path.find("://") != std::string_view::npos) return;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  internal::require_path_inside(path);
}

}  // namespace mstr
