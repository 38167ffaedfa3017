#include "environment_credentials.hpp"

#include "provider_error.hpp"

namespace mstr::internal::aws {

CredentialLookup EnvironmentCredentials::load(const ProviderContext& context) {
  const auto key_id = context.env.get("AWS_ACCESS_KEY_ID");
  const auto secret = context.env.get("AWS_SECRET_ACCESS_KEY");
  const bool has_key = key_id && !key_id->empty();
  const bool has_secret = secret && !secret->empty();
  if (!has_key && !has_secret) return CredentialLookup::skipped("AWS_ACCESS_KEY_ID is not set");
  if (!has_key || !has_secret) {
    throw provider_error(std::string(has_key ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
                                             : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not") +
                         "; set both or neither");
  }
  AwsCredentials credentials;
  credentials.source = name();
  credentials.access_key_id = *key_id;
  credentials.secret_access_key = SecretValue(*secret);
  if (const auto token = context.env.get("AWS_SESSION_TOKEN")) credentials.session_token = SecretValue(*token);
  return CredentialLookup::found(std::move(credentials));
}

}  // namespace mstr::internal::aws
