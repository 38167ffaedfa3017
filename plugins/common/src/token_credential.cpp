#include <plugin_common/token_credential.hpp>

namespace mstr::internal::common {

CredentialUnavailableError::CredentialUnavailableError(const std::string& message, const std::string& provider)
    : CredentialError(message, provider) {}

CredentialUnavailableError::~CredentialUnavailableError() = default;

}  // namespace mstr::internal::common
