#pragma once
// The exception types a plugin may throw and a host may catch. They live in the SDK so that a plugin,
// which sees only sdk/, and the core throw the same types; every one derives from mstr::Error.
//
// Messages must be actionable and must never contain a secret value (passwords, tokens, keys,
// cookies): name the reference, the vault, the secret id, never what was fetched.

#include <mstr/sdk/toolchain_check.hpp>

#include <stdexcept>
#include <string>

namespace mstr {

// Base of every exception the SDK throws.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  ~Error() override;
};

// A credential reference could not be resolved: bad grammar, unknown scheme, missing secret,
// refused by the vault, missing required field. `provider()` names the plugin that failed ("" when
// the failure happened before any provider was chosen).
class CredentialError : public Error {
 public:
  explicit CredentialError(const std::string& message, std::string provider = {});
  ~CredentialError() override;
  const std::string& provider() const noexcept { return provider_; }

 private:
  std::string provider_;
};

// The secret store could not answer: unreachable, timed out, or erroring (5xx, throttled after
// retries). Unlike a plain CredentialError (secret missing, access denied, bad reference), this says
// nothing about the secret itself, so a host may keep using the last value it fetched for a while.
// Providers throw it for outages only; never for "not found" or "denied".
class VaultUnavailableError : public CredentialError {
 public:
  explicit VaultUnavailableError(const std::string& message, std::string provider = {});
  ~VaultUnavailableError() override;
};

// A plugin could not be loaded or misbehaved: not a shared object, no entry point, wrong ABI,
// a descriptor that lies, a factory that throws, a duplicate claim, unsafe permissions.
// `plugin()` is the plugin name when known, `file()` the shared object's path when known.
class PluginError : public Error {
 public:
  PluginError(const std::string& message, std::string plugin = {}, std::string file = {});
  ~PluginError() override;
  const std::string& plugin() const noexcept { return plugin_; }
  const std::string& file() const noexcept { return file_; }

 private:
  std::string plugin_;
  std::string file_;
};

// The caller asked for something that cannot work (a missing required credential field, an
// unusable option value, plain http:// to a remote host). Raised before anything is sent.
class ConfigurationError : public Error {
 public:
  explicit ConfigurationError(const std::string& message);
  ~ConfigurationError() override;
};

// The request never produced a complete HTTP response: refused, unreachable, DNS failure,
// connection dropped, truncated response.
class TransportError : public Error {
 public:
  explicit TransportError(const std::string& message);
  ~TransportError() override;
};

// Connect or read timed out.
class TimeoutError : public TransportError {
 public:
  explicit TimeoutError(const std::string& message);
  ~TimeoutError() override;
};

// TLS handshake or certificate verification failed.
class TlsError : public TransportError {
 public:
  explicit TlsError(const std::string& message);
  ~TlsError() override;
};

}  // namespace mstr
