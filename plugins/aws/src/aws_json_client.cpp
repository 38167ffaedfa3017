#include "aws_json_client.hpp"

#include "provider_error.hpp"
#include "sigv4_signer.hpp"

#include <mstr/sdk/errors.hpp>

#include <plugin_common/json_object.hpp>
#include <plugin_common/status_errors.hpp>

#include <set>

namespace mstr::internal::aws {
namespace {

bool is_throttling(const std::string& type) {
  static const std::set<std::string> types{"ThrottlingException",
                                           "Throttling",
                                           "ThrottledException",
                                           "TooManyRequestsException",
                                           "RequestLimitExceeded",
                                           "RequestThrottledException",
                                           "ProvisionedThroughputExceededException"};
  return types.count(type) != 0;
}

std::string hint_for(const std::string& type) {
  if (type == "ResourceNotFoundException" || type == "ParameterNotFound")
    return " (check the name and the region)";
  if (type == "AccessDeniedException")
    return " (the credentials' policy does not allow this read or the KMS key)";
  if (type == "ExpiredTokenException") return " (the temporary credentials have expired; refresh them)";
  if (type == "UnrecognizedClientException" || type == "InvalidSignatureException" ||
      type == "IncompleteSignature") {
    return " (the access key or secret key is wrong)";
  }
  if (type == "DecryptionFailure") return " (KMS could not decrypt it with the credentials given)";
  return {};
}

// What send_with_retry() repeats, and what is an outage when it is still the answer after the retries.
bool is_retryable(const HttpResponse& response) {
  return common::status_verdict(response.status) == common::StatusVerdict::outage ||
         (response.status == 400 && is_throttling(aws_error_type(response.body)));
}

}  // namespace

std::string aws_error_type(const std::string& body) {
  const auto object = common::parse_json_object(body);
  if (!object) return {};
  std::string type = object->optValue<std::string>("__type", "");
  if (type.empty()) type = object->optValue<std::string>("code", "");
  if (const auto hash = type.rfind('#'); hash != std::string::npos) type.erase(0, hash + 1);
  if (const auto colon = type.find(':'); colon != std::string::npos) type.erase(colon);
  return type;
}

AwsJsonClient::AwsJsonClient(CredentialChain& credentials, const RetryPolicy& policy)
    : credentials_(credentials), policy_(policy) {}

HttpResponse AwsJsonClient::send_signed(const AwsJsonCall& call, const ProviderContext& context) {
  const AwsCredentials credentials = credentials_.get(context);
  HttpRequest request;
  request.method = "POST";
  request.url = call.endpoint + "/";
  request.headers.emplace_back("Content-Type", "application/x-amz-json-1.1");
  request.headers.emplace_back("X-Amz-Target", call.target);
  request.body = call.body;
  SigV4Signer(call.service->signing_name, call.region).sign(request, credentials, Clock::now());
  try {
    return send_with_retry(context.http, request, policy_, is_retryable);
  } catch (const TransportError& error) {
    throw provider_outage(call.service->display_name + " at " + call.endpoint + " could not be reached for " +
                          call.subject + ": " + error.what());
  }
}

Poco::JSON::Object::Ptr AwsJsonClient::call(const AwsJsonCall& call, const ProviderContext& context) {
  const std::string operation = call.target.substr(call.target.find('.') + 1);
  HttpResponse response = send_signed(call, context);
  if (!response.ok() && aws_error_type(response.body) == "ExpiredTokenException") {
    context.logger.information("AWS credentials expired early; fetching new ones and retrying " + operation);
    credentials_.invalidate();
    response = send_signed(call, context);
  }
  if (!response.ok()) {
    const std::string type = aws_error_type(response.body);
    std::string message;
    if (const auto object = common::parse_json_object(response.body)) {
      message = object->optValue<std::string>("message", object->optValue<std::string>("Message", ""));
    }
    const std::string text = call.service->display_name + " " + operation + " failed for " + call.subject +
                             ": " + (type.empty() ? "HTTP " + std::to_string(response.status) : type) +
                             (message.empty() ? "" : ": " + message) + hint_for(type);
    const bool outage = is_retryable(response);
    common::throw_status_error(
        outage ? common::StatusVerdict::outage : common::status_verdict(response.status),
        outage ? text + " (still failing after the retries)" : text, plugin_name);
  }
  auto object = common::parse_json_object(response.body);
  if (!object) {
    throw provider_error(call.service->display_name + " " + operation + " for " + call.subject +
                         " answered a body that is not a JSON object");
  }
  return object;
}

}  // namespace mstr::internal::aws
