#include "aws_provider.hpp"

#include "aws_endpoints.hpp"
#include "aws_json_client.hpp"
#include "hashing.hpp"
#include "parameter_store_client.hpp"
#include "profile_files.hpp"
#include "provider_error.hpp"
#include "secret_locator.hpp"
#include "secrets_manager_client.hpp"

namespace mstr::internal::aws {
namespace {

// Every variable that changes which credentials the chain finds.
constexpr const char* chain_variables[] = {"AWS_ACCESS_KEY_ID",
                                           "AWS_SECRET_ACCESS_KEY",
                                           "AWS_SESSION_TOKEN",
                                           "AWS_WEB_IDENTITY_TOKEN_FILE",
                                           "AWS_ROLE_ARN",
                                           "AWS_ROLE_SESSION_NAME",
                                           "AWS_SHARED_CREDENTIALS_FILE",
                                           "AWS_CONFIG_FILE",
                                           "AWS_PROFILE",
                                           "AWS_DEFAULT_PROFILE",
                                           "HOME",
                                           "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                                           "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                                           "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                                           "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                                           "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                                           "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                                           "AWS_EC2_METADATA_DISABLED",
                                           "AWS_ENDPOINT_URL",
                                           "AWS_ENDPOINT_URL_STS",
                                           "AWS_ENDPOINT_URL_SSO",
                                           "AWS_REGION",
                                           "AWS_DEFAULT_REGION",
                                           "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"};

}  // namespace

void AwsProvider::set_retry_policy(const RetryPolicy& policy) {
  std::lock_guard lock(mutex_);
  retry_ = policy;
}

void AwsProvider::set_refresh_window(std::chrono::seconds window) {
  std::lock_guard lock(mutex_);
  refresh_window_ = window;
  for (auto& entry : chains_) entry.second->set_refresh_window(window);
}

std::shared_ptr<CredentialChain> AwsProvider::chain_for(const IEnvironment& env,
                                                        const std::optional<std::string>& profile,
                                                        const RetryPolicy& policy) {
  std::string fingerprint = profile ? "profile=" + *profile : "-";
  fingerprint += '\0';
  for (const char* name : chain_variables) {
    const auto value = env.get(name);
    fingerprint += value ? "=" + *value : "-";
    fingerprint += '\0';
  }
  // Hashed so that the map never holds a secret key in the clear.
  const std::string key = sha256_hex(fingerprint);
  std::fill(fingerprint.begin(), fingerprint.end(), '\0');
  std::lock_guard lock(mutex_);
  auto& chain = chains_[key];
  if (!chain) {
    chain =
        profile ? CredentialChain::make_for_profile(*profile, policy) : CredentialChain::make_default(policy);
    chain->set_refresh_window(refresh_window_);
  }
  return chain;
}

std::string AwsProvider::cache_key(const CredentialReference& reference) const {
  try {
    return SecretLocator::parse(reference).cache_key();
  } catch (const CredentialError&) {
    // fetch() reports what is wrong with the reference; its key does not matter.
    return reference.to_string();
  }
}

SecretValue AwsProvider::fetch(const CredentialReference& reference, const ProviderContext& context) {
  const SecretLocator locator = SecretLocator::parse(reference);
  const auto region =
      resolve_region(locator.region, context.env, ProfileFiles::load(context.env, locator.profile));
  if (!region) {
    throw provider_error(
        reference.scheme() + ":" + locator.id +
        ": no AWS region; add ?region=..., or set AWS_REGION or AWS_DEFAULT_REGION, or `region` "
        "in the profile");
  }
  RetryPolicy policy;
  {
    std::lock_guard lock(mutex_);
    policy = retry_;
  }
  const auto chain = chain_for(context.env, locator.profile, policy);
  AwsJsonClient client(*chain, policy);
  if (locator.service == AwsService::secrets_manager) {
    return SecretsManagerClient(client).get_secret_value(locator, *region, context);
  }
  return ParameterStoreClient(client).get_parameter(locator, *region, context);
}

}  // namespace mstr::internal::aws
