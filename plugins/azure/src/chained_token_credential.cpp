#include "chained_token_credential.hpp"

#include "provider_name.hpp"

#include <Poco/Logger.h>

#include <utility>

namespace mstr::internal::azure {

ChainedTokenCredential::ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links)
    : links_(std::move(links)) {}

std::string ChainedTokenCredential::description() const {
  std::string text = "chain of";
  for (std::size_t i = 0; i < links_.size(); ++i) text += (i == 0 ? " " : ", ") + links_[i]->description();
  return text;
}

AccessToken ChainedTokenCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  std::string tried;
  for (const auto& link : links_) {
    try {
      AccessToken token = link->get_token(scope, context);
      context.logger.debug("Azure token for " + scope + " from " + link->description());
      return token;
    } catch (const CredentialUnavailableError& unavailable) {
      tried += "\n  - " + link->description() + ": " + unavailable.what();
    } catch (const CredentialError& failure) {
      tried += "\n  - " + link->description() + ": " + failure.what();
      throw CredentialError("Azure authentication failed for " + scope + "; tried:" + tried, kProviderName);
    }
  }
  throw CredentialError("no Azure credential is available for " + scope + "; tried:" + tried +
                            "\nSet AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or "
                            "AZURE_CLIENT_CERTIFICATE_PATH, run on an Azure host with a managed identity, or "
                            "log in with `az login`.",
                        kProviderName);
}

}  // namespace mstr::internal::azure
