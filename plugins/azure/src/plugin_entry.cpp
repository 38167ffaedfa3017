// The shared object's entry point: the azure-kv provider with its default options.

#include "key_vault_provider.hpp"
#include "provider_name.hpp"

#include <mstr/sdk/plugin.hpp>

MSTR_CREDENTIAL_PROVIDER_PLUGIN(mstr::internal::azure::KeyVaultProvider, mstr::internal::azure::kProviderName,
                                "1.0.0", "Azure Key Vault (azure-kv:), with a DefaultAzureCredential-style chain",
                                "azure-kv")
