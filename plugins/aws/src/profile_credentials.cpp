#include "profile_credentials.hpp"

#include "profile_files.hpp"
#include "provider_error.hpp"

namespace mstr::internal::aws {
namespace {

std::optional<AwsCredentials> static_keys(const ProfileSettings& section, const std::string& profile,
                                          const std::string& file) {
  const auto key = section.find("aws_access_key_id");
  const auto secret = section.find("aws_secret_access_key");
  const bool has_key = key != section.end() && !key->second.empty();
  const bool has_secret = secret != section.end() && !secret->second.empty();
  if (!has_key && !has_secret) return std::nullopt;
  if (!has_key || !has_secret) {
    throw provider_error("profile '" + profile + "' in " + file +
                         " needs both aws_access_key_id and aws_secret_access_key");
  }
  AwsCredentials credentials;
  credentials.source = "profile '" + profile + "'";
  credentials.access_key_id = key->second;
  credentials.secret_access_key = SecretValue(secret->second);
  if (const auto token = section.find("aws_session_token"); token != section.end()) {
    credentials.session_token = SecretValue(token->second);
  }
  return credentials;
}

}  // namespace

CredentialLookup ProfileCredentials::load(const ProviderContext& context) {
  const ProfileFiles files = ProfileFiles::load(context.env);
  if (!files.profile_found()) {
    if (context.env.get("AWS_PROFILE")) {
      throw provider_error("AWS_PROFILE names profile '" + files.profile_name() + "', which is in neither " +
                           files.credentials_path() + " nor " + files.config_path());
    }
    return CredentialLookup::skipped("no profile '" + files.profile_name() + "' in " + files.credentials_path() +
                                     " or " + files.config_path());
  }
  if (auto credentials = static_keys(files.credentials_section(), files.profile_name(), files.credentials_path())) {
    return CredentialLookup::found(std::move(*credentials));
  }
  if (const auto command = files.get("credential_process")) {
    AwsCredentials credentials = process_.run(*command);
    credentials.source = "credential_process of profile '" + files.profile_name() + "'";
    return CredentialLookup::found(std::move(credentials));
  }
  if (auto credentials = static_keys(files.config_section(), files.profile_name(), files.config_path())) {
    return CredentialLookup::found(std::move(*credentials));
  }
  return CredentialLookup::skipped("profile '" + files.profile_name() + "' has no keys and no credential_process");
}

}  // namespace mstr::internal::aws
