#pragma once
// Session's state, shared by the files that implement it (requests, auth calls, persistence).

#include "session/cookie_jar.hpp"
#include "session/session_expiry_handler.hpp"
#include "session/url_builder.hpp"

#include <mstr/session.hpp>

#include <atomic>
#include <cstdint>
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

  // Sends one request (with the retries of options.retry) and returns the raw answer; keeps cookies
  // always and X-MSTR-* headers of a successful answer; throws the typed server error for a status
  // >= 400 unless options.allow_error_status. `sends_credentials` marks a request that carries
  // credentials of its own (login, delegation, an identity token to validate): it is never healed.
  // `may_heal`: a request refused for an expired session goes through the expiry handler and is
  // replayed once (logout passes false: there is nothing to heal on the way out).
  HttpResponse perform(std::string_view method, std::string_view path, const RequestOptions& options,
                       bool sends_credentials, std::string& url, bool may_heal = true);

  // The request as sent now: the session's current headers and cookies (when options.include_auth)
  // and the auth generation they belong to. Throws ConfigurationError for bad headers and for
  // credentials bound for a remote host over plain http://.
  HttpRequest build_request(const std::string& method, const std::string& url, const RequestOptions& options,
                            bool sends_credentials, std::uint64_t& generation) const;
  void keep_mstr_headers(const HttpHeaders& headers);
  internal::CookieScope cookie_scope(std::string_view url) const;
  // Throws SessionException when the session has no auth token (after letting the expiry handler,
  // if any and `may_heal`, log in again).
  void require_session(const char* call, bool may_heal = true);

  internal::BaseUrl base;
  SessionOptions options;
  std::shared_ptr<IHttpClient> http;
  Poco::Logger& logger;

  mutable std::shared_mutex headers_mutex;
  std::map<std::string, std::string, CaseInsensitiveLess> mstr_headers;
  // Guarded by headers_mutex; increases whenever the auth token is replaced or dropped, so a
  // request refused for an expired session tells which login it was sent with.
  std::uint64_t auth_generation = 0;
  // Guarded by headers_mutex: sent as X-MSTR-ProjectID with every request that carries the session.
  std::optional<Project> selected_project;
  std::atomic<internal::SessionExpiryHandler*> expiry_handler{nullptr};
  internal::CookieJar cookies;

  mutable std::shared_mutex projects_mutex;
  std::optional<std::vector<Project>> projects;
};

}  // namespace mstr
