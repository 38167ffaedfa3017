#pragma once
// The shared credentials and config files: a profile's static keys, its credential_process, its
// IAM Identity Center (SSO) role, or a role it assumes through STS with credentials from a
// source_profile (chains of them) or a credential_source.

#include "credential_process.hpp"
#include "credential_source.hpp"
#include "profile_files.hpp"

#include <mstr/sdk/retry.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mstr::internal::aws {

class ProfileCredentials final : public CredentialSource {
 public:
  // `profile` is one a reference names (?profile=); without it, AWS_PROFILE's or "default".
  explicit ProfileCredentials(std::optional<std::string> profile = std::nullopt, RetryPolicy policy = {},
                              CredentialProcess process = CredentialProcess())
      : profile_(std::move(profile)), policy_(policy), process_(std::move(process)) {}
  std::string name() const override { return "shared-config"; }
  // The AWS SDKs' order within a profile: role_arn, SSO, keys in the credentials file, then
  // credential_process, then keys in the config file. A named profile that is in neither file is an
  // error, not a fall-through.
  CredentialLookup load(const ProviderContext& context) override;

 private:
  // `as_source`: the profile is another's source_profile, where its static keys beat its own
  // role_arn, as in botocore.
  std::optional<AwsCredentials> resolve(const ProfileFiles& files, std::vector<std::string>& visited,
                                        const ProviderContext& context, bool as_source);
  AwsCredentials assume(const ProfileFiles& files, const std::string& role_arn,
                        std::vector<std::string>& visited, const ProviderContext& context);
  AwsCredentials from_credential_source(const ProfileFiles& files, const std::string& source,
                                        const ProviderContext& context);
  std::optional<AwsCredentials> plain(const ProfileFiles& files);

  std::optional<std::string> profile_;
  RetryPolicy policy_;
  CredentialProcess process_;
};

}  // namespace mstr::internal::aws
