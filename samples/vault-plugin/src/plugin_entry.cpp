// The plugin's one exported symbol: the descriptor the host checks before it creates the provider.
#include "vault_kv2_provider.hpp"

#include <mstr/sdk/plugin.hpp>

MSTR_CREDENTIAL_PROVIDER_PLUGIN(vault::VaultKv2Provider, "vault", VAULT_PLUGIN_VERSION,
                                "vault:MOUNT/PATH[?version=N] reads a HashiCorp Vault KV v2 secret", "vault")
