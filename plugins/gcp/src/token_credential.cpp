#include "token_credential.hpp"

#include "provider_name.hpp"

namespace mstr::internal::gcp {

CredentialUnavailableError::CredentialUnavailableError(const std::string& message)
    : CredentialError(message, kProviderName) {}

CredentialUnavailableError::~CredentialUnavailableError() = default;

}  // namespace mstr::internal::gcp
