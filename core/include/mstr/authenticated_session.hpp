#pragma once
// mstr::AuthenticatedSession: a Session that logs in when opened and logs out when destroyed (the
// counterpart of mstr-rest-requests' AuthenticatedMSTRRESTSession context manager).
//
// It heals: a request through it (auth->get(...) or auth.session().get(...), from any thread) that
// the server refuses because the session expired or was dropped (ERR009, or 401 outside the login
// endpoints) makes it log in again once, with credentials resolved afresh through the providers
// (or, while the vault cannot answer, their last values within AuthConfig::secret_cache's grace),
// and the request is replayed once. A login the server refuses (LoginFailureException, ERR003) is
// tried once more when fetching the credentials again gives a changed value, so a password
// rotated in the vault is picked up without a restart. Many threads hitting the same expiry cause one login
// between them. A delegated (identity-token) session cannot log in again: the request raises SessionException
// saying so.
//
// Between processes it moves as a saved document (save(), then AuthConfig::saved_session), the way
// the CLI's --session-file does. A saved session is bound to its server: credentials from the config
// go only to the configured base URL, never to a server named by the document alone.

#include <mstr/credential.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/session.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mstr {

struct AuthConfig {
  Credential base_url = Credential::value(std::string{});
  // The auth mode plugin's name. When unset it is inferred: identity token, else API key, else
  // username and password, else anonymous.
  std::optional<std::string> mode;
  std::optional<Credential> username;
  std::optional<Credential> password;
  std::optional<Credential> api_key;
  std::optional<Credential> identity_token;
  // A project selected right after login, by id or by name (not both); re-logins keep it.
  std::optional<std::string> project_id;
  std::optional<std::string> project_name;
  SessionOptions options;
  // The credentials of options.proxy, resolved like the others (a reference such as
  // "aws-sm:corp/proxy#password" goes through its provider); they replace options.proxy's.
  std::optional<Credential> proxy_username;
  std::optional<Credential> proxy_password;
  // When set, PUT sessions this often while the session is open, so the server's idle timeout
  // (choose an interval below it) does not end a session the host is keeping for later. Off by
  // default: an idle session then expires on the server and heals on its next request.
  std::optional<std::chrono::milliseconds> keep_alive;
  // How long fetched secrets are trusted, and how long the last one stands in for a vault that cannot
  // answer (default: fetched again after 10 minutes, stale values for up to an hour; see
  // docs/reliability.md).
  SecretCachePolicy secret_cache;
  // The plugins to use; discovered with default options when null.
  std::shared_ptr<PluginRegistry> plugins;
  // A document from AuthenticatedSession::save(): opening resumes that server session instead of
  // logging in, and heals it if it has expired. It is used only when it belongs to the configured
  // base URL (or no base URL is configured) and was made with the configured mode (or none is
  // configured) and, when both name a user, was made by the configured user name; otherwise it is set
  // aside, with a warning logged, and opening logs in afresh.
  // Resumed without a configured base URL, the session cannot log in again: the credentials would
  // go to a server only the document names, so healing throws SessionException asking for it.
  std::optional<std::string> saved_session;
  // Leave the server session open when closing (no logout), for a session saved to resume later.
  bool keep_server_session = false;
};

class AuthenticatedSession {
 public:
  // Resolves the credentials, picks the auth mode, logs in. Throws on any failure; nothing is left
  // logged in when it throws.
  static AuthenticatedSession open(AuthConfig config);
  explicit AuthenticatedSession(AuthConfig config);

  // mstrio-py's get_connection(connection_data): `document` is Workstation's connection data,
  // {"defaultEnvironment": {"url": LIBRARY_URL, "headers": {NAME: VALUE}, "cookies": [{"name",
  // "value", ...}]}}, which describes a session Workstation already holds. Its headers and cookies
  // obtain an identity token (POST auth/identityToken), and the new session is delegated with it
  // (the "identity" mode); `config` supplies the options, plugins and project, its base URL and
  // credentials are replaced. Throws ConfigurationError for a malformed document (never quoting
  // its values), SessionException when the Workstation session has ended, NotSupportedError when
  // the server issues no identity tokens.
  static AuthenticatedSession from_connection_data(std::string_view document, AuthConfig config = {});

  AuthenticatedSession(AuthenticatedSession&&) noexcept;
  AuthenticatedSession& operator=(AuthenticatedSession&&) noexcept;
  // Logs out unless the mode says not to (delegated sessions); never throws, logs failures.
  ~AuthenticatedSession();

  Session& session();
  Session* operator->() { return &session(); }
  const std::string& mode() const;

  // Logs out now (idempotent), unless keep_server_session is set. Throws on failure, unlike the
  // destructor.
  void close();

  // The session as a document for AuthConfig::saved_session: the Session::to_json() state and the
  // auth mode. It holds the auth token: store it like a password (mode 0600).
  std::string save() const;
  // The user name the session logged in with (or the saved session's), for saying as whom; empty
  // for a mode without one (API key, anonymous, identity token) and for a session saved before it
  // was kept.
  std::string username() const;
  // True when opening took over AuthConfig::saved_session instead of logging in.
  bool resumed() const;

  // Logs in again with freshly resolved credentials (cached secrets are fetched again, so a rotated
  // password is picked up; a vault that cannot answer leaves the last values within their grace). Throws
  // SessionException for a mode that cannot log in again by itself (a delegated session), and what the login
  // throws otherwise.
  void relogin();
  // mstrio-py's Connection.renew(): extends the server session when it is alive (is_alive()), logs
  // in again (as relogin()) when it is not.
  void renew();

  // How many times the session logged in again (by relogin() or by healing) since it was opened.
  std::uint64_t relogin_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
