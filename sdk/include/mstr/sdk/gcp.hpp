#pragma once
// References to Google Cloud Secret Manager secrets, for the gcp plugin (scheme gcp-sm), in the
// shape of the Python package's helpers:
//
//   session credentials:  mstr::gcp::secret_manager("my-project", "mstr-login", "latest", "password")
//   one fetch, two keys:  const mstr::gcp::SecretManagerSecret login("my-project", "mstr-login");
//                         login.field("username"); login.field("password");
//
// Header-only: building a reference needs no plugin; the plugin checks the names when it fetches.
// Every reference spells its version out, so references to one secret share one locator and the
// core's resolver fetches the secret once for all of its fields.

#include <mstr/sdk/toolchain_check.hpp>
#include <mstr/sdk/credential_reference.hpp>

#include <optional>
#include <string>
#include <utility>

namespace mstr::gcp {

class SecretManagerSecret {
 public:
  // `version` is a version number ("3") or "latest".
  SecretManagerSecret(std::string project, std::string secret_id, std::string version = "latest")
      : project_(std::move(project)), secret_id_(std::move(secret_id)), version_(std::move(version)) {}

  // The whole payload: gcp-sm:projects/P/secrets/S/versions/V.
  CredentialReference reference() const { return CredentialReference("gcp-sm", locator()); }

  // One key of a JSON payload: gcp-sm:projects/P/secrets/S/versions/V#key.
  CredentialReference field(std::string key) const {
    return CredentialReference("gcp-sm", locator(), std::move(key));
  }

 private:
  std::string locator() const {
    return "projects/" + project_ + "/secrets/" + secret_id_ + "/versions/" + version_;
  }

  std::string project_;
  std::string secret_id_;
  std::string version_;
};

// The payload of a secret version, or with `key` one key of its JSON payload.
inline CredentialReference secret_manager(std::string project, std::string secret_id,
                                          std::string version = "latest",
                                          std::optional<std::string> key = std::nullopt) {
  const SecretManagerSecret secret(std::move(project), std::move(secret_id), std::move(version));
  return key ? secret.field(std::move(*key)) : secret.reference();
}

}  // namespace mstr::gcp
