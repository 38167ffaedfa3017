#pragma once
// One exchange with the Vault server, and what its failures mean: an outage
// (mstr::VaultUnavailableError, so a host may keep serving the last value it fetched) or an answer
// about the request (mstr::CredentialError).

#include "vault_config.hpp"

#include <mstr/sdk/credential_provider.hpp>

#include <string>

namespace vault {

struct VaultCall {
  std::string method = "GET";
  std::string endpoint;                      // relative to the server: /v1/...
  mstr::SecretValue body;                    // JSON, for a POST; may hold a secret id or a JWT
  const mstr::SecretValue* token = nullptr;  // sent as X-Vault-Token when set
  // A repeatable call (a read, a renewal) is retried with backoff while Vault is unreachable,
  // throttling or erroring; a login is sent once, since a secret id may be limited in uses.
  bool repeatable = true;
  std::string what;  // names the call in messages: "vault:secret/x at https://..."
};

// Sends `call`. Returns any answer below 500 other than 429 (the caller judges 4xx answers); throws
// mstr::VaultUnavailableError when Vault could not be reached or answered 429 or 5xx (after the
// retries of a repeatable call), and mstr::CredentialError for a TLS failure (a CA file to fix, not
// an outage).
mstr::HttpResponse send_to_vault(const VaultConfig& config, const mstr::ProviderContext& context,
                                 const VaultCall& call);

// Throws mstr::CredentialError for a 4xx answer to `call`: `meaning` explains the status, Vault's
// own "errors" texts follow (they describe the request, never a secret).
[[noreturn]] void refuse(const VaultCall& call, const mstr::HttpResponse& response,
                         const std::string& meaning);

}  // namespace vault
