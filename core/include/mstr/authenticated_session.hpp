#pragma once
// mstr::AuthenticatedSession: a Session that logs in when opened and logs out when destroyed (the
// counterpart of mstr-rest-requests' AuthenticatedMSTRRESTSession context manager).

#include <mstr/credential.hpp>
#include <mstr/credential_resolver.hpp>
#include <mstr/plugin_registry.hpp>
#include <mstr/session.hpp>

#include <memory>
#include <optional>
#include <string>

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
  SessionOptions options;
  // The plugins to use; discovered with default options when null.
  std::shared_ptr<PluginRegistry> plugins;
};

class AuthenticatedSession {
 public:
  // Resolves the credentials, picks the auth mode, logs in. Throws on any failure; nothing is left
  // logged in when it throws.
  static AuthenticatedSession open(AuthConfig config);
  explicit AuthenticatedSession(AuthConfig config);

  AuthenticatedSession(AuthenticatedSession&&) noexcept;
  AuthenticatedSession& operator=(AuthenticatedSession&&) noexcept;
  // Logs out unless the mode says not to (delegated sessions); never throws, logs failures.
  ~AuthenticatedSession();

  Session& session();
  Session* operator->() { return &session(); }
  const std::string& mode() const;

  // Logs out now (idempotent). Throws on failure, unlike the destructor.
  void close();

  // Logs in again with freshly resolved credentials (cached secrets are dropped first, so a rotated
  // password is picked up). Throws SessionException for a mode that cannot log in again by itself
  // (a delegated session), and what the login throws otherwise.
  void relogin();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mstr
