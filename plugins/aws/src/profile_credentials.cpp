#include "profile_credentials.hpp"

#include "aws_endpoints.hpp"
#include "container_credentials.hpp"
#include "environment_credentials.hpp"
#include "instance_metadata_credentials.hpp"
#include "provider_error.hpp"
#include "sso_credentials.hpp"
#include "sts_client.hpp"

#include <algorithm>

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

std::optional<AwsCredentials> any_static_keys(const ProfileFiles& files) {
  if (auto keys = static_keys(files.credentials_section(), files.profile_name(), files.credentials_path()))
    return keys;
  return static_keys(files.config_section(), files.profile_name(), files.config_path());
}

// STS accepts 900 s up to the role's maximum session duration, at most 12 hours.
std::optional<int> duration_of(const ProfileFiles& files) {
  const auto text = files.get("duration_seconds");
  if (!text) return std::nullopt;
  const bool digits = !text->empty() && text->size() <= 6 &&
                      std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  const int value = digits ? std::stoi(*text) : 0;
  if (value < 900 || value > 43200) {
    throw provider_error("profile '" + files.profile_name() + "': duration_seconds = " + *text +
                         " is not a number of seconds from 900 to 43200");
  }
  return value;
}

std::string describe_cycle(const std::vector<std::string>& visited, const std::string& again) {
  std::string path;
  for (auto it = std::find(visited.begin(), visited.end(), again); it != visited.end(); ++it)
    path += "'" + *it + "' -> ";
  return path + "'" + again + "'";
}

}  // namespace

CredentialLookup ProfileCredentials::load(const ProviderContext& context) {
  const ProfileFiles files = ProfileFiles::load(context.env, profile_);
  if (!files.profile_found()) {
    if (profile_ || context.env.get("AWS_PROFILE")) {
      throw provider_error(std::string(profile_ ? "the reference names" : "AWS_PROFILE names") +
                           " profile '" + files.profile_name() + "', which is in neither " +
                           files.credentials_path() + " nor " + files.config_path());
    }
    return CredentialLookup::skipped("no profile '" + files.profile_name() + "' in " +
                                     files.credentials_path() + " or " + files.config_path());
  }
  std::vector<std::string> visited;
  if (auto credentials = resolve(files, visited, context, false))
    return CredentialLookup::found(std::move(*credentials));
  const std::string why = "profile '" + files.profile_name() +
                          "' has no keys, role_arn, IAM Identity Center settings or credential_process";
  if (profile_) throw provider_error(why);
  return CredentialLookup::skipped(why);
}

std::optional<AwsCredentials> ProfileCredentials::resolve(const ProfileFiles& files,
                                                          std::vector<std::string>& visited,
                                                          const ProviderContext& context, bool as_source) {
  visited.push_back(files.profile_name());
  if (const auto role_arn = files.get("role_arn")) {
    if (!as_source || !any_static_keys(files)) return assume(files, *role_arn, visited, context);
  }
  if (const auto sso = sso_profile_of(files)) return sso_role_credentials(*sso, context, policy_);
  return plain(files);
}

std::optional<AwsCredentials> ProfileCredentials::plain(const ProfileFiles& files) {
  if (auto credentials =
          static_keys(files.credentials_section(), files.profile_name(), files.credentials_path())) {
    return credentials;
  }
  if (const auto command = files.get("credential_process")) {
    AwsCredentials credentials = process_.run(*command);
    credentials.source = "credential_process of profile '" + files.profile_name() + "'";
    return credentials;
  }
  return static_keys(files.config_section(), files.profile_name(), files.config_path());
}

AwsCredentials ProfileCredentials::assume(const ProfileFiles& files, const std::string& role_arn,
                                          std::vector<std::string>& visited, const ProviderContext& context) {
  const std::string& name = files.profile_name();
  if (files.get("mfa_serial")) {
    throw provider_error("profile '" + name +
                         "' sets mfa_serial: a credential provider cannot prompt for an MFA "
                         "code; use a profile without it, or temporary credentials obtained with the code");
  }
  const auto source_profile = files.get("source_profile");
  const auto credential_source = files.get("credential_source");
  if (source_profile && credential_source) {
    throw provider_error("profile '" + name + "' sets both source_profile and credential_source; keep one");
  }
  if (!source_profile && !credential_source) {
    throw provider_error("profile '" + name +
                         "' sets role_arn but neither source_profile nor credential_source");
  }

  AwsCredentials source;
  if (source_profile) {
    const ProfileFiles next = files.with_profile(*source_profile);
    const bool seen = std::find(visited.begin(), visited.end(), *source_profile) != visited.end();
    // A profile may be its own source for its static keys, as botocore allows; any other loop is refused.
    if (seen && !(*source_profile == name && any_static_keys(next))) {
      throw provider_error("the source_profile settings loop: " + describe_cycle(visited, *source_profile));
    }
    if (!next.profile_found()) {
      throw provider_error("profile '" + name + "' names source_profile '" + *source_profile +
                           "', which is in neither " + files.credentials_path() + " nor " +
                           files.config_path());
    }
    auto found = resolve(next, visited, context, true);
    if (!found) {
      throw provider_error("source_profile '" + *source_profile + "' of profile '" + name +
                           "' has no keys, role_arn, IAM Identity Center settings or credential_process");
    }
    source = std::move(*found);
  } else {
    source = from_credential_source(files, *credential_source, context);
  }

  AssumeRoleRequest request;
  request.role_arn = role_arn;
  request.session_name = files.get("role_session_name").value_or(default_role_session_name());
  request.external_id = files.get("external_id");
  request.duration_seconds = duration_of(files);
  const auto region = resolve_region(std::nullopt, context.env, files);
  std::string endpoint =
      resolve_endpoint(sts_service(), region.value_or("us-east-1"), context.env, files.get("endpoint_url"));
  // Without a region the SDKs use the global endpoint, which signs for us-east-1.
  if (!region && endpoint == "https://sts.us-east-1.amazonaws.com") endpoint = "https://sts.amazonaws.com";
  AwsCredentials credentials =
      assume_role(context.http, policy_, request, source, region.value_or("us-east-1"), endpoint);
  credentials.source = "role " + role_arn + " of profile '" + name + "' (from " + source.source + ")";
  return credentials;
}

AwsCredentials ProfileCredentials::from_credential_source(const ProfileFiles& files,
                                                          const std::string& source,
                                                          const ProviderContext& context) {
  std::unique_ptr<CredentialSource> link;
  if (source == "Environment") {
    link = std::make_unique<EnvironmentCredentials>();
  } else if (source == "Ec2InstanceMetadata") {
    link = std::make_unique<InstanceMetadataCredentials>();
  } else if (source == "EcsContainer") {
    link = std::make_unique<ContainerCredentials>();
  } else {
    throw provider_error("profile '" + files.profile_name() + "': credential_source = " + source +
                         " is not one of Environment, Ec2InstanceMetadata, EcsContainer");
  }
  CredentialLookup lookup = link->load(context);
  if (!lookup.credentials) {
    throw provider_error("profile '" + files.profile_name() + "' takes its source credentials from " +
                         source + ", which has none: " + lookup.not_configured);
  }
  return std::move(*lookup.credentials);
}

}  // namespace mstr::internal::aws
