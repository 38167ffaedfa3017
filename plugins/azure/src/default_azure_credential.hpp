#pragma once
// The chain DefaultAzureCredential tries, in its order: environment, workload identity, managed
// identity, Azure CLI.

#include "token_credential.hpp"

#include <memory>

namespace mstr::internal::azure {

std::unique_ptr<TokenCredential> make_default_azure_credential();

}  // namespace mstr::internal::azure
