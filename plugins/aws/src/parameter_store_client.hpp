#pragma once
// SSM Parameter Store GetParameter, with SecureString parameters decrypted.

#include "aws_json_client.hpp"
#include "secret_locator.hpp"

namespace mstr::internal::aws {

class ParameterStoreClient {
 public:
  explicit ParameterStoreClient(AwsJsonClient& client) : client_(client) {}
  SecretValue get_parameter(const SecretLocator& locator, const std::string& region, const ProviderContext& context);

 private:
  AwsJsonClient& client_;
};

}  // namespace mstr::internal::aws
