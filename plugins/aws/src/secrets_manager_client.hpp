#pragma once
// Secrets Manager GetSecretValue.

#include "aws_json_client.hpp"
#include "secret_locator.hpp"

namespace mstr::internal::aws {

class SecretsManagerClient {
 public:
  explicit SecretsManagerClient(AwsJsonClient& client) : client_(client) {}
  // SecretString, or SecretBinary decoded from base64 when the secret has no string.
  SecretValue get_secret_value(const SecretLocator& locator, const std::string& region, const ProviderContext& context);

 private:
  AwsJsonClient& client_;
};

}  // namespace mstr::internal::aws
