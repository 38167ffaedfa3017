#include "container_credentials.hpp"

#include "aws_endpoints.hpp"
#include "provider_error.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/errors.hpp>

#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>
#include <plugin_common/transient_status.hpp>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>

namespace mstr::internal::aws {
namespace {

// The fixed link-local addresses ECS and EKS Pod Identity serve credentials on; plain http:// is
// how they are reached, so they are accepted besides loopback.
bool is_container_host(const std::string& host) {
  return host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]" ||
         host == "fd00:ec2::23";
}

std::string read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw provider_error("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " + path);
  std::ostringstream out;
  out << in.rdbuf();
  std::string token = out.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

}  // namespace

CredentialLookup ContainerCredentials::load(const ProviderContext& context) {
  const auto relative = context.env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const auto full = context.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  std::string url;
  if (relative && !relative->empty()) {
    url = "http://169.254.170.2" + (relative->front() == '/' ? *relative : "/" + *relative);
  } else if (full && !full->empty()) {
    url = *full;
    Poco::URI uri;
    try {
      uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
      throw provider_error("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL");
    }
    if (!(uri.getScheme() == "http" && is_container_host(uri.getHost()))) {
      require_secure_endpoint(url, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
    }
  } else {
    return CredentialLookup::skipped("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI are not set");
  }

  HttpRequest request;
  request.url = url;
  request.headers.emplace_back("Accept", "application/json");
  std::string token;
  if (const auto file = context.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); file && !file->empty()) {
    token = read_token_file(*file);
  } else if (const auto value = context.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *value;
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    throw provider_error("the container authorization token contains a line break");
  }
  if (!token.empty()) request.headers.emplace_back("Authorization", token);

  const std::string what = "the container credentials endpoint";
  HttpResponse response;
  try {
    response =
        send_with_retry(context.http, request,
                          RetryPolicy{3, std::chrono::milliseconds(100), std::chrono::milliseconds(1000),
                                        std::chrono::milliseconds(5000)},
                          common::is_transient_status);
  } catch (const TransportError& error) {
    throw provider_outage(what + " could not be reached: " + error.what());
  }
  common::require_success(response, plugin_name, [&](common::StatusVerdict verdict) {
    const std::string status = "HTTP " + std::to_string(response.status);
    switch (verdict) {
      case common::StatusVerdict::outage:
        return what + " kept answering " + status;
      case common::StatusVerdict::access_denied:
        return what + " answered " + status + " (check AWS_CONTAINER_AUTHORIZATION_TOKEN/_FILE)";
      default:
        return what + " answered " + status;
    }
  });
  const auto object = common::parse_json_object(response.body);
  if (!object) throw provider_error(what + " did not answer a JSON object");
  AwsCredentials credentials = credentials_from_json(*object, "Token", what);
  credentials.source = name();
  return CredentialLookup::found(std::move(credentials));
}

}  // namespace mstr::internal::aws
