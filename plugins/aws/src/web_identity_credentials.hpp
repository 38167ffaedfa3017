#pragma once
// Web identity federation: the token in AWS_WEB_IDENTITY_TOKEN_FILE exchanged for the role in
// AWS_ROLE_ARN through STS AssumeRoleWithWebIdentity (an unsigned Query API call answered in XML).

#include "credential_source.hpp"

#include <mstr/sdk/retry.hpp>

namespace mstr::internal::aws {

class WebIdentityCredentials final : public CredentialSource {
 public:
  explicit WebIdentityCredentials(RetryPolicy policy = {}) : policy_(policy) {}
  std::string name() const override { return "web-identity"; }
  CredentialLookup load(const ProviderContext& context) override;

 private:
  RetryPolicy policy_;
};

}  // namespace mstr::internal::aws
