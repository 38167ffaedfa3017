#pragma once
// An RFC 6265 cookie jar: the Library server pairs its auth token with a JSESSIONID cookie and load
// balancers add their own, so every cookie is kept and sent back where its Domain, Path, Secure
// and expiry say it belongs. Thread-safe.

#include <Poco/JSON/Array.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr::internal {

using Clock = std::chrono::system_clock;

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;  // lower case, no leading dot
  std::string path;
  bool host_only = true;  // no Domain attribute: only the exact host gets it back
  bool secure = false;
  bool http_only = false;
  std::optional<Clock::time_point> expires;  // none: a session cookie
};

// Where a request goes, as far as cookies care.
struct CookieScope {
  std::string host;  // lower case
  std::string path;  // starts with '/', no query
  bool secure = false;
};

class CookieJar {
 public:
  // Applies one Set-Cookie header value received from `scope`. A malformed cookie, or one whose
  // Domain does not cover the host, is ignored (as a browser would); an expired one deletes its
  // stored namesake.
  void store(const CookieScope& scope, std::string_view set_cookie, Clock::time_point now = Clock::now());

  // The Cookie header value for a request to `scope` ("" when no cookie applies): longer paths
  // first, then older cookies first.
  std::string header_for(const CookieScope& scope, Clock::time_point now = Clock::now()) const;

  bool empty() const;
  std::vector<Cookie> cookies() const;
  void clear();

  // Persistence: an array of cookie objects. load_json() throws SessionException naming the first
  // missing or malformed field ("cookies[1].domain"); expired cookies are dropped while loading.
  Poco::JSON::Array::Ptr to_json() const;
  void load_json(const Poco::JSON::Array& cookies, Clock::time_point now = Clock::now());

  // Bounds on what a server can make us keep.
  static constexpr std::size_t max_cookies = 300;
  static constexpr std::size_t max_cookie_size = 4096;

 private:
  void put(Cookie cookie, Clock::time_point now);

  mutable std::mutex mutex_;
  std::vector<Cookie> cookies_;  // in order of creation
};

// RFC 6265 5.1.3 and 5.1.4, exposed for tests.
bool domain_matches(std::string_view host, std::string_view domain);
bool path_matches(std::string_view request_path, std::string_view cookie_path);
std::string default_cookie_path(std::string_view request_path);

}  // namespace mstr::internal
