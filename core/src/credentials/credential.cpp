#include <mstr/credential.hpp>

#include <mstr/credential_resolver.hpp>
#include <mstr/sdk/errors.hpp>

#include <exception>
#include <utility>

namespace mstr {

Credential::Credential(std::variant<SecretValue, Callable, CredentialReference> source) : source_(std::move(source)) {}

Credential Credential::value(SecretValue value) { return Credential(std::move(value)); }

Credential Credential::value(std::string value) { return Credential(SecretValue(std::move(value))); }

Credential Credential::callable(Callable callable) {
  if (!callable) throw CredentialError("a callable credential needs a function to call");
  return Credential(std::move(callable));
}

Credential Credential::reference(std::string_view reference) { return Credential(CredentialReference::parse(reference)); }

Credential Credential::reference(CredentialReference reference) { return Credential(std::move(reference)); }

bool Credential::is_reference() const noexcept { return std::holds_alternative<CredentialReference>(source_); }

SecretValue Credential::resolve(CredentialResolver& resolver) const {
  if (const auto* value = std::get_if<SecretValue>(&source_)) return *value;
  if (const auto* reference = std::get_if<CredentialReference>(&source_)) return resolver.resolve(*reference);
  try {
    return std::get<Callable>(source_)();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw CredentialError(std::string("the credential callable failed: ") + e.what());
  } catch (...) {
    throw CredentialError("the credential callable failed with an exception that is not a std::exception");
  }
}

std::string Credential::describe() const {
  if (std::holds_alternative<SecretValue>(source_)) return "<value>";
  if (const auto* reference = std::get_if<CredentialReference>(&source_)) return reference->to_string();
  return "<callable>";
}

}  // namespace mstr
