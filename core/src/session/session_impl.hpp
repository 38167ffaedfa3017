#pragma once
// Session's state, shared by the files that implement it (requests, auth calls, persistence).

#include "session/cookie_jar.hpp"
#include "session/url_builder.hpp"

#include <mstr/session.hpp>

#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace Poco {
class Logger;
}

namespace mstr {

struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

struct Session::Impl {
  Impl(std::string base_url, SessionOptions options);

  // Sends one request and returns the raw answer; keeps cookies always and X-MSTR-* headers of a
  // successful answer; throws the typed server error for a status >= 400 unless
  // options.allow_error_status. `sends_credentials` marks a body that carries credentials (login).
  HttpResponse perform(std::string_view method, std::string_view path, const RequestOptions& options,
                       bool sends_credentials, std::string& url);

  void keep_mstr_headers(const HttpHeaders& headers);
  internal::CookieScope cookie_scope(std::string_view url) const;
  void require_session(const char* call) const;

  internal::BaseUrl base;
  SessionOptions options;
  std::shared_ptr<IHttpClient> http;
  Poco::Logger& logger;

  mutable std::shared_mutex headers_mutex;
  std::map<std::string, std::string, CaseInsensitiveLess> mstr_headers;
  internal::CookieJar cookies;

  mutable std::shared_mutex projects_mutex;
  std::optional<std::vector<Project>> projects;
};

}  // namespace mstr
