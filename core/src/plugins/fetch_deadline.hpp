#pragma once
// Runs an in-process provider fetch with the caller's deadline.
//
// A plugin's fetch() cannot be interrupted, so it runs on a worker thread; when the deadline passes
// first, the caller gets a VaultUnavailableError (the vault did not answer in time) and the worker
// is abandoned. The worker keeps the plugin
// object (and through it the shared object) alive until it returns, and it sees the caller's HTTP
// client, logger and environment through leases that are revoked on abandonment, so a plugin that
// wakes up late never touches objects its caller has since destroyed.

#include <mstr/sdk/credential_provider.hpp>

#include <memory>
#include <string>

namespace mstr::internal {

// `provider` is the plugin's object (not a guarded wrapper); foreign exceptions it throws become
// CredentialErrors naming `plugin`. `context.timeout` must be positive.
SecretValue fetch_with_deadline(std::shared_ptr<ICredentialProvider> provider, const std::string& plugin,
                                const CredentialReference& reference, const ProviderContext& context);

}  // namespace mstr::internal
