#include "web_identity_credentials.hpp"

#include "aws_endpoints.hpp"
#include "profile_files.hpp"
#include "provider_error.hpp"
#include "sts_client.hpp"

#include <mstr/sdk/url_encoding.hpp>

#include <fstream>
#include <sstream>

namespace mstr::internal::aws {

CredentialLookup WebIdentityCredentials::load(const ProviderContext& context) {
  const std::string token_file = context.env.get("AWS_WEB_IDENTITY_TOKEN_FILE").value_or("");
  const std::string role_arn = context.env.get("AWS_ROLE_ARN").value_or("");
  if (token_file.empty()) return CredentialLookup::skipped("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  if (role_arn.empty()) throw provider_error("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  std::string session_name = context.env.get("AWS_ROLE_SESSION_NAME").value_or("");
  if (session_name.empty()) session_name = default_role_session_name();

  std::ifstream in(token_file, std::ios::binary);
  if (!in) throw provider_error("cannot read AWS_WEB_IDENTITY_TOKEN_FILE " + token_file);
  std::ostringstream token_stream;
  token_stream << in.rdbuf();
  std::string token = token_stream.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  if (token.empty()) throw provider_error("AWS_WEB_IDENTITY_TOKEN_FILE " + token_file + " is empty");

  const auto region = resolve_region(std::nullopt, context.env, ProfileFiles::load(context.env));
  std::string endpoint = resolve_endpoint(sts_service(), region.value_or("us-east-1"), context.env);
  if (!region && endpoint == "https://sts.us-east-1.amazonaws.com") endpoint = "https://sts.amazonaws.com";

  StsCall call;
  call.endpoint = endpoint;
  call.operation = "AssumeRoleWithWebIdentity";
  call.role_arn = role_arn;
  call.form =
      "&" +
      form_encode({{"RoleArn", role_arn}, {"RoleSessionName", session_name}, {"WebIdentityToken", token}});
  std::fill(token.begin(), token.end(), '\0');
  AwsCredentials credentials = call_sts(context.http, policy_, call);
  std::fill(call.form.begin(), call.form.end(), '\0');
  credentials.source = name();
  return CredentialLookup::found(std::move(credentials));
}

}  // namespace mstr::internal::aws
