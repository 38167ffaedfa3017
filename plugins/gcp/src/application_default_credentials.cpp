#include "application_default_credentials.hpp"

#include "credentials_file_credential.hpp"
#include "metadata_server_credential.hpp"
#include "provider_name.hpp"

#include <plugin_common/chained_token_credential.hpp>

namespace mstr::internal::gcp {

std::unique_ptr<TokenCredential> make_application_default_credentials(std::shared_ptr<TokenCache> cache) {
  std::vector<std::unique_ptr<TokenCredential>> links;
  links.push_back(std::make_unique<EnvironmentVariableCredential>(cache));
  links.push_back(std::make_unique<GcloudWellKnownFileCredential>(cache));
  links.push_back(std::make_unique<MetadataServerCredential>(cache));
  return std::make_unique<common::ChainedTokenCredential>(
      std::move(links), common::ChainWording{kProviderName, "Google",
                                             "Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run "
                                             "`gcloud auth application-default login`, or run on Google Cloud."});
}

}  // namespace mstr::internal::gcp
