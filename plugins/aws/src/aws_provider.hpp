#pragma once
// The `aws-sm` and `aws-ssm` credential provider.

#include "credential_chain.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace mstr::internal::aws {

class AwsProvider final : public ICredentialProvider {
 public:
  std::vector<std::string> schemes() const override { return {"aws-sm", "aws-ssm"}; }
  SecretValue fetch(const CredentialReference& reference, const ProviderContext& context) override;
  // One key for a Secrets Manager secret named by name or by ARN in the same region (see
  // SecretLocator::cache_key), so both spellings share one fetch.
  std::string cache_key(const CredentialReference& reference) const override;

  // Retries of throttled and failing calls (tests shorten the delays).
  void set_retry_policy(const RetryPolicy& policy);
  // How close to expiry temporary credentials are refreshed (tests shorten it).
  void set_refresh_window(std::chrono::seconds window);

 private:
  // One chain, and so one credentials cache, per distinct AWS configuration in the environment and
  // profile a reference names, so that a host lending different environments, or naming different
  // profiles, never signs with another one's credentials.
  std::shared_ptr<CredentialChain> chain_for(const IEnvironment& env,
                                             const std::optional<std::string>& profile,
                                             const RetryPolicy& policy);

  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<CredentialChain>> chains_;
  RetryPolicy retry_;
  std::chrono::seconds refresh_window_{std::chrono::minutes(5)};
};

}  // namespace mstr::internal::aws
