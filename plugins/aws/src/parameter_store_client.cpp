#include "parameter_store_client.hpp"

#include "provider_error.hpp"

#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace mstr::internal::aws {

SecretValue ParameterStoreClient::get_parameter(const SecretLocator& locator, const std::string& region,
                                                const ProviderContext& context) {
  Poco::JSON::Object request;
  request.set("Name", locator.id);
  request.set("WithDecryption", true);
  std::ostringstream body;
  Poco::JSON::Stringifier::stringify(request, body);

  AwsJsonCall call;
  call.service = &parameter_store_service();
  call.region = region;
  call.endpoint = resolve_endpoint(*call.service, region, context.env);
  call.target = "AmazonSSM.GetParameter";
  call.body = body.str();
  call.subject = locator.describe(region);
  const auto answer = client_.call(call, context);

  const auto parameter = answer->getObject("Parameter");
  if (!parameter || !parameter->has("Value") || parameter->isNull("Value")) {
    throw provider_error("AWS SSM Parameter Store returned no Parameter.Value for " + call.subject);
  }
  return SecretValue(parameter->getValue<std::string>("Value"));
}

}  // namespace mstr::internal::aws
