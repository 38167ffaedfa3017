#pragma once
// The shared credentials and config files: the profile's static keys, or its credential_process.

#include "credential_process.hpp"
#include "credential_source.hpp"

namespace mstr::internal::aws {

class ProfileCredentials final : public CredentialSource {
 public:
  explicit ProfileCredentials(CredentialProcess process = CredentialProcess()) : process_(std::move(process)) {}
  std::string name() const override { return "shared-config"; }
  // The AWS SDKs' order within a profile: keys in the credentials file, then credential_process,
  // then keys in the config file.
  CredentialLookup load(const ProviderContext& context) override;

 private:
  CredentialProcess process_;
};

}  // namespace mstr::internal::aws
