#include "auth/auth_mode_selection.hpp"

#include <mstr/sdk/errors.hpp>

namespace mstr::internal {

std::string select_mode_name(const AuthConfig& config) {
  if (config.mode) return *config.mode;
  if (config.identity_token) return "identity";
  if (config.api_key) return "api-key";
  if (config.username || config.password) return "standard";
  return "anonymous";
}

const Credential* config_credential(const AuthConfig& config, const std::string& field) {
  const std::optional<Credential>* slot = nullptr;
  if (field == kUsernameField) slot = &config.username;
  if (field == kPasswordField) slot = &config.password;
  if (field == kApiKeyField) slot = &config.api_key;
  if (field == kIdentityTokenField) slot = &config.identity_token;
  return slot != nullptr && slot->has_value() ? &**slot : nullptr;
}

void require_fields(const AuthConfig& config, const IAuthMode& mode, const std::string& mode_name) {
  for (const auto& field : mode.fields()) {
    if (field.required && config_credential(config, field.name) == nullptr) {
      throw ConfigurationError("the '" + mode_name + "' auth mode requires the credential '" + field.name +
                               "', which was not given");
    }
  }
}

}  // namespace mstr::internal
