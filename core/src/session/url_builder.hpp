#pragma once
// Composes request URLs from the session's base URL, a relative path and query parameters.

#include <mstr/request_options.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace mstr::internal {

struct BaseUrl {
  std::string url;          // always ends with '/'
  std::string host;         // lower case, no IPv6 brackets
  std::size_t path_start;   // index of the path's first '/' in url (and in every URL joined to it)
  bool secure = false;      // https
  bool loopback = false;
};

// Throws ConfigurationError for anything but an http(s):// URL with a host and no user
// information, query or fragment. The Library application's URL (".../MicroStrategyLibrary" with
// or without a trailing '/', as mstrio-py takes it) gets "api/" added; any other path is kept.
BaseUrl parse_base_url(std::string_view base_url);

// `base.url` + `path` with exactly one '/' between them: "/projects" and "projects" give the same
// URL and "api/" is never lost. An absolute URL is accepted only when it lies under the base URL,
// so a session's token and cookies never go to another server; a path whose ".." segments climb
// above the base URL is refused (require_path_inside), so they never go to another application on
// the same server either. A result that still has "//" in
// its path is logged as a warning on "mstr.session".
std::string join_url(const BaseUrl& base, std::string_view path);

// Throws ConfigurationError when `relative_path` (relative to the base URL; its query is ignored)
// has more ".." segments than segments before them: plain, percent-encoded once or several times
// (%2e%2e, .%2E, %252e%252e), split by '/' or a backslash (or an encoded one), or with ";parameters".
void require_path_inside(std::string_view relative_path);

// Appends `params` percent-encoded (mstr::percent_encode), after '?' or '&' as the URL needs.
void append_query(std::string& url, const QueryParams& params);

// The path of a URL joined to `base` (no query or fragment), for cookie matching.
std::string_view url_path(const BaseUrl& base, std::string_view url);

}  // namespace mstr::internal
