#include "secrets_manager_client.hpp"

#include "provider_error.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <iterator>
#include <sstream>

namespace mstr::internal::aws {
namespace {

std::string decode_base64(const std::string& text, const std::string& subject) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  // istream::read() turns the decoder's exception on a bad character into badbit; thrown through
  // std::string's iterator constructor instead, it leaked the partly decoded secret.
  std::string out;
  char chunk[512];
  while (decoder.read(chunk, sizeof chunk) || decoder.gcount() > 0) {
    out.append(chunk, static_cast<std::size_t>(decoder.gcount()));
  }
  std::fill(std::begin(chunk), std::end(chunk), '\0');
  if (decoder.bad()) {
    throw provider_error("AWS Secrets Manager returned a SecretBinary for " + subject + " that is not base64");
  }
  return out;
}

}  // namespace

SecretValue SecretsManagerClient::get_secret_value(const SecretLocator& locator, const std::string& region,
                                                   const ProviderContext& context) {
  Poco::JSON::Object request;
  request.set("SecretId", locator.id);
  if (locator.version_id) request.set("VersionId", *locator.version_id);
  if (locator.version_stage) request.set("VersionStage", *locator.version_stage);
  std::ostringstream body;
  Poco::JSON::Stringifier::stringify(request, body);

  AwsJsonCall call;
  call.service = &secrets_manager_service();
  call.region = region;
  call.endpoint = resolve_endpoint(*call.service, region, context.env);
  call.target = "secretsmanager.GetSecretValue";
  call.body = body.str();
  call.subject = locator.describe(region);
  const auto answer = client_.call(call, context);

  if (answer->has("SecretString") && !answer->isNull("SecretString")) {
    return SecretValue(answer->getValue<std::string>("SecretString"));
  }
  if (answer->has("SecretBinary") && !answer->isNull("SecretBinary")) {
    return SecretValue(decode_base64(answer->getValue<std::string>("SecretBinary"), call.subject));
  }
  throw provider_error("AWS Secrets Manager returned neither SecretString nor SecretBinary for " + call.subject);
}

}  // namespace mstr::internal::aws
