#pragma once
// A credential reference: `scheme:locator[#field]`, e.g. `aws-sm:prod/mstr?region=eu-west-1#password`.
//
// The scheme picks the provider plugin; the locator is the provider's to interpret (it may carry a
// `?key=value&...` query); `#field` selects a key of a JSON secret and is handled by the core, so a
// provider never sees it.

#include <mstr/sdk/toolchain_check.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mstr {

class CredentialReference {
 public:
  // Throws CredentialError when `text` is not of the form `scheme:locator[#field]` (a scheme is
  // [a-z][a-z0-9+.-]*; the field, when present, is not empty). The text is never echoed in the error
  // past its scheme, because a user may have pasted a password by mistake.
  static CredentialReference parse(std::string_view text);
  // True when `text` looks like `scheme:...` with a syntactically valid scheme.
  static bool looks_like_reference(std::string_view text) noexcept;

  CredentialReference(std::string scheme, std::string locator, std::optional<std::string> field = {});

  const std::string& scheme() const noexcept { return scheme_; }
  const std::string& locator() const noexcept { return locator_; }
  const std::optional<std::string>& field() const noexcept { return field_; }

  // The locator before any '?'.
  std::string path() const;
  // The query after '?', percent-decoded; empty when there is none. Throws CredentialError on a
  // malformed query (a key without '=' or a repeated key).
  std::map<std::string, std::string> query() const;

  // The same reference without its field: the key under which one fetched secret is cached.
  CredentialReference without_field() const;
  // `scheme:locator[#field]`.
  std::string to_string() const;

  friend bool operator==(const CredentialReference&, const CredentialReference&) = default;

 private:
  std::string scheme_;
  std::string locator_;
  std::optional<std::string> field_;
};

}  // namespace mstr
