#pragma once
// Google credentials JSON files (service_account, authorized_user, external_account,
// impersonated_service_account): reading one and turning it into the credential it describes.

#include "token_credential.hpp"

#include <memory>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

struct CredentialsFile {
  std::unique_ptr<TokenCredential> credential;
  // Names this exact file content: a rewritten file (a new key, another login) gets a new token.
  std::string cache_key;
};

// The file's content; nullopt when it does not exist. Throws CredentialError when it exists but
// cannot be read or is unreasonably large. `origin` names where the path came from.
std::optional<std::string> read_credentials_file(const std::string& path, const std::string& origin);

// Throws CredentialError naming `origin` and the path (never the content) when the JSON is not a
// credentials file of a supported type.
CredentialsFile parse_credentials_file(const std::string& content, const std::string& path,
                                       const std::string& origin);

}  // namespace mstr::internal::gcp
