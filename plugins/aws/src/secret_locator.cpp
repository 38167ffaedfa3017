#include "secret_locator.hpp"

#include "provider_error.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace mstr::internal::aws {
namespace {

// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE
std::optional<std::string> arn_region(const std::string& id) {
  if (id.rfind("arn:", 0) != 0) return std::nullopt;
  std::vector<std::string> parts;
  std::size_t begin = 0;
  for (int i = 0; i < 4; ++i) {
    const auto colon = id.find(':', begin);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(id.substr(begin, colon - begin));
    begin = colon + 1;
  }
  if (parts[3].empty()) return std::nullopt;
  return parts[3];
}

// The secret name inside a Secrets Manager ARN, without the "-XXXXXX" suffix AWS appends to it.
std::optional<std::string> secret_arn_name(const std::string& id) {
  if (id.rfind("arn:", 0) != 0) return std::nullopt;
  std::size_t begin = 0;
  std::vector<std::string> parts;
  for (int i = 0; i < 6; ++i) {
    const auto colon = id.find(':', begin);
    if (colon == std::string::npos) return std::nullopt;
    parts.push_back(id.substr(begin, colon - begin));
    begin = colon + 1;
  }
  if (parts[2] != "secretsmanager" || parts[5] != "secret" || begin >= id.size()) return std::nullopt;
  std::string name = id.substr(begin);
  const auto dash = name.size() > 7 ? name.size() - 7 : std::string::npos;
  if (dash != std::string::npos && name[dash] == '-' &&
      std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dash) + 1, name.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
    name.resize(dash);
  }
  return name;
}

bool valid_region(const std::string& region) {
  if (region.empty() || region.size() > 64) return false;
  for (const char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// A profile name as the AWS CLI accepts it, without what could confuse a section header or a log line.
bool valid_profile(const std::string& profile) {
  if (profile.empty() || profile.size() > 128) return false;
  for (const char c : profile) {
    if (static_cast<unsigned char>(c) < 0x21 || c == '[' || c == ']' || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

SecretLocator SecretLocator::parse(const CredentialReference& reference) {
  SecretLocator locator;
  const std::string& scheme = reference.scheme();
  if (scheme == "aws-sm") {
    locator.service = AwsService::secrets_manager;
  } else if (scheme == "aws-ssm") {
    locator.service = AwsService::parameter_store;
  } else {
    throw provider_error("the AWS provider does not handle the scheme '" + scheme + "'");
  }
  locator.id = reference.path();
  const std::string what = scheme == "aws-sm" ? "secret id" : "parameter name";
  if (locator.id.empty())
    throw provider_error(scheme + ": reference has no " + what + " (expected " + scheme + ":NAME)");

  std::map<std::string, std::string> query;
  try {
    query = reference.query();
  } catch (const CredentialError& error) {
    throw provider_error(error.what());
  }
  for (const auto& [key, value] : query) {
    if (key == "region") {
      if (!valid_region(value))
        throw provider_error(scheme + ":" + locator.id + ": '" + value + "' is not an AWS region name");
      locator.region = value;
    } else if (key == "profile") {
      if (!valid_profile(value)) {
        throw provider_error(
            scheme + ":" + locator.id + ": profile='" + value +
            "' is not a profile name (1 to 128 printable characters, no spaces or brackets)");
      }
      locator.profile = value;
    } else if (key == "version-id" && locator.service == AwsService::secrets_manager) {
      locator.version_id = value;
    } else if (key == "version-stage" && locator.service == AwsService::secrets_manager) {
      locator.version_stage = value;
    } else {
      throw provider_error(scheme + ":" + locator.id + ": unknown option '" + key + "' (allowed: " +
                           (locator.service == AwsService::secrets_manager
                                ? "region, profile, version-id, version-stage"
                                : "region, profile") +
                           ")");
    }
  }
  if (const auto from_arn = arn_region(locator.id)) {
    if (locator.region && *locator.region != *from_arn) {
      throw provider_error(scheme + ":" + locator.id + ": region=" + *locator.region +
                           " contradicts the ARN's region " + *from_arn);
    }
    locator.region = from_arn;
  }
  return locator;
}

std::string SecretLocator::cache_key() const {
  std::string name = id;
  if (service == AwsService::secrets_manager) {
    if (const auto resource = secret_arn_name(id)) name = *resource;
  }
  std::string key = std::string(service == AwsService::secrets_manager ? "aws-sm" : "aws-ssm") + ":" +
                    (region ? *region : "(default region)") + ":" + name;
  std::string options;
  if (profile) options += "&profile=" + *profile;
  if (version_id) options += "&version-id=" + *version_id;
  if (version_stage) options += "&version-stage=" + *version_stage;
  if (!options.empty()) key += "?" + options.substr(1);
  return key;
}

std::string SecretLocator::describe(const std::string& resolved_region) const {
  return std::string(service == AwsService::secrets_manager ? "secret '" : "parameter '") + id +
         "' in region " + resolved_region;
}

}  // namespace mstr::internal::aws
