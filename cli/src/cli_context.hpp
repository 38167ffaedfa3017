#pragma once
// Everything a command may need, built on first use: the plugins, the credential resolver, and a
// logged-in session. The session is an AuthenticatedSession like any other host's, so it heals when
// the server ends it in the middle of a command; with a --session-file it is resumed from the file
// and saved back, and the server session outlives the process.

#include "command_line.hpp"

#include <mstr/authenticated_session.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/environment.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/session.hpp>
#include <mstr/session_options.hpp>

#include <chrono>
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
  // When the command started: --max-time counts from here.
  std::chrono::steady_clock::time_point started() const noexcept { return started_; }
  SessionOptions session_options() const;

  PluginRegistry& plugins();
  CredentialResolver& resolver();

  // Parses `text`, given as `what` ("--password", "resolve"), as a reference whose scheme a plugin
  // claims. Throws UsageError listing the schemes available; the text itself is never quoted.
  CredentialReference parse_known_reference(const std::string& what, const std::string& text);

  // "; refused: FILE: REASON; ..." for the plugins discovery refused, to end the one line of an
  // error they may explain; empty when none was.
  std::string refusals();

  // Set when --session-file was given on the command line rather than by a profile: a saved session
  // of another user than the --username given is then a usage error, where a profile's is set aside.
  void session_file_named(bool named) { session_file_named_ = named; }

  // Whether `text` is a well-formed reference whose scheme a plugin claims.
  bool names_known_reference(const std::string& text);

  // Checks that every secret option is a reference with a scheme some plugin claims, so a typo or a
  // pasted password is a usage error before anything is resolved or sent. A user name may be the
  // name itself: anything that is not such a reference is taken as it is.
  void check_credential_options();

  // A logged-in session: the saved one while `GET sessions` accepts it (or heals it), else a fresh
  // login.
  Session& session();
  const std::string& auth_mode();
  // The user name of the session (AuthenticatedSession::username()); empty when its mode has none.
  std::string username();
  // True when session() reused the saved session without logging in.
  bool reused_session() const;

  // A failure of the session in flight, said the way a person at the terminal can act on: an
  // expired saved session that cannot be renewed, a refused standard login that may be an LDAP
  // account. Rethrows anything else as it is. Call from a catch block.
  [[noreturn]] void rethrow_explained();

  // Ends the invocation: saves the session to the session file, or, without one, logs out (unless
  // the auth mode never logs out, as for delegated sessions).
  void close();
  // Logs out and forgets the session file, for `mstr logout`.
  void logout();

  // For a process about to exit after close(): hands the loaded plugins, the connection pool and
  // the resolver's cache to the exit, which reclaims them at once. Destroying them one by one unloads
  // each plugin and unmaps each locked page, which costs a one-shot command as much as a request.
  // Nothing is handed over while an isolated plugin's helper runs: the destructor ends it and waits.
  void leave_to_process_exit();

 private:
  AuthConfig auth_config();
  // Throws UsageError when the saved `document` is another user's than --username names.
  void check_same_user(const std::string& document);
  // Opens the session of `config`, telling the interrupt handler which session to end.
  void log_in(AuthConfig config);
  // The auth mode of the login in flight: the session's, the one named, or the one inferred.
  std::string login_mode() const;
  // --connection-data: a delegated session from Workstation's connection data file.
  Session& take_over_workstation_session();
  // Selects --project/--project-id (or MSTR_PROJECT, or the profile's) for every later request.
  void select_project(Session& session) const;

  GlobalOptions options_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  ProcessEnvironment environment_;
  std::shared_ptr<PluginRegistry> plugins_;
  std::shared_ptr<IHttpClient> http_;
  std::unique_ptr<CredentialResolver> resolver_;
  std::optional<AuthenticatedSession> auth_;
  bool saved_session_given_ = false;  // the --session-file held a session when session() began
  bool session_file_named_ = false;   // --session-file came from the command line
  bool closed_ = false;
};

}  // namespace mstr::cli
