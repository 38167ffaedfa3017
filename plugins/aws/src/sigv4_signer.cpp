#include "sigv4_signer.hpp"

#include "hashing.hpp"
#include "provider_error.hpp"

#include <mstr/sdk/text.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <algorithm>
#include <ctime>
#include <map>
#include <vector>

namespace mstr::internal::aws {
namespace {

struct UrlParts {
  std::string host;  // host[:port], without a default port
  std::string path;
  std::string query;
};

// Splits the URL by hand rather than with Poco::URI, which would decode and re-encode the path
// and query before the signer sees them.
UrlParts split_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) throw provider_error("cannot sign a request to a URL without a scheme");
  const std::string scheme = url.substr(0, scheme_end);
  const auto authority_begin = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?", authority_begin);
  UrlParts parts;
  parts.host = url.substr(authority_begin, authority_end == std::string::npos ? std::string::npos
                                                                                : authority_end - authority_begin);
  if (const auto colon = parts.host.rfind(':');
      colon != std::string::npos && parts.host.find(']', colon) == std::string::npos) {
    const std::string port = parts.host.substr(colon + 1);
    if ((scheme == "https" && port == "443") || (scheme == "http" && port == "80")) parts.host.erase(colon);
  }
  if (authority_end == std::string::npos) {
    parts.path = "/";
    return parts;
  }
  const auto query_begin = url.find('?', authority_end);
  parts.path = url.substr(authority_end, query_begin == std::string::npos ? std::string::npos : query_begin - authority_end);
  if (parts.path.empty()) parts.path = "/";
  if (query_begin != std::string::npos) parts.query = url.substr(query_begin + 1);
  return parts;
}

// Services other than S3 sign the path with dot segments and empty segments removed, each segment
// URI-encoded once more.
std::string canonical_uri(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    const auto end = std::min(path.find('/', begin), path.size());
    const std::string segment = path.substr(begin, end - begin);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    begin = end + 1;
  }
  std::string out;
  for (const auto& segment : segments) out += "/" + percent_encode(segment);
  const bool trailing_slash = path.size() > 1 && (path.back() == '/');
  if (out.empty()) return "/";
  if (trailing_slash) out += "/";
  return out;
}

std::string canonical_query(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t begin = 0;
  while (begin < query.size()) {
    const auto end = std::min(query.find('&', begin), query.size());
    const std::string item = query.substr(begin, end - begin);
    if (!item.empty()) {
      const auto equals = item.find('=');
      const std::string key = item.substr(0, equals);
      const std::string value = equals == std::string::npos ? std::string() : item.substr(equals + 1);
      pairs.emplace_back(percent_encode(percent_decode(key)), percent_encode(percent_decode(value)));
    }
    begin = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out += '&';
    out += key + "=" + value;
  }
  return out;
}

// SigV4 trims blanks only.
constexpr std::string_view kBlanks = " \t";

// Trims the value and collapses runs of spaces. A value folded over several lines (obsolete HTTP
// line folding) is signed as its lines joined by commas, as the reference signer does.
std::string canonical_header_value(std::string_view value) {
  std::string joined;
  std::size_t begin = 0;
  while (begin <= value.size()) {
    const auto end = std::min(value.find('\n', begin), value.size());
    std::string line(trim(value.substr(begin, end - begin), kBlanks));
    if (!line.empty() && line.back() == '\r') {
      line = std::string(trim(std::string_view(line).substr(0, line.size() - 1), kBlanks));
    }
    if (!line.empty()) {
      if (!joined.empty()) joined += ',';
      joined += line;
    }
    begin = end + 1;
  }
  std::string out;
  for (const char c : joined) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return out;
}

// Lower-cased names, in order, each with its values joined by commas in the order they appear.
std::map<std::string, std::string> canonical_headers(const HttpHeaders& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) {
    auto& slot = out[to_lower(trim(name, kBlanks))];
    if (!slot.empty()) slot += ',';
    slot += canonical_header_value(value);
  }
  return out;
}

std::string signed_header_list(const std::map<std::string, std::string>& headers) {
  std::string out;
  for (const auto& entry : headers) {
    if (!out.empty()) out += ';';
    out += entry.first;
  }
  return out;
}

}  // namespace

SigV4Signer::SigV4Signer(std::string service, std::string region)
    : service_(std::move(service)), region_(std::move(region)) {}

std::string SigV4Signer::format_amz_date(Clock::time_point when) {
  const std::time_t seconds = Clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string SigV4Signer::credential_scope(std::string_view amz_date) const {
  return std::string(amz_date.substr(0, 8)) + "/" + region_ + "/" + service_ + "/aws4_request";
}

std::string SigV4Signer::canonical_request(const HttpRequest& request) const {
  const UrlParts url = split_url(request.url);
  HttpHeaders headers = request.headers;
  if (!find_header(headers, "host")) headers.emplace_back("host", url.host);
  const auto canonical = canonical_headers(headers);
  std::string out = request.method + "\n" + canonical_uri(url.path) + "\n" + canonical_query(url.query) + "\n";
  for (const auto& [name, value] : canonical) out += name + ":" + value + "\n";
  out += "\n" + signed_header_list(canonical) + "\n" + sha256_hex(request.body);
  return out;
}

std::string SigV4Signer::string_to_sign(std::string_view amz_date, std::string_view canonical_request) const {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + credential_scope(amz_date) + "\n" +
         sha256_hex(canonical_request);
}

std::string SigV4Signer::signature(const SecretValue& secret_access_key, std::string_view amz_date,
                                   std::string_view string_to_sign) const {
  std::string key = "AWS4" + std::string(secret_access_key.reveal());
  for (const std::string_view part : {amz_date.substr(0, 8), std::string_view(region_), std::string_view(service_),
                                      std::string_view("aws4_request")}) {
    const std::string next = hmac_sha256(key, part);
    std::fill(key.begin(), key.end(), '\0');
    key = next;
  }
  const std::string result = to_hex(hmac_sha256(key, string_to_sign));
  std::fill(key.begin(), key.end(), '\0');
  return result;
}

void SigV4Signer::sign(HttpRequest& request, const AwsCredentials& credentials, Clock::time_point now) const {
  if (!find_header(request.headers, "host")) request.headers.emplace_back("Host", split_url(request.url).host);
  std::string amz_date;
  if (const auto preset = find_header(request.headers, "x-amz-date")) {
    amz_date = trim(*preset, kBlanks);
  } else {
    amz_date = format_amz_date(now);
    request.headers.emplace_back("X-Amz-Date", amz_date);
  }
  const bool has_token =
      !credentials.session_token.empty() && !find_header(request.headers, "x-amz-security-token");
  if (has_token && sign_session_token_) {
    request.headers.emplace_back("X-Amz-Security-Token", std::string(credentials.session_token.reveal()));
  }
  const std::string canonical = canonical_request(request);
  const std::string signed_headers = canonical.substr(0, canonical.rfind('\n'));
  const std::string header_list = signed_headers.substr(signed_headers.rfind('\n') + 1);
  const std::string authorization =
      "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope(amz_date) +
      ", SignedHeaders=" + header_list +
      ", Signature=" + signature(credentials.secret_access_key, amz_date, string_to_sign(amz_date, canonical));
  if (has_token && !sign_session_token_) {
    request.headers.emplace_back("X-Amz-Security-Token", std::string(credentials.session_token.reveal()));
  }
  request.headers.emplace_back("Authorization", authorization);
}

}  // namespace mstr::internal::aws
