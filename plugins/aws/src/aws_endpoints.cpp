#include "aws_endpoints.hpp"

#include "provider_error.hpp"

#include <mstr/sdk/http_client.hpp>

namespace mstr::internal::aws {

const ServiceEndpointInfo& secrets_manager_service() {
  static const ServiceEndpointInfo info{"secretsmanager", "SECRETS_MANAGER", "AWS Secrets Manager", ""};
  return info;
}

const ServiceEndpointInfo& parameter_store_service() {
  static const ServiceEndpointInfo info{"ssm", "SSM", "AWS SSM Parameter Store", ""};
  return info;
}

const ServiceEndpointInfo& sts_service() {
  static const ServiceEndpointInfo info{"sts", "STS", "AWS STS", ""};
  return info;
}

const ServiceEndpointInfo& sso_portal_service() {
  static const ServiceEndpointInfo info{"awsssoportal", "SSO", "the AWS IAM Identity Center portal",
                                        "portal.sso"};
  return info;
}

std::optional<std::string> resolve_region(const std::optional<std::string>& from_reference,
                                          const IEnvironment& env, const ProfileFiles& profile) {
  if (from_reference && !from_reference->empty()) return from_reference;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (auto value = env.get(name); value && !value->empty()) return value;
  }
  return profile.get("region");
}

void require_secure_endpoint(const std::string& url, const std::string& what) {
  try {
    require_secure_url(url, what);
  } catch (const ConfigurationError& error) {
    throw provider_error(error.what());
  }
}

std::string resolve_endpoint(const ServiceEndpointInfo& service, const std::string& region,
                             const IEnvironment& env, const std::optional<std::string>& profile_endpoint) {
  const auto configured = [&](std::string url, const std::string& origin) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    require_secure_endpoint(url, service.display_name + " endpoint (" + origin + ")");
    return url;
  };
  const bool ignore_configured = env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").value_or("") == "true";
  if (!ignore_configured) {
    for (const std::string& name :
         {"AWS_ENDPOINT_URL_" + service.env_suffix, std::string("AWS_ENDPOINT_URL")}) {
      if (auto value = env.get(name); value && !value->empty()) return configured(*value, name);
    }
    if (profile_endpoint && !profile_endpoint->empty())
      return configured(*profile_endpoint, "the profile's endpoint_url");
  }
  return "https://" + (service.host_prefix.empty() ? service.signing_name : service.host_prefix) + "." +
         region + ".amazonaws.com";
}

}  // namespace mstr::internal::aws
