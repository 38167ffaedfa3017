#pragma once
// `vault:MOUNT/PATH[?version=N]`: where a KV version 2 secret lives. The first segment is the mount
// of the KV v2 secrets engine, the rest the secret's path inside it.

#include <mstr/sdk/credential_reference.hpp>

#include <optional>
#include <string>

namespace vault {

struct VaultSecretPath {
  std::string mount;                   // the secrets engine's mount, e.g. "secret"
  std::string path;                    // the secret's path inside the mount, e.g. "mstr/prod"
  std::optional<unsigned long> version;  // a pinned version; the latest when empty

  // Throws mstr::CredentialError naming the reference when its locator is not MOUNT/PATH with an
  // optional positive `version`.
  static VaultSecretPath parse(const mstr::CredentialReference& reference);

  // The KV v2 read endpoint relative to the server: /v1/MOUNT/data/PATH[?version=N].
  std::string read_endpoint() const;
};

}  // namespace vault
