#include "secrets_manager_client.hpp"

#include "provider_error.hpp"

#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <utility>

namespace mstr::internal::aws {

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
    if (auto secret = decode_base64_secret(answer->getValue<std::string>("SecretBinary"))) return std::move(*secret);
    throw provider_error("AWS Secrets Manager returned a SecretBinary for " + call.subject + " that is not base64");
  }
  throw provider_error("AWS Secrets Manager returned neither SecretString nor SecretBinary for " + call.subject);
}

}  // namespace mstr::internal::aws
