#include "session/cookie_jar.hpp"
#include "session/json_integer.hpp"

#include <mstr/errors.hpp>
#include <mstr/sdk/text.hpp>

#include <Poco/DateTime.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/IPAddress.h>

#include <algorithm>
#include <charconv>

namespace mstr::internal {
namespace {

// RFC 6265 trims blanks only: any other control character is refused, not trimmed away.
constexpr std::string_view kBlanks = " \t";

bool is_ip_address(std::string_view host) {
  Poco::Net::IPAddress address;
  return Poco::Net::IPAddress::tryParse(std::string(host), address);
}

// Control characters would let a cookie smuggle extra header lines into later requests.
bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// system_clock counts nanoseconds in 64 bits (about 292 years either side of 1970), so dates far
// out (Expires=Fri, 31 Dec 9999) are clamped rather than overflowing.
Clock::time_point from_epoch_seconds(std::int64_t seconds) {
  constexpr std::int64_t limit = std::int64_t{1} << 33;  // about the year 2242
  return Clock::time_point(std::chrono::seconds(std::clamp(seconds, -limit, limit)));
}

std::optional<Clock::time_point> parse_cookie_date(std::string_view text) {
  Poco::DateTime when;
  int zone = 0;
  if (!Poco::DateTimeParser::tryParse(std::string(text), when, zone)) return std::nullopt;
  const auto seconds = when.timestamp().epochTime() - zone;
  return from_epoch_seconds(seconds);
}

std::optional<std::int64_t> parse_max_age(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool negative = text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const auto [rest, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  // A number too large to represent is a cookie that outlives us: cap it at ten years.
  if (error == std::errc::result_out_of_range || value > 315360000) value = 315360000;
  else if (error != std::errc{} || rest != digits.data() + digits.size()) return std::nullopt;
  return negative ? -value : value;
}

bool expired(const Cookie& cookie, Clock::time_point now) { return cookie.expires && *cookie.expires <= now; }

[[noreturn]] void malformed(std::size_t index, const std::string& field, const std::string& problem) {
  throw SessionException("the persisted session is malformed: cookies[" + std::to_string(index) + "]." + field + " " +
                         problem);
}

std::string required_string(const Poco::JSON::Object& object, std::size_t index, const std::string& field,
                            bool allow_empty) {
  if (!object.has(field)) malformed(index, field, "is missing");
  const Poco::Dynamic::Var value = object.get(field);
  if (!value.isString()) malformed(index, field, "must be a string");
  std::string text = value.extract<std::string>();
  if (!allow_empty && text.empty()) malformed(index, field, "must not be empty");
  if (has_control_characters(text)) malformed(index, field, "contains control characters");
  return text;
}

bool optional_bool(const Poco::JSON::Object& object, std::size_t index, const std::string& field) {
  if (!object.has(field)) return false;
  const Poco::Dynamic::Var value = object.get(field);
  if (value.type() != typeid(bool)) malformed(index, field, "must be true or false");
  return value.extract<bool>();
}

}  // namespace

bool domain_matches(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  if (is_ip_address(host) || host.size() <= domain.size()) return false;
  return host.substr(host.size() - domain.size()) == domain && host[host.size() - domain.size() - 1] == '.';
}

bool path_matches(std::string_view request_path, std::string_view cookie_path) {
  if (request_path == cookie_path) return true;
  if (request_path.substr(0, cookie_path.size()) != cookie_path) return false;
  return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
}

std::string default_cookie_path(std::string_view request_path) {
  if (request_path.empty() || request_path.front() != '/') return "/";
  const auto last = request_path.rfind('/');
  if (last == 0) return "/";
  return std::string(request_path.substr(0, last));
}

void CookieJar::store(const CookieScope& scope, std::string_view set_cookie, Clock::time_point now) {
  if (set_cookie.size() > max_cookie_size || has_control_characters(set_cookie)) return;
  const auto first_semicolon = set_cookie.find(';');
  const std::string_view pair = set_cookie.substr(0, first_semicolon);
  const auto equals = pair.find('=');
  if (equals == std::string_view::npos) return;
  Cookie cookie;
  cookie.name = std::string(trim(pair.substr(0, equals), kBlanks));
  cookie.value = std::string(trim(pair.substr(equals + 1), kBlanks));
  if (cookie.name.empty()) return;

  std::optional<std::int64_t> max_age;
  std::optional<Clock::time_point> expires;
  std::string domain_attribute;
  std::string path_attribute;
  std::string_view attributes = first_semicolon == std::string_view::npos ? std::string_view{} : set_cookie.substr(first_semicolon + 1);
  while (!attributes.empty()) {
    const auto next = attributes.find(';');
    const std::string_view attribute = attributes.substr(0, next);
    attributes = next == std::string_view::npos ? std::string_view{} : attributes.substr(next + 1);
    const auto attribute_equals = attribute.find('=');
    const std::string_view key = trim(attribute.substr(0, attribute_equals), kBlanks);
    const std::string_view value = attribute_equals == std::string_view::npos
                                       ? std::string_view{}
                                       : trim(attribute.substr(attribute_equals + 1), kBlanks);
    if (iequals(key, "Expires")) {
      if (auto parsed = parse_cookie_date(value)) expires = parsed;
    } else if (iequals(key, "Max-Age")) {
      if (auto parsed = parse_max_age(value)) max_age = parsed;
    } else if (iequals(key, "Domain")) {
      std::string_view domain = value;
      if (!domain.empty() && domain.front() == '.') domain.remove_prefix(1);
      domain_attribute = to_lower(domain);
    } else if (iequals(key, "Path")) {
      path_attribute = std::string(value);
    } else if (iequals(key, "Secure")) {
      cookie.secure = true;
    } else if (iequals(key, "HttpOnly")) {
      cookie.http_only = true;
    }
  }

  // Max-Age wins over Expires; zero or negative means "delete now".
  if (max_age) {
    cookie.expires = *max_age <= 0 ? Clock::time_point::min() : now + std::chrono::seconds(*max_age);
  } else if (expires) {
    cookie.expires = expires;
  }
  if (domain_attribute.empty()) {
    cookie.domain = scope.host;
    cookie.host_only = true;
  } else {
    if (!domain_matches(scope.host, domain_attribute)) return;
    cookie.domain = domain_attribute;
    cookie.host_only = false;
  }
  cookie.path = !path_attribute.empty() && path_attribute.front() == '/' ? path_attribute : default_cookie_path(scope.path);
  // A Secure cookie may only be set over a secure channel (RFC 6265bis 5.4 step 8).
  if (cookie.secure && !scope.secure) return;

  std::lock_guard lock(mutex_);
  put(std::move(cookie), now);
}

void CookieJar::put(Cookie cookie, Clock::time_point now) {
  const auto same = std::find_if(cookies_.begin(), cookies_.end(), [&](const Cookie& stored) {
    return stored.name == cookie.name && stored.domain == cookie.domain && stored.path == cookie.path;
  });
  if (expired(cookie, now)) {
    if (same != cookies_.end()) cookies_.erase(same);
    return;
  }
  if (same != cookies_.end()) {
    // Replacing keeps the original creation order, as RFC 6265 5.3 step 11 says.
    *same = std::move(cookie);
    return;
  }
  std::erase_if(cookies_, [&](const Cookie& stored) { return expired(stored, now); });
  if (cookies_.size() >= max_cookies) cookies_.erase(cookies_.begin());
  cookies_.push_back(std::move(cookie));
}

std::string CookieJar::header_for(const CookieScope& scope, Clock::time_point now) const {
  std::vector<const Cookie*> matching;
  std::lock_guard lock(mutex_);
  if (cookies_.empty()) return {};
  for (const Cookie& cookie : cookies_) {
    if (expired(cookie, now) || (cookie.secure && !scope.secure)) continue;
    if (cookie.host_only ? scope.host != cookie.domain : !domain_matches(scope.host, cookie.domain)) continue;
    if (!path_matches(scope.path, cookie.path)) continue;
    matching.push_back(&cookie);
  }
  std::stable_sort(matching.begin(), matching.end(),
                   [](const Cookie* a, const Cookie* b) { return a->path.size() > b->path.size(); });
  std::string header;
  for (const Cookie* cookie : matching) {
    if (!header.empty()) header += "; ";
    header += cookie->name;
    header += '=';
    header += cookie->value;
  }
  return header;
}

bool CookieJar::empty() const {
  std::lock_guard lock(mutex_);
  return cookies_.empty();
}

std::vector<Cookie> CookieJar::cookies() const {
  std::lock_guard lock(mutex_);
  return cookies_;
}

void CookieJar::clear() {
  std::lock_guard lock(mutex_);
  cookies_.clear();
}

Poco::JSON::Array::Ptr CookieJar::to_json() const {
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  std::lock_guard lock(mutex_);
  for (const Cookie& cookie : cookies_) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("name", cookie.name);
    object->set("value", cookie.value);
    object->set("domain", cookie.domain);
    object->set("path", cookie.path);
    object->set("host_only", cookie.host_only);
    object->set("secure", cookie.secure);
    object->set("http_only", cookie.http_only);
    if (cookie.expires) {
      object->set("expires", static_cast<Poco::Int64>(
                                 std::chrono::duration_cast<std::chrono::seconds>(cookie.expires->time_since_epoch()).count()));
    }
    array->add(object);
  }
  return array;
}

void CookieJar::load_json(const Poco::JSON::Array& array, Clock::time_point now) {
  std::vector<Cookie> loaded;
  for (std::size_t index = 0; index < array.size(); ++index) {
    const Poco::Dynamic::Var item = array.get(static_cast<unsigned>(index));
    if (item.type() != typeid(Poco::JSON::Object::Ptr)) {
      throw SessionException("the persisted session is malformed: cookies[" + std::to_string(index) + "] is not an object");
    }
    const auto& object = *item.extract<Poco::JSON::Object::Ptr>();
    Cookie cookie;
    cookie.name = required_string(object, index, "name", false);
    cookie.value = required_string(object, index, "value", true);
    cookie.domain = to_lower(required_string(object, index, "domain", false));
    cookie.path = required_string(object, index, "path", false);
    if (cookie.path.front() != '/') malformed(index, "path", "must start with '/'");
    if (cookie.name.find_first_of("=;") != std::string::npos) malformed(index, "name", "contains '=' or ';'");
    if (cookie.value.find(';') != std::string::npos) malformed(index, "value", "contains ';'");
    cookie.host_only = object.has("host_only") ? optional_bool(object, index, "host_only") : true;
    cookie.secure = optional_bool(object, index, "secure");
    cookie.http_only = optional_bool(object, index, "http_only");
    if (object.has("expires")) {
      const std::optional<std::int64_t> expires = json_int64(object.get("expires"));
      if (!expires) malformed(index, "expires", "must be a number of seconds since 1970");
      cookie.expires = from_epoch_seconds(*expires);
    }
    if (!expired(cookie, now)) loaded.push_back(std::move(cookie));
  }
  if (loaded.size() > max_cookies) loaded.erase(loaded.begin(), loaded.end() - static_cast<std::ptrdiff_t>(max_cookies));
  std::lock_guard lock(mutex_);
  cookies_ = std::move(loaded);
}

}  // namespace mstr::internal
