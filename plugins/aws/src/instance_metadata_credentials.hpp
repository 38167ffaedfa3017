#pragma once
// EC2 instance metadata (IMDSv2): a session token from PUT /latest/api/token, then the instance
// role's credentials. AWS_EC2_METADATA_SERVICE_ENDPOINT moves it, AWS_EC2_METADATA_DISABLED=true
// turns it off.

#include "credential_source.hpp"

#include <chrono>

namespace mstr::internal::aws {

class InstanceMetadataCredentials final : public CredentialSource {
 public:
  // Off EC2 nothing answers, so the chain's last link must give up quickly.
  explicit InstanceMetadataCredentials(std::chrono::milliseconds timeout = std::chrono::seconds(1))
      : timeout_(timeout) {}
  std::string name() const override { return "instance-metadata"; }
  CredentialLookup load(const ProviderContext& context) override;

 private:
  std::chrono::milliseconds timeout_;
};

}  // namespace mstr::internal::aws
