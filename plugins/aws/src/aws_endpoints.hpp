#pragma once
// Where requests go: the region a request is for, and each service's endpoint, resolved the way the
// AWS SDKs do.

#include "profile_files.hpp"

#include <mstr/sdk/environment.hpp>

#include <optional>
#include <string>

namespace mstr::internal::aws {

// The service's SigV4 signing name and its identifier in AWS_ENDPOINT_URL_<ID>.
struct ServiceEndpointInfo {
  std::string signing_name;  // "secretsmanager", "ssm", "sts"
  std::string env_suffix;    // "SECRETS_MANAGER", "SSM", "STS"
  std::string display_name;  // "AWS Secrets Manager"
  std::string host_prefix;   // the regional host's first labels when not the signing name ("portal.sso")
};

const ServiceEndpointInfo& secrets_manager_service();
const ServiceEndpointInfo& parameter_store_service();
const ServiceEndpointInfo& sts_service();
const ServiceEndpointInfo& sso_portal_service();

// The reference's region, then AWS_REGION, AWS_DEFAULT_REGION, then the profile's `region`;
// nullopt when none says.
std::optional<std::string> resolve_region(const std::optional<std::string>& from_reference,
                                          const IEnvironment& env, const ProfileFiles& profile);

// AWS_ENDPOINT_URL_<ID>, then AWS_ENDPOINT_URL, then the profile's `endpoint_url` when given, then
// https://<service>.<region>.amazonaws.com. Throws CredentialError for an endpoint that is neither
// https:// nor http:// to a loopback host.
std::string resolve_endpoint(const ServiceEndpointInfo& service, const std::string& region,
                             const IEnvironment& env,
                             const std::optional<std::string>& profile_endpoint = std::nullopt);

// Throws CredentialError (not ConfigurationError) so that every failure of the plugin is one type.
void require_secure_endpoint(const std::string& url, const std::string& what);

}  // namespace mstr::internal::aws
