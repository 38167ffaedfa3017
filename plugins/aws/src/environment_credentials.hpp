#pragma once
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

#include "credential_source.hpp"

namespace mstr::internal::aws {

class EnvironmentCredentials final : public CredentialSource {
 public:
  std::string name() const override { return "environment"; }
  CredentialLookup load(const ProviderContext& context) override;
};

}  // namespace mstr::internal::aws
