#include "web_identity_credentials.hpp"

#include "aws_endpoints.hpp"
#include "profile_files.hpp"
#include "provider_error.hpp"

#include <mstr/sdk/errors.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/SAX/InputSource.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>

namespace mstr::internal::aws {
namespace {

std::string form_encode(const std::string& value) {
  std::string out;
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]~", out);
  return out;
}

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

}  // namespace

AwsCredentials parse_sts_credentials(const std::string& xml, int http_status) {
  Poco::AutoPtr<Poco::XML::Document> document;
  try {
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, true);
    document = parser.parseString(xml);
  } catch (const Poco::Exception&) {
    throw provider_error("AWS STS answered HTTP " + std::to_string(http_status) + " with a body that is not XML");
  }
  Poco::XML::Element* root = document->documentElement();
  if (const std::string code = text_of(root, "Code"); !code.empty() && find_element(root, "Error") != nullptr) {
    throw provider_error("AWS STS AssumeRoleWithWebIdentity failed (HTTP " + std::to_string(http_status) +
                         "): " + code + ": " + text_of(root, "Message"));
  }
  Poco::XML::Element* credentials_element = find_element(root, "Credentials");
  if (credentials_element == nullptr) {
    throw provider_error("AWS STS answered HTTP " + std::to_string(http_status) + " without Credentials");
  }
  AwsCredentials credentials;
  credentials.access_key_id = text_of(credentials_element, "AccessKeyId");
  credentials.secret_access_key = SecretValue(text_of(credentials_element, "SecretAccessKey"));
  credentials.session_token = SecretValue(text_of(credentials_element, "SessionToken"));
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    throw provider_error("AWS STS answered Credentials without AccessKeyId/SecretAccessKey");
  }
  if (const std::string expiration = text_of(credentials_element, "Expiration"); !expiration.empty()) {
    credentials.expiration = parse_expiration(expiration, "AWS STS");
  }
  return credentials;
}

CredentialLookup WebIdentityCredentials::load(const ProviderContext& context) {
  const std::string token_file = context.env.get("AWS_WEB_IDENTITY_TOKEN_FILE").value_or("");
  const std::string role_arn = context.env.get("AWS_ROLE_ARN").value_or("");
  if (token_file.empty()) return CredentialLookup::skipped("AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  if (role_arn.empty()) throw provider_error("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  std::string session_name = context.env.get("AWS_ROLE_SESSION_NAME").value_or("");
  if (session_name.empty()) {
    session_name = "mstr-rest-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                     Clock::now().time_since_epoch()).count());
  }

  std::ifstream in(token_file, std::ios::binary);
  if (!in) throw provider_error("cannot read AWS_WEB_IDENTITY_TOKEN_FILE " + token_file);
  std::ostringstream token_stream;
  token_stream << in.rdbuf();
  std::string token = token_stream.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) throw provider_error("AWS_WEB_IDENTITY_TOKEN_FILE " + token_file + " is empty");

  const auto region = resolve_region(std::nullopt, context.env, ProfileFiles::load(context.env));
  std::string endpoint = resolve_endpoint(sts_service(), region.value_or("us-east-1"), context.env);
  if (!region && endpoint == "https://sts.us-east-1.amazonaws.com") endpoint = "https://sts.amazonaws.com";

  HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.headers.emplace_back("Accept", "text/xml");
  request.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + form_encode(role_arn) +
                 "&RoleSessionName=" + form_encode(session_name) + "&WebIdentityToken=" + form_encode(token);
  std::fill(token.begin(), token.end(), '\0');

  HttpResponse response;
  try {
    response = send_with_backoff(context.http, request, policy_, [](const HttpResponse& r) {
      return r.status >= 500 || r.status == 429 || r.body.find("<Code>Throttling</Code>") != std::string::npos ||
             r.body.find("<Code>IDPCommunicationError</Code>") != std::string::npos;
    });
  } catch (const TransportError& error) {
    throw provider_error("AWS STS at " + endpoint + " could not be reached: " + error.what());
  }
  AwsCredentials credentials = parse_sts_credentials(response.body, response.status);
  if (!response.ok()) {
    throw provider_error("AWS STS AssumeRoleWithWebIdentity for role " + role_arn + " failed with HTTP " +
                         std::to_string(response.status));
  }
  credentials.source = name();
  return CredentialLookup::found(std::move(credentials));
}

}  // namespace mstr::internal::aws
