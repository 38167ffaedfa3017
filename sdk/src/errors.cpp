#include <mstr/sdk/errors.hpp>

#include <utility>

// Out-of-line destructors give each type one key function, so its type information lives in
// libmstr-sdk alone and a plugin's throw is caught by the host's catch clause.
namespace mstr {

Error::Error(const std::string& message) : std::runtime_error(message) {}
Error::~Error() = default;

CredentialError::CredentialError(const std::string& message, std::string provider)
    : Error(message), provider_(std::move(provider)) {}
CredentialError::~CredentialError() = default;

VaultUnavailableError::VaultUnavailableError(const std::string& message, std::string provider)
    : CredentialError(message, std::move(provider)) {}
VaultUnavailableError::~VaultUnavailableError() = default;

PluginError::PluginError(const std::string& message, std::string plugin, std::string file)
    : Error(message), plugin_(std::move(plugin)), file_(std::move(file)) {}
PluginError::~PluginError() = default;

ConfigurationError::ConfigurationError(const std::string& message) : Error(message) {}
ConfigurationError::~ConfigurationError() = default;

TransportError::TransportError(const std::string& message) : Error(message) {}
TransportError::~TransportError() = default;

TimeoutError::TimeoutError(const std::string& message) : TransportError(message) {}
TimeoutError::~TimeoutError() = default;

TlsError::TlsError(const std::string& message) : TransportError(message) {}
TlsError::~TlsError() = default;

}  // namespace mstr
