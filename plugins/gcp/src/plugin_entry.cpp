// The shared object's entry point: the gcp-sm provider with its default options.

#include "provider_name.hpp"
#include "secret_manager_provider.hpp"

#include <mstr/sdk/plugin.hpp>

MSTR_CREDENTIAL_PROVIDER_PLUGIN(mstr::internal::gcp::SecretManagerProvider,
                                mstr::internal::gcp::kProviderName, "1.0.0",
                                "Google Cloud Secret Manager (gcp-sm:), with Application Default Credentials", "gcp-sm")
