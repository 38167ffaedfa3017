#include "secret_manager_provider.hpp"

#include "application_default_credentials.hpp"
#include "provider_name.hpp"
#include "secret_manager_client.hpp"
#include "secret_version_name.hpp"


#include <utility>

namespace mstr::internal::gcp {

SecretManagerProvider::SecretManagerProvider(SecretManagerProviderOptions options)
    : options_(std::move(options)),
      cache_(std::make_shared<TokenCache>(options_.clock)),
      credentials_(make_application_default_credentials(cache_)) {}

SecretManagerProvider::~SecretManagerProvider() = default;

std::vector<std::string> SecretManagerProvider::schemes() const { return {"gcp-sm"}; }

std::string SecretManagerProvider::cache_key(const CredentialReference& reference) const {
  try {
    return "gcp-sm:" + SecretVersionName::parse(reference.locator()).resource_name();
  } catch (const CredentialError&) {
    // fetch() reports what is wrong with the locator; its key does not matter.
    return reference.to_string();
  }
}

SecretValue SecretManagerProvider::fetch(const CredentialReference& reference,
                                         const ProviderContext& context) {
  if (reference.scheme() != "gcp-sm") {
    throw CredentialError("the gcp plugin resolves gcp-sm: references, not " + reference.scheme() + ":",
                          kProviderName);
  }
  const SecretVersionName name = SecretVersionName::parse(reference.locator());
  SecretManagerClient client(context.http, secret_manager_endpoint(options_.endpoint, context.env),
                             options_.retry);
  const TokenRequestContext token_context{context.http, context.env, context.logger, options_.retry, options_.clock};
  AccessToken token = credentials_->get_token(kCloudPlatformScope, token_context);
  context.logger.debug("gcp: accessing " + name.resource_name());
  try {
    return client.access(name, token);
  } catch (const TokenRejectedError&) {
    // A token can die before its time (revoked, key rotated): one fresh token, one more try.
    context.logger.information("gcp: Secret Manager refused a cached access token; requesting a new one");
    cache_->discard(token.token);
    token = credentials_->get_token(kCloudPlatformScope, token_context);
    return client.access(name, token);
  }
}

}  // namespace mstr::internal::gcp
