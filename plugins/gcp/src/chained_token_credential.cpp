#include "chained_token_credential.hpp"

#include "provider_name.hpp"

#include <Poco/Logger.h>

#include <utility>

namespace mstr::internal::gcp {

ChainedTokenCredential::ChainedTokenCredential(std::vector<std::unique_ptr<TokenCredential>> links)
    : links_(std::move(links)) {}

std::string ChainedTokenCredential::description() const {
  std::string text;
  for (const auto& link : links_) text += (text.empty() ? "" : ", ") + link->description();
  return text;
}

AccessToken ChainedTokenCredential::get_token(const TokenRequestContext& context) {
  std::string tried;
  int index = 0;
  for (const auto& link : links_) {
    try {
      return link->get_token(context);
    } catch (const CredentialUnavailableError& e) {
      context.logger.debug("gcp: " + link->description() + " skipped: " + e.what());
      tried += " " + std::to_string(++index) + ") " + link->description() + ": " + e.what() + ";";
    }
  }
  tried.pop_back();
  throw CredentialError("no Google credentials found; tried" + tried +
                            ". Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run "
                            "`gcloud auth application-default login`, or run on Google Cloud",
                        kProviderName);
}

}  // namespace mstr::internal::gcp
