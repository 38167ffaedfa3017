#include "credential_chain.hpp"

#include "container_credentials.hpp"
#include "environment_credentials.hpp"
#include "instance_metadata_credentials.hpp"
#include "profile_credentials.hpp"
#include "provider_error.hpp"
#include "web_identity_credentials.hpp"

namespace mstr::internal::aws {

CredentialChain::CredentialChain(std::vector<std::unique_ptr<CredentialSource>> sources)
    : sources_(std::move(sources)) {}

std::unique_ptr<CredentialChain> CredentialChain::make_default(const RetryPolicy& policy) {
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<EnvironmentCredentials>());
  sources.push_back(std::make_unique<WebIdentityCredentials>(policy));
  sources.push_back(std::make_unique<ProfileCredentials>(std::nullopt, policy));
  sources.push_back(std::make_unique<ContainerCredentials>());
  sources.push_back(std::make_unique<InstanceMetadataCredentials>());
  return std::make_unique<CredentialChain>(std::move(sources));
}

std::unique_ptr<CredentialChain> CredentialChain::make_for_profile(const std::string& profile,
                                                                   const RetryPolicy& policy) {
  std::vector<std::unique_ptr<CredentialSource>> sources;
  sources.push_back(std::make_unique<ProfileCredentials>(profile, policy));
  return std::make_unique<CredentialChain>(std::move(sources));
}

AwsCredentials CredentialChain::get(const ProviderContext& context) {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (cached_ && !cached_->expires_within(refresh_window_, now)) return *cached_;
  try {
    cached_ = load(context);
  } catch (const CredentialError& error) {
    // A refresh that fails while the old credentials still work is not worth failing the fetch.
    if (cached_ && !cached_->expires_within(std::chrono::seconds(0), now)) {
      context.logger.warning("AWS credentials from " + cached_->source +
                             " could not be refreshed, using them until they expire: " + error.what());
      return *cached_;
    }
    throw;
  }
  return *cached_;
}

void CredentialChain::invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

AwsCredentials CredentialChain::load(const ProviderContext& context) {
  std::string tried;
  for (const auto& source : sources_) {
    CredentialLookup lookup = source->load(context);
    if (lookup.credentials) {
      context.logger.debug("AWS credentials from " + lookup.credentials->source + " (access key " +
                           lookup.credentials->access_key_id + ")");
      return std::move(*lookup.credentials);
    }
    tried += "\n  " + source->name() + ": " + lookup.not_configured;
  }
  throw provider_error("no AWS credentials found; tried, in order:" + tried);
}

}  // namespace mstr::internal::aws
