#pragma once
// Everything a command may need, built on first use: the plugins, the credential resolver, and a
// logged-in session (reused from the --session-file while the server still accepts it).
//
// The CLI logs in through the auth-mode plugins directly rather than through AuthenticatedSession,
// because with a session file the session must outlive the process instead of ending with it.

#include "command_line.hpp"

#include <mstr/authenticated_session.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/session.hpp>
#include <mstr/session_options.hpp>

#include <memory>
#include <optional>
#include <string>

namespace mstr::cli {

class CliContext {
 public:
  explicit CliContext(GlobalOptions options);
  // Ends the session the way close() would, but never throws.
  ~CliContext();
  CliContext(const CliContext&) = delete;
  CliContext& operator=(const CliContext&) = delete;

  const GlobalOptions& options() const noexcept { return options_; }
  SessionOptions session_options() const;

  PluginRegistry& plugins();
  CredentialResolver& resolver();

  // Parses `text`, given as `what` ("--password", "resolve"), as a reference whose scheme a plugin
  // claims. Throws UsageError listing the schemes available; the text itself is never quoted.
  CredentialReference parse_known_reference(const std::string& what, const std::string& text);

  // Checks that every credential option is a reference with a scheme some plugin claims, so a typo
  // or a pasted password is a usage error before anything is resolved or sent.
  void check_credential_options();

  // A logged-in session: the saved one while `GET sessions` accepts it, else a fresh login.
  Session& session();
  const std::string& auth_mode() const noexcept { return auth_mode_; }
  // True when session() reused the saved session instead of logging in.
  bool reused_session() const noexcept { return reused_; }

  // Ends the invocation: saves the session to the session file, or, without one, logs out (unless
  // the auth mode never logs out, as for delegated sessions).
  void close();
  // Logs out and forgets the session file, for `mstr logout`.
  void logout();

 private:
  std::string resolve_base_url();
  std::string pick_auth_mode() const;
  void login(Session& session, const std::string& mode_name);
  bool try_reuse_saved_session(const std::optional<std::string>& base_url);
  // --connection-data: a delegated session from Workstation's connection data file.
  Session& take_over_workstation_session();

  GlobalOptions options_;
  ProcessEnvironment environment_;
  std::shared_ptr<PluginRegistry> plugins_;
  std::shared_ptr<IHttpClient> http_;
  std::unique_ptr<CredentialResolver> resolver_;
  std::optional<Session> session_;
  std::optional<AuthenticatedSession> taken_over_;  // with --connection-data, instead of session_
  std::string auth_mode_;
  std::string expired_mode_;  // the mode of a saved session that could not be reused
  std::optional<std::string> saved_base_url_;  // the server of that saved session
  bool reused_ = false;
  bool closed_ = false;
};

}  // namespace mstr::cli
