#include "impersonated_credential.hpp"

#include <utility>

namespace mstr::internal::gcp {

ImpersonatedCredential::ImpersonatedCredential(std::unique_ptr<TokenCredential> source,
                                               ImpersonationRequest request, std::string target,
                                               std::optional<std::string> quota_project_id,
                                               std::string origin)
    : source_(std::move(source)),
      request_(std::move(request)),
      target_(std::move(target)),
      quota_project_id_(std::move(quota_project_id)),
      origin_(std::move(origin)) {}

std::string ImpersonatedCredential::description() const {
  return "service account " + target_ + " impersonated by " + source_->description();
}

// The source token is not cached on its own: it is asked for once per target token, which the
// caller caches for its whole life.
AccessToken ImpersonatedCredential::get_token(const std::string& scope, const TokenRequestContext& context) {
  const AccessToken source = source_->get_token(scope, context);
  AccessToken token =
      generate_access_token(context, request_, source, "service account " + target_ + " from " + origin_);
  token.quota_project_id = quota_project_id_;
  return token;
}

}  // namespace mstr::internal::gcp
