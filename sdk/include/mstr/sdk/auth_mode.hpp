#pragma once
// IAuthMode: the interface a login-mode plugin implements (standard, ldap, identity, api-key,
// anonymous, or a mode of the host's own).

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/http_client.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mstr {

// A credential an auth mode takes, e.g. {"username", true}.
struct CredentialField {
  std::string name;
  bool required = true;
  std::string description;
};

// The credentials resolved for one login, by field name.
class ResolvedCredentials {
 public:
  void set(std::string field, SecretValue value);
  bool has(std::string_view field) const;
  // Throws ConfigurationError naming the field when it is absent.
  const SecretValue& get(std::string_view field) const;
  const SecretValue* find(std::string_view field) const;

 private:
  std::map<std::string, SecretValue, std::less<>> values_;
};

// What an auth mode may do with the session it logs in: the core's Session implements it.
class ILoginChannel {
 public:
  virtual ~ILoginChannel() = default;
  // POSTs `json_body` to `path` relative to the session's base URL (e.g. "auth/login"). On success
  // the session keeps the response's X-MSTR-* headers and cookies, exactly as for any request; an
  // error response is thrown as the core's typed exception (LoginFailureException for ERR003, ...).
  virtual HttpResponse post_json(std::string_view path, const std::string& json_body, bool include_auth) = 0;
  // The applicationType the host configured (8 unless told otherwise).
  virtual int application_type() const = 0;
};

class IAuthMode {
 public:
  virtual ~IAuthMode() = default;

  // "standard", "ldap", "identity", "api-key", "anonymous", ...: unique among loaded plugins.
  virtual std::string name() const = 0;
  // The Library server's loginMode (1, 16, -1, 4096, 8).
  virtual int login_mode() const = 0;
  // The credentials this mode takes. The core checks the required ones before calling login(),
  // so a missing field fails before any request is sent.
  virtual std::vector<CredentialField> fields() const = 0;

  // Logs the session in; throws the core's typed exceptions on failure.
  virtual void login(ILoginChannel& channel, const ResolvedCredentials& credentials) = 0;

  // Whether the session should be logged out when it ends. A delegated (identity-token) session is
  // not logged out: the token's owner ends it.
  virtual bool logs_out() const { return true; }
  // Whether the mode can log in again by itself when the server session expires. A delegated
  // session cannot: its identity token is single-use.
  virtual bool can_relogin() const { return true; }
};

// The JSON body of POST auth/login, serialised. `username`/`password` are omitted when empty.
std::string make_login_body(int login_mode, int application_type, const SecretValue* username,
                            const SecretValue* password);

}  // namespace mstr
