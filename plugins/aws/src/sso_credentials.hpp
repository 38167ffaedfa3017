#pragma once
// IAM Identity Center (SSO) profiles: the access token `aws sso login` left in ~/.aws/sso/cache,
// exchanged for the profile's account role through the portal's GetRoleCredentials.

#include "aws_credentials.hpp"
#include "profile_files.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/credential_provider.hpp>

#include <optional>
#include <string>

namespace mstr::internal::aws {

struct SsoProfile {
  std::string profile;
  std::optional<std::string> session_name;  // `sso_session`; absent in the legacy form
  std::string start_url;
  std::string region;
  std::string account_id;
  std::string role_name;

  // "aws sso login --sso-session NAME" or "aws sso login --profile NAME".
  std::string login_command() const;
  // What the AWS CLI hashes to name the token file: the session name, else the start URL.
  std::string cache_key() const;
};

// The SSO settings of the profile `files` is on, from `[sso-session NAME]` when it names one;
// nullopt when the profile has none. Throws CredentialError when some are missing.
std::optional<SsoProfile> sso_profile_of(const ProfileFiles& files);

struct SsoToken {
  SecretValue access_token;
  Clock::time_point expires_at;
};

// A token cache file's text: a JSON object with accessToken and expiresAt. Throws CredentialError,
// never quoting the text, when it is anything else; the message ends with what to run.
SsoToken parse_sso_token(const std::string& text, const SsoProfile& profile);

// The role credentials for `profile`: its cached token read and checked, then GetRoleCredentials.
// A missing, unreadable, malformed or expired token, or one the portal refuses, is a CredentialError
// telling the user to log in again; a portal that cannot answer is a VaultUnavailableError.
AwsCredentials sso_role_credentials(const SsoProfile& profile, const ProviderContext& context,
                                    const RetryPolicy& policy);

}  // namespace mstr::internal::aws
