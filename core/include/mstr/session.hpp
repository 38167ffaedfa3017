#pragma once
// mstr::Session: a session with one Library server (the counterpart of mstr-rest-requests'
// MSTRRESTSession).
//
// It joins relative paths to the base URL (".../MicroStrategyLibrary/api/"), keeps every X-MSTR-*
// header of a successful response (that is how X-MSTR-AuthToken arrives) and every cookie in a real
// cookie jar, and sends them back with each request. Thread safety: one Session may be shared by any
// number of threads; requests run concurrently over a pool of keep-alive connections, and the
// header and cookie state is updated atomically per response.
//
// JSON: where a server's answer is handed over whole (UserInfo::raw, ServerStatus::raw,
// get_session_info(), Response::json()), it is POCO's JSON (Poco::JSON::Object::Ptr,
// Poco::Dynamic::Var), the one JSON type of the public API; a host that builds against these headers
// has POCO's headers on its include path through the CMake package. Everything typed is standard C++.

#include <mstr/request_options.hpp>
#include <mstr/sdk/auth_mode.hpp>
#include <mstr/sdk/secret_value.hpp>
#include <mstr/session_options.hpp>

#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mstr {

namespace internal {
struct SessionAccess;
}

struct LoginParams {
  std::optional<SecretValue> username;
  std::optional<SecretValue> password;
  int login_mode = 1;
  std::optional<int> application_type;  // the session's option when unset
};

struct Project {
  std::string id;
  std::string name;
};

// GET sessions/userInfo, typed (mstrio-py's Connection.user_id, user_full_name, user_initials).
struct UserInfo {
  std::string id;
  std::string full_name;
  std::string initials;
  std::string username;
  Poco::JSON::Object::Ptr raw;  // the whole answer
};

struct ServerStatus {
  std::string web_version;
  std::string iserver_version;
  Poco::Dynamic::Var raw;
};

class Session : public ILoginChannel {
 public:
  explicit Session(std::string base_url, SessionOptions options = {});
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;

  const std::string& base_url() const noexcept;
  const SessionOptions& session_options() const noexcept;
  // base URL + path, with exactly one '/' between them.
  std::string url_for(std::string_view path) const;

  Response request(std::string_view method, std::string_view path, const RequestOptions& options = {});
  Response get(std::string_view path, const RequestOptions& options = {});
  Response post(std::string_view path, const RequestOptions& options = {});
  Response put(std::string_view path, const RequestOptions& options = {});
  Response patch(std::string_view path, const RequestOptions& options = {});
  Response del(std::string_view path, const RequestOptions& options = {});
  Response head(std::string_view path, const RequestOptions& options = {});
  Response options(std::string_view path, const RequestOptions& options = {});

  // Auth state.
  bool has_session() const;
  void destroy_auth_token();
  // The X-MSTR-* headers the session sends (a copy).
  std::map<std::string, std::string> mstr_headers() const;

  // POST auth/login.
  void login(const LoginParams& params);
  // POST auth/logout; drops the token on success.
  void logout();
  // POST auth/delegate with loginMode -1.
  void delegate(const SecretValue& identity_token);
  // POST auth/identityToken: a new identity token from the X-MSTR-IdentityToken response header.
  SecretValue create_identity_token();
  // GET auth/identityToken with the token in X-MSTR-IdentityToken: true when the server accepts it.
  bool validate_identity_token(const SecretValue& identity_token);

  // Sessions (SessionException without a token).
  Poco::JSON::Object::Ptr get_session_info();
  void extend_session();

  // Projects.
  std::vector<Project> get_projects();
  // get_projects() and remember the name <-> id mapping.
  const std::vector<Project>& load_projects();
  // Throws mstr::Error when projects were not loaded, ResourceNotFoundException-like error when the
  // name is unknown.
  std::string get_project_id(std::string_view name) const;
  std::string get_project_name(std::string_view id) const;

  // The project every request that carries the session is scoped to (X-MSTR-ProjectID), as
  // mstrio-py's Connection.select_project. A request's own RequestOptions::project_id or
  // X-MSTR-ProjectID header wins; RequestOptions::use_selected_project = false leaves it out.
  // Both look the project up with GET projects; an unknown one throws ResourceNotFoundException
  // naming it and leaves the selection as it was.
  void select_project_by_id(std::string_view id);
  void select_project_by_name(std::string_view name);
  void clear_project();
  std::optional<Project> selected_project() const;

  // GET sessions/userInfo (mstr-rest-requests' get_userinfo): the typed fields and the whole answer.
  UserInfo user_info();
  // mstrio-py's Connection.status(): true when GET sessions answers 200, false when the session is
  // gone (no token, ERR009, 401). Never logs in again. Throws for anything else (a server error,
  // a transport failure).
  bool is_alive();

  ServerStatus get_status();
  // Throws VersionException naming `feature` when GET status reports an Intelligence Server older
  // than `minimum` (dotted numbers, "11.3.0960"; missing parts count as 0).
  void require_server_version(std::string_view minimum, std::string_view feature);

  // Persistence: base URL, X-MSTR-* headers, cookies and the selected project. The document holds the auth token: store
  // it like a password (the CLI writes it 0600).
  std::string to_json() const;
  // Throws SessionException naming what is missing or malformed.
  static Session from_json(std::string_view document, SessionOptions options = {});

  // ILoginChannel, for auth-mode plugins.
  HttpResponse post_json(std::string_view path, const std::string& json_body, bool include_auth) override;
  int application_type() const override;

  // The host's HTTP client with this session's TLS, proxy and timeout settings, for provider
  // plugins and for callers with requests outside the Library API.
  IHttpClient& http_client();

 private:
  friend struct internal::SessionAccess;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
