#pragma once
// The credential chain, in the AWS SDKs' order, caching what it found and refreshing temporary
// credentials before they expire. Shared by every thread that fetches through one provider.

#include "credential_source.hpp"

#include <mstr/sdk/retry.hpp>

#include <plugin_common/token_cache.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace mstr::internal::aws {

class CredentialChain {
 public:
  explicit CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources);

  // environment, web identity, shared files (roles, SSO, keys, credential_process), container,
  // IMDSv2. `policy` paces the retries of STS and the SSO portal.
  static std::unique_ptr<CredentialChain> make_default(const RetryPolicy& policy = {});
  // Only the profile a reference names, as boto3's Session(profile_name=...) does: environment keys
  // set beside it are not used, unless the profile's credential_source = Environment asks for them.
  static std::unique_ptr<CredentialChain> make_for_profile(const std::string& profile,
                                                           const RetryPolicy& policy = {});

  // Temporary credentials are fetched anew once they are this close to expiring.
  void set_refresh_window(std::chrono::seconds window) { refresh_window_ = window; }

  // The cached credentials, or the first link's that yields some. Throws CredentialError from a
  // link that is configured but fails, or listing every link and why it was passed over.
  AwsCredentials get(const ProviderContext& context);

  // Forgets the cached credentials (the service said they expired).
  void invalidate();

 private:
  AwsCredentials load(const ProviderContext& context);

  std::vector<std::unique_ptr<CredentialSource>> sources_;
  std::chrono::seconds refresh_window_{common::TokenCache::kRefreshMargin};
  std::mutex mutex_;  // held across a refresh so that many threads cause one
  std::optional<AwsCredentials> cached_;
};

}  // namespace mstr::internal::aws
