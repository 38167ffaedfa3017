#pragma once
// The files a Vault login reads: bearer credentials kept on disk by an agent, an operator or
// Kubernetes.

#include <mstr/sdk/secret_value.hpp>

#include <string>

namespace vault {

// A token or secret id file: like ssh with its keys, it is refused unless it is owned by the current
// user and nobody else may read or write it (0600 or stricter). Surrounding whitespace (the trailing
// newline an editor or `echo` adds) is trimmed. `origin` names where the path came from
// ("VAULT_SECRET_ID_FILE") for the message. Throws mstr::CredentialError; never puts the content in it.
mstr::SecretValue read_private_file(const std::string& file, const std::string& origin);

// A file whose access the platform governs, such as the service-account token Kubernetes projects
// into a pod (mode 0644 or 0640 under its fsGroup): read as it is, trimmed.
mstr::SecretValue read_platform_file(const std::string& file, const std::string& origin);

// `text` without leading and trailing whitespace.
std::string trimmed(std::string text);

}  // namespace vault
