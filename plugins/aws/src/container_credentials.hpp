#pragma once
// The ECS/EKS container credentials endpoint: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or
// AWS_CONTAINER_CREDENTIALS_FULL_URI, authorised by AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE).

#include "credential_source.hpp"

namespace mstr::internal::aws {

class ContainerCredentials final : public CredentialSource {
 public:
  std::string name() const override { return "container"; }
  CredentialLookup load(const ProviderContext& context) override;
};

}  // namespace mstr::internal::aws
