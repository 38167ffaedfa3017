#include "oauth_token_exchange.hpp"

#include "provider_name.hpp"

namespace mstr::internal::gcp {

AccessToken exchange_for_token(const TokenRequestContext& context, const std::string& token_uri,
                               const FormFields& grant, const std::string& who) {
  try {
    require_secure_url(token_uri, "Google token endpoint (token_uri)");
  } catch (const ConfigurationError& e) {
    throw CredentialError(who + ": " + e.what(), kProviderName);
  }
  return common::request_token(context, token_uri, grant, who, kProviderName);
}

}  // namespace mstr::internal::gcp
