#pragma once
// One call to an AWS JSON 1.1 service: signed with the chain's credentials, retried on throttling
// and 5xx, errors turned into CredentialError naming the subject and AWS's error type.

#include "aws_endpoints.hpp"
#include "credential_chain.hpp"

#include <mstr/sdk/retry.hpp>

#include <Poco/JSON/Object.h>

#include <string>

namespace mstr::internal::aws {

struct AwsJsonCall {
  const ServiceEndpointInfo* service = nullptr;
  std::string endpoint;  // https://host[:port]
  std::string region;
  std::string target;    // "secretsmanager.GetSecretValue"
  std::string body;      // the JSON request
  std::string subject;   // "secret 'x' in region r", for messages
};

class AwsJsonClient {
 public:
  AwsJsonClient(CredentialChain& credentials, const RetryPolicy& policy);

  // The parsed JSON answer of a successful call. On ExpiredTokenException the cached credentials
  // are dropped and the call is made once more with fresh ones.
  Poco::JSON::Object::Ptr call(const AwsJsonCall& call, const ProviderContext& context);

 private:
  HttpResponse send_signed(const AwsJsonCall& call, const ProviderContext& context);

  CredentialChain& credentials_;
  RetryPolicy policy_;
};

// AWS's error type from a JSON 1.1 error body ("__type", without any "namespace#" prefix), or ""
// when the body names none.
std::string aws_error_type(const std::string& body);

}  // namespace mstr::internal::aws
