#pragma once
// The metadata server of Compute Engine, GKE, Cloud Run and App Engine: the default service
// account's token, asked for with Metadata-Flavor: Google.

#include "token_credential.hpp"

#include <memory>
#include <string>

namespace mstr::internal::gcp {

inline constexpr const char* kDefaultMetadataHost = "169.254.169.254";

class MetadataServerCredential final : public TokenCredential {
 public:
  explicit MetadataServerCredential(std::shared_ptr<TokenCache> cache);
  std::string description() const override;
  // Unavailable when nothing answers, or something answers without Metadata-Flavor: Google.
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  AccessToken fetch(const TokenRequestContext& context, const std::string& host);

  std::shared_ptr<TokenCache> cache_;
};

}  // namespace mstr::internal::gcp
