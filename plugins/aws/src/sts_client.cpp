#include "sts_client.hpp"

#include "aws_endpoints.hpp"
#include "provider_error.hpp"
#include "sigv4_signer.hpp"

#include <mstr/sdk/errors.hpp>
#include <mstr/sdk/url_encoding.hpp>

#include <plugin_common/status_errors.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>

namespace mstr::internal::aws {
namespace {

// The first descendant element called `name`, whatever its namespace prefix.
Poco::XML::Element* find_element(Poco::XML::Element* root, const std::string& name) {
  if (root == nullptr) return nullptr;
  Poco::AutoPtr<Poco::XML::NodeList> nodes = root->getElementsByTagName(name);
  if (nodes->length() == 0) nodes = root->getElementsByTagNameNS("*", name);
  return nodes->length() == 0 ? nullptr : dynamic_cast<Poco::XML::Element*>(nodes->item(0));
}

std::string text_of(Poco::XML::Element* root, const std::string& name) {
  Poco::XML::Element* element = find_element(root, name);
  return element == nullptr ? std::string() : element->innerText();
}

Poco::AutoPtr<Poco::XML::Document> parse_xml(const std::string& xml) {
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
  // STS never sends a DTD: refusing entities keeps a hostile answer from expanding them.
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  return parser.parseString(xml);
}

// STS's error Code in an ErrorResponse body, or "" when the body holds none.
std::string sts_error_code(const std::string& xml) {
  if (xml.find("<Code>") == std::string::npos) return {};
  try {
    return text_of(parse_xml(xml)->documentElement(), "Code");
  } catch (const Poco::Exception&) {
    return {};
  }
}

bool is_throttling_code(const std::string& code) {
  return code == "Throttling" || code == "ThrottlingException" || code == "RequestLimitExceeded" ||
         code == "IDPCommunicationError";
}

// What send_with_retry() repeats, and what is an outage when it is still the answer after the
// retries: STS throttles with a 400 as well.
bool is_outage(const HttpResponse& response) {
  return common::status_verdict(response.status) == common::StatusVerdict::outage ||
         is_throttling_code(sts_error_code(response.body));
}

}  // namespace

std::string default_role_session_name() {
  return "mstr-rest-" +
         std::to_string(
             std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count());
}

AwsCredentials parse_sts_credentials(const std::string& xml, int http_status, const std::string& operation) {
  Poco::AutoPtr<Poco::XML::Document> document;
  try {
    document = parse_xml(xml);
  } catch (const Poco::Exception&) {
    throw provider_error("AWS STS answered " + operation + " with HTTP " + std::to_string(http_status) +
                         " and a body that is not XML");
  }
  Poco::XML::Element* root = document->documentElement();
  if (const std::string code = text_of(root, "Code");
      !code.empty() && find_element(root, "Error") != nullptr) {
    throw provider_error("AWS STS " + operation + " failed (HTTP " + std::to_string(http_status) +
                         "): " + code + ": " + text_of(root, "Message"));
  }
  Poco::XML::Element* credentials_element = find_element(root, "Credentials");
  if (credentials_element == nullptr) {
    throw provider_error("AWS STS answered " + operation + " with HTTP " + std::to_string(http_status) +
                         " without Credentials");
  }
  AwsCredentials credentials;
  credentials.access_key_id = text_of(credentials_element, "AccessKeyId");
  credentials.secret_access_key = SecretValue(text_of(credentials_element, "SecretAccessKey"));
  credentials.session_token = SecretValue(text_of(credentials_element, "SessionToken"));
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw provider_error("AWS STS answered " + operation +
                         " with Credentials without AccessKeyId/SecretAccessKey");
  }
  if (const std::string expiration = text_of(credentials_element, "Expiration"); !expiration.empty()) {
    credentials.expiration = parse_expiration(expiration, "AWS STS");
  }
  return credentials;
}

AwsCredentials call_sts(IHttpClient& http, const RetryPolicy& policy, const StsCall& call,
                        const AwsCredentials* signer, const std::string& region) {
  HttpRequest request;
  request.method = "POST";
  request.url = call.endpoint + "/";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.headers.emplace_back("Accept", "text/xml");
  request.body = "Action=" + call.operation + "&Version=2011-06-15" + call.form;
  if (signer != nullptr) SigV4Signer(sts_service().signing_name, region).sign(request, *signer, Clock::now());

  HttpResponse response;
  try {
    response = send_with_retry(http, request, policy, is_outage);
  } catch (const TransportError& error) {
    throw provider_outage("AWS STS at " + call.endpoint + " could not be reached for " + call.operation +
                          " of role " + call.role_arn + ": " + error.what());
  }
  if (is_outage(response)) {
    const std::string code = sts_error_code(response.body);
    throw provider_outage("AWS STS at " + call.endpoint + " kept failing " + call.operation + " of role " +
                          call.role_arn + " (HTTP " + std::to_string(response.status) +
                          (code.empty() ? "" : ", " + code) + ") after " +
                          std::to_string(policy.max_attempts) + " attempts");
  }
  // An ErrorResponse is read for its Code: that is the message of a refusal.
  AwsCredentials credentials = parse_sts_credentials(response.body, response.status, call.operation);
  common::require_success(response, plugin_name, [&](common::StatusVerdict) {
    return "AWS STS " + call.operation + " of role " + call.role_arn + " failed with HTTP " +
           std::to_string(response.status);
  });
  return credentials;
}

AwsCredentials assume_role(IHttpClient& http, const RetryPolicy& policy, const AssumeRoleRequest& request,
                           const AwsCredentials& source, const std::string& region,
                           const std::string& endpoint) {
  StsCall call;
  call.endpoint = endpoint;
  call.operation = "AssumeRole";
  call.role_arn = request.role_arn;
  FormFields fields{{"RoleArn", request.role_arn}, {"RoleSessionName", request.session_name}};
  if (request.external_id) fields.emplace_back("ExternalId", *request.external_id);
  if (request.duration_seconds)
    fields.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  call.form = "&" + form_encode(fields);
  return call_sts(http, policy, call, &source, region);
}

}  // namespace mstr::internal::aws
