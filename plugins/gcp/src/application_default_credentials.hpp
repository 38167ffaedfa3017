#pragma once
// Google's Application Default Credentials, in Google's order: GOOGLE_APPLICATION_CREDENTIALS,
// gcloud's well-known file, the metadata server.

#include "token_credential.hpp"

#include <memory>

namespace mstr::internal::gcp {

std::unique_ptr<TokenCredential> make_application_default_credentials(std::shared_ptr<TokenCache> cache);

}  // namespace mstr::internal::gcp
