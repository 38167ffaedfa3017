#include "instance_metadata_credentials.hpp"

#include "aws_endpoints.hpp"
#include "provider_error.hpp"

#include <mstr/sdk/errors.hpp>

#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace mstr::internal::aws {
namespace {

constexpr const char* default_endpoint = "http://169.254.169.254";

std::string endpoint_from(const IEnvironment& env) {
  std::string endpoint = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("");
  if (endpoint.empty()) {
    endpoint = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("") == "IPv6"
                   ? "http://[fd00:ec2::254]"
                   : default_endpoint;
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  Poco::URI uri;
  try {
    uri = Poco::URI(endpoint);
  } catch (const Poco::Exception&) {
    throw provider_error("AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL");
  }
  // The metadata service's own link-local addresses are reached over plain http:// by design.
  const bool metadata_host = uri.getHost() == "169.254.169.254" || uri.getHost() == "fd00:ec2::254" ||
                             uri.getHost() == "[fd00:ec2::254]";
  if (!(uri.getScheme() == "http" && metadata_host)) {
    require_secure_endpoint(endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
  }
  return endpoint;
}

}  // namespace

CredentialLookup InstanceMetadataCredentials::load(const ProviderContext& context) {
  if (Poco::toLower(context.env.get("AWS_EC2_METADATA_DISABLED").value_or("")) == "true") {
    return CredentialLookup::skipped("AWS_EC2_METADATA_DISABLED is true");
  }
  const std::string endpoint = endpoint_from(context.env);
  const std::string what = "the EC2 instance metadata service at " + endpoint;

  auto send = [&](HttpRequest request) {
    request.timeout = timeout_;
    return context.http.send(request);
  };

  HttpRequest token_request;
  token_request.method = "PUT";
  token_request.url = endpoint + "/latest/api/token";
  token_request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", "21600");
  HttpResponse token;
  try {
    token = send(token_request);
  } catch (const TransportError&) {
    return CredentialLookup::skipped("no instance metadata service answered at " + endpoint);
  }
  if (!token.ok() || token.body.empty()) {
    throw provider_error(what + " refused an IMDSv2 session token (HTTP " + std::to_string(token.status) +
                         ")");
  }

  auto get = [&](const std::string& path) {
    HttpRequest request;
    request.url = endpoint + path;
    request.headers.emplace_back("X-aws-ec2-metadata-token", token.body);
    HttpResponse response;
    try {
      response = send(request);
    } catch (const TransportError& error) {
      throw provider_outage(what + " stopped answering: " + error.what());
    }
    // No role, or none of that name: the caller says which.
    if (response.status == 404) return std::optional<std::string>();
    common::require_success(response, plugin_name, [&](common::StatusVerdict) {
      return what + " answered HTTP " + std::to_string(response.status) + " for " + path;
    });
    return std::optional<std::string>(response.body);
  };

  const std::string base = "/latest/meta-data/iam/security-credentials/";
  const auto roles = get(base);
  std::string role = roles ? roles->substr(0, roles->find('\n')) : std::string();
  Poco::trimInPlace(role);
  if (role.empty()) throw provider_error(what + " has no IAM role attached to this instance");
  if (role.find_first_of("/?#") != std::string::npos) throw provider_error(what + " named an invalid role");

  const auto document = get(base + role);
  if (!document) throw provider_error(what + " has no credentials for role '" + role + "'");
  const auto object = common::parse_json_object(*document);
  if (!object) throw provider_error(what + " did not answer a JSON object for role '" + role + "'");
  if (const std::string code = object->optValue<std::string>("Code", "Success"); code != "Success") {
    throw provider_error(what + " reported " + code + " for role '" + role + "'");
  }
  AwsCredentials credentials = credentials_from_json(*object, "Token", what);
  credentials.source = name();
  return CredentialLookup::found(std::move(credentials));
}

}  // namespace mstr::internal::aws
