#pragma once
// mstr::Credential: a plain value, a zero-argument callable, or a reference resolved through a
// provider plugin; resolved lazily, when a session connects, never at construction.

#include <mstr/sdk/credential_reference.hpp>
#include <mstr/sdk/secret_value.hpp>

#include <functional>
#include <string>
#include <variant>

namespace mstr {

class CredentialResolver;

class Credential {
 public:
  using Callable = std::function<SecretValue()>;

  static Credential value(SecretValue value);
  static Credential value(std::string value);
  static Credential callable(Callable callable);
  // Throws CredentialError on a malformed reference.
  static Credential reference(std::string_view reference);
  static Credential reference(CredentialReference reference);

  bool is_reference() const noexcept;
  // Resolves now. A reference goes through `resolver` (and its cache).
  SecretValue resolve(CredentialResolver& resolver) const;
  // For messages and `mstr plugins`-style listings: "<value>", "<callable>", or the reference text.
  std::string describe() const;

 private:
  std::variant<SecretValue, Callable, CredentialReference> source_;
  explicit Credential(std::variant<SecretValue, Callable, CredentialReference> source);
};

}  // namespace mstr
