#include "sso_credentials.hpp"

#include "aws_endpoints.hpp"
#include "hashing.hpp"
#include "provider_error.hpp"
#include "sts_client.hpp"

#include <mstr/sdk/url_encoding.hpp>

#include <plugin_common/expiry_clamp.hpp>
#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/Exception.h>

#include <fstream>

namespace mstr::internal::aws {
namespace {

// Far above what the AWS CLI writes (a few hundred bytes), far below what could hurt.
constexpr std::size_t kMaxTokenFileBytes = 64 * 1024;

std::string setting(const ProfileSettings& section, const std::string& key) {
  const auto it = section.find(key);
  return it == section.end() ? std::string() : it->second;
}

std::string token_file_path(const SsoProfile& profile, const IEnvironment& env) {
  return env.get("HOME").value_or("") + "/.aws/sso/cache/" + sha1_hex(profile.cache_key()) + ".json";
}

std::string read_token_file(const std::string& path, const SsoProfile& profile) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw provider_error("no IAM Identity Center token for profile '" + profile.profile + "' (" + path +
                         " cannot be read); run `" + profile.login_command() + "`");
  }
  std::string text(kMaxTokenFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxTokenFileBytes) {
    throw provider_error("the IAM Identity Center token file " + path + " is larger than 64 KiB; run `" +
                         profile.login_command() + "`");
  }
  return text;
}

}  // namespace

std::string SsoProfile::login_command() const {
  return session_name ? "aws sso login --sso-session " + *session_name : "aws sso login --profile " + profile;
}

std::string SsoProfile::cache_key() const { return session_name ? *session_name : start_url; }

std::optional<SsoProfile> sso_profile_of(const ProfileFiles& files) {
  const ProfileSettings& section = files.config_section();
  const std::string session = setting(section, "sso_session");
  const std::string legacy_url = setting(section, "sso_start_url");
  if (session.empty() && legacy_url.empty()) return std::nullopt;

  SsoProfile profile;
  profile.profile = files.profile_name();
  if (!session.empty()) {
    const auto session_section = files.sso_session(session);
    if (!session_section) {
      throw provider_error("profile '" + profile.profile + "' names sso_session '" + session + "', but " +
                           files.config_path() + " has no [sso-session " + session + "] section");
    }
    profile.session_name = session;
    profile.start_url = setting(*session_section, "sso_start_url");
    profile.region = setting(*session_section, "sso_region");
  } else {
    profile.start_url = legacy_url;
    profile.region = setting(section, "sso_region");
  }
  profile.account_id = setting(section, "sso_account_id");
  profile.role_name = setting(section, "sso_role_name");
  std::string missing;
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"sso_start_url", &profile.start_url},
        {"sso_region", &profile.region},
        {"sso_account_id", &profile.account_id},
        {"sso_role_name", &profile.role_name}}) {
    if (value->empty()) missing += std::string(missing.empty() ? "" : ", ") + key;
  }
  if (!missing.empty()) {
    throw provider_error(
        "the IAM Identity Center profile '" + profile.profile + "' lacks " + missing +
        (profile.session_name ? " (in the profile or its [sso-session " + session + "] section)" : ""));
  }
  return profile;
}

SsoToken parse_sso_token(const std::string& text, const SsoProfile& profile) {
  const std::string again = "; run `" + profile.login_command() + "`";
  const auto object = common::parse_json_object(text);
  if (!object)
    throw provider_error("the IAM Identity Center token cache of profile '" + profile.profile +
                         "' is not a JSON object" + again);
  const auto text_member = [&](const std::string& key) {
    if (!object->has(key)) return std::string();
    const Poco::Dynamic::Var value = object->get(key);
    if (!value.isString()) {
      throw provider_error("the IAM Identity Center token cache of profile '" + profile.profile +
                           "' holds a " + key + " that is not a string" + again);
    }
    return value.extract<std::string>();
  };
  std::string token = text_member("accessToken");
  std::string expires = text_member("expiresAt");
  if (token.empty() || expires.empty()) {
    throw provider_error("the IAM Identity Center token cache of profile '" + profile.profile +
                         "' lacks accessToken or expiresAt" + again);
  }
  // Older AWS CLIs wrote "2026-11-30T10:00:00UTC".
  if (expires.size() > 3 && expires.compare(expires.size() - 3, 3, "UTC") == 0)
    expires.replace(expires.size() - 3, 3, "Z");
  SsoToken parsed;
  try {
    parsed.expires_at = parse_expiration(expires, "the IAM Identity Center token cache");
  } catch (const CredentialError&) {
    throw provider_error("the IAM Identity Center token cache of profile '" + profile.profile +
                         "' has an expiresAt that is not an ISO-8601 time" + again);
  }
  parsed.access_token = SecretValue(std::move(token));
  return parsed;
}

