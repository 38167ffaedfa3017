#pragma once
// Per-request options and the response type, so a call reads like requests in Python:
//   session.get("projects", {.project_id = id});
// A JSON body and a parsed answer are POCO's JSON (Poco::Dynamic::Var), the one JSON type of the
// public API (see session.hpp); a body written as text goes in `body` instead.

#include <mstr/sdk/http_client.hpp>

#include <Poco/Dynamic/Var.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mstr {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct RequestOptions {
  bool include_auth = true;                // send the session's X-MSTR-* headers and cookies
  std::optional<std::string> project_id;   // sent as X-MSTR-ProjectID
  // When false, the session's selected project (Session::select_project_by_id) is not sent.
  bool use_selected_project = true;
  HttpHeaders headers;                     // extra headers; they win over the session's
  QueryParams params;                      // appended to the URL, percent-encoded
  std::optional<Poco::Dynamic::Var> json;  // serialised as the body, Content-Type application/json
  std::optional<std::string> body;         // a raw body (ignored when json is set)
  std::string content_type;                // for a raw body
  std::optional<std::chrono::milliseconds> timeout;  // bounds this request's whole exchange and each read
  // When false (the default), an error status (>= 400) throws the typed exception.
  bool allow_error_status = false;
};

class Response {
 public:
  Response() = default;
  Response(HttpResponse raw, std::string url);

  int status() const noexcept { return raw_.status; }
  const std::string& reason() const noexcept { return raw_.reason; }
  const HttpHeaders& headers() const noexcept { return raw_.headers; }
  std::optional<std::string> header(std::string_view name) const { return raw_.header(name); }
  const std::string& text() const noexcept { return raw_.body; }
  const std::string& url() const noexcept { return url_; }
  bool ok() const noexcept { return raw_.ok(); }
  bool is_json() const;
  // Parses the body; throws mstr::Error naming the URL on a body that is not JSON.
  Poco::Dynamic::Var json() const;

 private:
  HttpResponse raw_;
  std::string url_;
};

}  // namespace mstr
