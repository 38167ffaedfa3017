#pragma once
// Service account impersonation: the token of a source credential (a service-account key, a user
// login, an external account) exchanged at IAM Credentials for a token of the target service
// account. Serves impersonated_service_account files and external_account files that name
// service_account_impersonation_url.

#include "iam_credentials.hpp"
#include "token_credential.hpp"

#include <memory>
#include <optional>
#include <string>

namespace mstr::internal::gcp {

class ImpersonatedCredential final : public TokenCredential {
 public:
  // `request.url` must have been checked with impersonation_target(); `target` is what it returned.
  ImpersonatedCredential(std::unique_ptr<TokenCredential> source, ImpersonationRequest request,
                         std::string target, std::optional<std::string> quota_project_id, std::string origin);
  std::string description() const override;
  AccessToken get_token(const std::string& scope, const TokenRequestContext& context) override;

 private:
  std::unique_ptr<TokenCredential> source_;
  ImpersonationRequest request_;
  std::string target_;
  std::optional<std::string> quota_project_id_;
  std::string origin_;
};

}  // namespace mstr::internal::gcp