AwsCredentials sso_role_credentials(const SsoProfile& profile, const ProviderContext& context,
                                    const RetryPolicy& policy) {
  const std::string path = token_file_path(profile, context.env);
  const SsoToken token = parse_sso_token(read_token_file(path, profile), profile);
  if (token.expires_at <= Clock::now()) {
    throw provider_error("the IAM Identity Center token of profile '" + profile.profile +
                         "' has expired; run `" + profile.login_command() + "`");
  }

  const std::string endpoint = resolve_endpoint(sso_portal_service(), profile.region, context.env);
  HttpRequest request;
  request.method = "GET";
  request.url = endpoint + "/federation/credentials?" +
                form_encode({{"role_name", profile.role_name}, {"account_id", profile.account_id}});
  request.headers.emplace_back("x-amz-sso_bearer_token", std::string(token.access_token.reveal()));
  request.headers.emplace_back("Accept", "application/json");
  const std::string subject = "role " + profile.role_name + " in account " + profile.account_id +
                              " for profile '" + profile.profile + "'";

  HttpResponse response;
  try {
    response = send_with_retry(context.http, request, policy, common::is_transient_status);
  } catch (const TransportError& error) {
    throw provider_outage(sso_portal_service().display_name + " at " + endpoint +
                          " could not be reached for GetRoleCredentials of " + subject + ": " + error.what());
  }
  common::require_success(response, plugin_name, [&](common::StatusVerdict verdict) {
    const std::string& service = sso_portal_service().display_name;
    const std::string status = "HTTP " + std::to_string(response.status);
    switch (verdict) {
      case common::StatusVerdict::outage:
        return service + " at " + endpoint + " kept failing GetRoleCredentials of " + subject + " (" +
               status + ")";
      case common::StatusVerdict::access_denied:
        return service + " refused the token of profile '" + profile.profile + "' for " + subject + " (" +
               status + "); run `" + profile.login_command() + "`, and check the account and role names";
      default:
        return service + " GetRoleCredentials failed for " + subject + " (" + status + ")";
    }
  });
  const auto object = common::parse_json_object(response.body);
  const auto role = object ? object->getObject("roleCredentials") : nullptr;
  if (!role) {
    throw provider_error(sso_portal_service().display_name + " answered GetRoleCredentials for " + subject +
                         " without roleCredentials");
  }
  AwsCredentials credentials;
  try {
    credentials.access_key_id = role->optValue<std::string>("accessKeyId", "");
    credentials.secret_access_key = SecretValue(role->optValue<std::string>("secretAccessKey", ""));
    credentials.session_token = SecretValue(role->optValue<std::string>("sessionToken", ""));
    if (role->has("expiration"))
      credentials.expiration = common::expiry_at(role->getValue<Poco::Int64>("expiration") / 1000);
  } catch (const Poco::Exception&) {
    throw provider_error(sso_portal_service().display_name +
                         " answered roleCredentials of the wrong types for " + subject);
  }
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw provider_error(sso_portal_service().display_name +
                         " answered roleCredentials without accessKeyId/secretAccessKey for " + subject);
  }
  credentials.source = "IAM Identity Center profile '" + profile.profile + "'";
  return credentials;
}

}  // namespace mstr::internal::aws
