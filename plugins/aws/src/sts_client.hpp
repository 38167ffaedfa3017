#pragma once
// AWS STS's Query API: a form POST answered in XML. AssumeRole is signed with the source
// credentials; AssumeRoleWithWebIdentity is not signed at all.

#include "aws_credentials.hpp"

#include <mstr/sdk/retry.hpp>
#include <mstr/sdk/http_client.hpp>

#include <optional>
#include <string>

namespace mstr::internal::aws {

// "mstr-rest-<seconds since the epoch>", the session name when none is configured (botocore makes
// up "botocore-session-<seconds>" the same way).
std::string default_role_session_name();

// The credentials in an AssumeRole*Response document; throws CredentialError naming STS's error
// Code from an ErrorResponse document, or on a document of neither shape. `operation` names the
// call in messages.
AwsCredentials parse_sts_credentials(const std::string& xml, int http_status, const std::string& operation);

struct StsCall {
  std::string endpoint;   // https://host[:port]
  std::string operation;  // "AssumeRole"
  std::string role_arn;   // for messages
  std::string form;       // the parameters after Action and Version, already encoded ("&RoleArn=...")
};

// Sends `call`, signed for `region` with `signer` when given, retrying throttling and 5xx within
// `policy`. Throws VaultUnavailableError when STS could not be reached or kept failing or throttling,
// CredentialError for any other refusal or a malformed answer.
AwsCredentials call_sts(IHttpClient& http, const RetryPolicy& policy, const StsCall& call,
                        const AwsCredentials* signer = nullptr, const std::string& region = {});

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;
  std::optional<std::string> external_id;
  std::optional<int> duration_seconds;
};

// STS AssumeRole signed with `source` for `region` at `endpoint`.
AwsCredentials assume_role(IHttpClient& http, const RetryPolicy& policy, const AssumeRoleRequest& request,
                           const AwsCredentials& source, const std::string& region,
                           const std::string& endpoint);

}  // namespace mstr::internal::aws
